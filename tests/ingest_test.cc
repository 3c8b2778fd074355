// The ingester (ingest/ingester.h) over a real folder and a real database: what a re-ingest does,
// and the files of the folder it does not read.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <random>

#include "base/file.h"
#include "case_file.h"
#include "ingest/ingester.h"
#include "report/calendar.h"
#include "report/resources.h"
#include "store/store.h"
#include "temp_dir.h"

using namespace jiedao;
namespace fs = std::filesystem;

namespace {

// A folder of its own for each test, removed with it.
struct TempDir : testing::TempDir {
  TempDir() : testing::TempDir("ingest") {}
};
using testing::write;

const std::string kReport =
    "浦东新区曹路镇2021年工作总结\n\n2021年,全镇新增就业岗位1234个,拆除违法建筑56处。\n";

struct Fixture {
  TempDir dir;
  fs::path reports = dir.path / "reports";
  fs::path data = dir.path / "data";
  std::string db = (dir.path / "jiedao.db").string();
  Fixture() {
    fs::create_directories(reports);
    testing::copy_data_folder(data);
    for (const char* id : {"000_43a5f00219611df0", "003_4e421769b578671e"}) {
      fs::copy_file(testing::source_path("data/reports") / (std::string(id) + ".txt"),
                    reports / (std::string(id) + ".txt"));
    }
  }
};

std::string indicator_of(const store::Store& store, const std::string& report, const std::string& quote) {
  store::FactFilter filter;
  filter.report = report;
  filter.limit = 10000;
  auto facts = store.facts(filter);
  REQUIRE(facts);
  for (const auto& f : facts.value()) {
    if (f.quote == quote) return f.fact.indicator;
  }
  return "(no such fact)";
}

}  // namespace

TEST_CASE("ingest: a sync adds, skips unchanged, replaces changed and removes gone files", "[ingest]") {
  Fixture fx;
  auto resources = report::load_resources(fx.data.string());
  REQUIRE(resources);
  auto fingerprint = ingest::data_fingerprint(fx.data.string());
  REQUIRE(fingerprint);
  auto store = store::Store::open(fx.db);
  REQUIRE(store);
  ingest::Ingester ingester(store.value(), resources.value(), fingerprint.value());

  ingest::Summary first = ingester.sync(fx.reports.string());
  CHECK(first.added == 2);
  CHECK(first.failed == 0);
  const int64_t facts = store.value().count_facts().value();
  CHECK(facts > 100);

  ingest::Summary again = ingester.sync(fx.reports.string());
  CHECK(again.unchanged == 2);
  CHECK(again.facts == 0);
  CHECK(store.value().count_facts().value() == facts);

  write(fx.reports / "caolu.txt", kReport);
  CHECK(ingester.sync(fx.reports.string()).added == 1);
  CHECK(store.value().count_facts().value() == facts + 2);

  std::string changed = kReport;
  changed.replace(changed.find("1234"), 4, "4321");
  write(fx.reports / "caolu.txt", changed + "新增绿地3795平方米。\n");
  ingest::Summary replaced = ingester.sync(fx.reports.string());
  CHECK(replaced.changed == 1);
  CHECK(store.value().count_facts().value() == facts + 3);
  CHECK(indicator_of(store.value(), "caolu", "4321个") == "jobs_added");

  fs::remove(fx.reports / "caolu.txt");
  CHECK(ingester.sync(fx.reports.string()).removed == 1);
  CHECK(store.value().count_facts().value() == facts);
  CHECK_FALSE(store.value().report("caolu").value());
}

TEST_CASE("ingest: an edited catalogue re-extracts every stored report at the next start", "[ingest]") {
  Fixture fx;
  write(fx.reports / "caolu.txt", kReport);
  {
    auto resources = report::load_resources(fx.data.string());
    auto store = store::Store::open(fx.db);
    REQUIRE(store);
    ingest::Ingester ingester(store.value(), resources.value(),
                              ingest::data_fingerprint(fx.data.string()).value());
    ingester.sync(fx.reports.string());
    CHECK(indicator_of(store.value(), "caolu", "1234个") == "jobs_added");
  }
  // A domain expert moves the wording 新增就业岗位 to a new indicator.
  std::string catalogue = read_file((fx.data / "catalogue.tsv").string()).value();
  catalogue += "jobs_new_posts\temployment\tjobs_added\tcount\titems\tnew posts\t全镇新增就业岗位\n";
  write(fx.data / "catalogue.tsv", catalogue);
  auto resources = report::load_resources(fx.data.string());
  REQUIRE(resources);
  auto store = store::Store::open(fx.db);
  REQUIRE(store);
  ingest::Ingester ingester(store.value(), resources.value(),
                            ingest::data_fingerprint(fx.data.string()).value());
  ingest::Summary summary = ingester.sync(fx.reports.string());
  CHECK(summary.changed == 3);  // every report, though no file changed
  CHECK(indicator_of(store.value(), "caolu", "1234个") == "jobs_new_posts");
  CHECK(ingester.sync(fx.reports.string()).unchanged == 3);
}

TEST_CASE("ingest: reports.tsv gives a report what its text lacks, and a change of a row re-extracts it",
          "[ingest][overrides]") {
  Fixture fx;
  // No year, no district: its facts get no period and make no point.
  write(fx.reports / "sichuan.txt", "街道不断改善社区环境,申报群众自治工作项目62个。\n");
  auto resources = report::load_resources(fx.data.string());
  REQUIRE(resources);
  auto store = store::Store::open(fx.db);
  REQUIRE(store);
  const std::string version = ingest::data_fingerprint(fx.data.string()).value();
  auto period_of = [&](const std::string& quote) {
    store::FactFilter filter;
    filter.report = "sichuan";
    auto facts = store.value().facts(filter);
    REQUIRE(facts);
    for (const auto& f : facts.value()) {
      if (f.quote == quote)
        return (f.fact.period.empty() ? std::string("-") : report::period_label(f.fact.period)) + " " +
               f.district;
    }
    return std::string("(no such fact)");
  };
  {
    ingest::Ingester ingester(store.value(), resources.value(), version);
    ingester.sync(fx.reports.string());
    CHECK(period_of("62个") == "- ");
    write(fx.reports / "reports.tsv",
          "# file\tdistrict\tcounty\tperiod\tkind\tpublished\n"
          "sichuan.txt\t四川北路街道\t-\t2016\t-\t-\n");
    ingest::Summary summary = ingester.sync(fx.reports.string());
    CHECK(summary.changed == 1);  // the file did not change, its row did
    CHECK(period_of("62个") == "2016 四川北路街道");
    write(fx.reports / "reports.tsv", "sichuan.txt\t四川北路街道\t-\t2017\t-\t-\n");
    ingester.sync(fx.reports.string());
    CHECK(period_of("62个") == "2017 四川北路街道");
    // A bad reports.tsv is an error of the sync; the rows last read stay in force.
    write(fx.reports / "reports.tsv", "sichuan.txt\t四川北路街道\t-\tsoon\t-\t-\n");
    summary = ingester.sync(fx.reports.string());
    REQUIRE(summary.errors.size() == 1);
    CHECK(summary.errors[0].find("reports.tsv:1: period 'soon'") != std::string::npos);
    CHECK(period_of("62个") == "2017 四川北路街道");
  }
  // The next start reads the rows again and finds the report current.
  write(fx.reports / "reports.tsv", "sichuan.txt\t四川北路街道\t-\t2017\t-\t-\n");
  ingest::Ingester again(store.value(), resources.value(), version);
  ingest::Summary summary = again.sync(fx.reports.string());
  CHECK(summary.changed == 0);
  CHECK(summary.reextracted == 0);
}

TEST_CASE("ingest: a bad file is an error of that file only", "[ingest]") {
  Fixture fx;
  write(fx.reports / "gbk.txt", "\xb9\xa4\xd7\xf7\xb1\xa8\xb8\xe6");  // 工作报告 in GBK
  auto resources = report::load_resources(fx.data.string());
  auto store = store::Store::open(fx.db);
  REQUIRE(store);
  ingest::Ingester ingester(store.value(), resources.value(),
                            ingest::data_fingerprint(fx.data.string()).value());
  ingest::Summary summary = ingester.sync(fx.reports.string());
  CHECK(summary.added == 2);
  REQUIRE(summary.failed == 1);
  CHECK(summary.errors[0].find("gbk.txt") != std::string::npos);
  CHECK(summary.errors[0].find("byte") != std::string::npos);
}

TEST_CASE("ingest: links and FIFOs in the folder are skipped, and a report whose file became a link goes",
          "[ingest]") {
  TempDir dir;
  const fs::path reports = dir.path / "reports";
  fs::create_directories(reports);
  auto resources = report::load_resources(testing::source_path("data").string());
  REQUIRE(resources);
  auto store = store::Store::open((dir.path / "jiedao.db").string());
  REQUIRE(store);
  ingest::Ingester ingester(store.value(), resources.value(), "test");
  write(reports / "caolu.txt", kReport);
  write(dir.path / "outside.txt", kReport);
  fs::create_symlink(dir.path / "outside.txt", reports / "linked.txt");
  REQUIRE(::mkfifo((reports / "fifo.txt").c_str(), 0644) == 0);

  ingest::Summary first = ingester.sync(reports.string());
  CHECK(first.added == 1);
  CHECK(first.failed == 0);
  CHECK(first.skipped == 2);
  CHECK(first.skips.size() == 2);
  CHECK_THAT(first.line(), Catch::Contains(", 2 skipped"));
  CHECK_FALSE(store.value().report("linked").value());

  // The report's file replaced by a link to elsewhere: the link is not read, the report goes.
  fs::remove(reports / "caolu.txt");
  fs::create_symlink(dir.path / "outside.txt", reports / "caolu.txt");
  ingest::Summary second = ingester.sync(reports.string());
  CHECK(second.removed == 1);
  CHECK(second.skipped == 3);
  CHECK_FALSE(store.value().report("caolu").value());

  ingester.set_max_report_bytes(16);
  write(reports / "big.txt", kReport);
  ingest::Summary third = ingester.sync(reports.string());
  CHECK(third.added == 0);
  CHECK(third.skipped == 4);
}
