// Corrections (report/corrections.h): reading corrections.tsv row by row from the table of
// tests/cases/corrections.tsv, applying rows to a report's facts, and the ingester keeping them
// across re-extractions (ingest/ingester.h) and refusing what no longer stands.
#include "report/corrections.h"

#include <catch2/catch.hpp>
#include <filesystem>

#include "base/file.h"
#include "case_file.h"
#include "ingest/correction.h"
#include "ingest/ingester.h"
#include "report/resources.h"
#include "store/store.h"
#include "temp_dir.h"

using namespace jiedao;
namespace fs = std::filesystem;

namespace {

const std::string kReport =
    "浦东新区曹路镇2021年工作总结\n\n2021年,全镇新增就业岗位1234个,拆除违法建筑56处。\n";

// A reports folder with the report above and a data folder copied from data/, for the ingester.
struct Folder {
  testing::TempDir dir{"corrections"};
  fs::path reports = dir.path / "reports";
  fs::path data = dir.path / "data";
  std::string db = (dir.path / "jiedao.db").string();
  Folder() {
    fs::create_directories(reports);
    testing::copy_data_folder(data);
    testing::write(reports / "caolu.txt", kReport);
  }
};

// The data files, the store and an ingester over a Folder, as the daemon holds them.
struct Ingesting {
  report::Resources resources;
  store::Store store;
  ingest::Ingester ingester;
  explicit Ingesting(const Folder& fx)
      : resources(report::load_resources(fx.data.string()).value()),
        store(store::Store::open(fx.db).value()),
        ingester(store, resources, ingest::data_fingerprint(fx.data.string()).value()) {}
  ingest::Summary sync(const Folder& fx) { return ingester.sync(fx.reports.string()); }
};

// The stored fact of report caolu whose quote is `quote`, or nullopt.
std::optional<store::StoredFact> fact_of(const store::Store& store, const std::string& quote) {
  store::FactFilter filter;
  filter.report = "caolu";
  auto facts = store.facts(filter);
  REQUIRE(facts);
  for (const auto& f : facts.value())
    if (f.quote == quote) return f;
  return std::nullopt;
}

std::string row(const std::string& quote, const std::string& field, const std::string& value) {
  const size_t begin = kReport.find(quote);
  return "caolu\t" + std::to_string(begin) + "-" + std::to_string(begin + quote.size()) + "\t" + quote +
         "\t" + field + "\t" + value + "\ta note\tlin\t-\n";
}

}  // namespace

TEST_CASE("corrections: each row of tests/cases/corrections.tsv reads as it says", "[corrections]") {
  const auto& catalogue = testing::resources().catalogue;
  int cases = 0;
  for (const auto& line : testing::case_lines("corrections.tsv")) {
    const size_t last = line.text.rfind('\t');
    const std::string row = line.text.substr(0, last), expect = line.text.substr(last + 1);
    INFO("tests/cases/corrections.tsv:" << line.number << ": " << line.text);
    auto table = report::CorrectionTable::parse("# header\n" + row + "\n", "corrections.tsv", catalogue);
    if (expect == "ok") {
      REQUIRE(table);
      REQUIRE(table.value().rows().size() == 1);
      CHECK(table.value().rows()[0].row() == row);  // written back as it was read
    } else {
      REQUIRE(expect.rfind("error: ", 0) == 0);
      REQUIRE_FALSE(table);
      CHECK(table.error().message.find("corrections.tsv:2: ") == 0);  // its line
      CHECK(table.error().message.find(expect.substr(7)) != std::string::npos);
    }
    ++cases;
  }
  CHECK(cases >= 20);
}

TEST_CASE("corrections: applied to the fact at their span, stale where the quote no longer stands",
          "[corrections]") {
  const auto& catalogue = testing::resources().catalogue;
  std::vector<Fact> facts(2);
  const size_t a = kReport.find("1234个"), b = kReport.find("56处");
  facts[0].begin = a, facts[0].end = a + std::string("1234个").size(), facts[0].value = 1234;
  facts[0].indicator = "jobs_added", facts[0].family = "jobs_added";
  facts[1].begin = b, facts[1].end = b + std::string("56处").size(), facts[1].value = 56;
  const std::string text = row("1234个", "indicator", "none") + row("1234个", "value", "1243") +
                           row("56处", "drop", "-") + "caolu\t0-6\t上海\tdrop\t-\t-\t-\t-\n";
  auto table = report::CorrectionTable::parse(text, "corrections.tsv", catalogue);
  REQUIRE(table);
  const auto corrected =
      report::apply_corrections(table.value().of_report("caolu"), kReport, facts, catalogue);
  REQUIRE(corrected.facts.size() == 1);  // 56处 dropped
  CHECK(corrected.facts[0].indicator.empty());
  CHECK(corrected.facts[0].family.empty());
  CHECK(corrected.facts[0].value == 1243);
  REQUIRE(corrected.reviews[0]);
  CHECK(corrected.reviews[0]->fields == std::vector<std::string>{"indicator", "value"});
  CHECK(corrected.reviews[0]->extracted.dump() == R"({"indicator":"jobs_added","value":1234})");
  REQUIRE(corrected.states.size() == 4);
  CHECK(corrected.states[0].applied);
  CHECK(corrected.states[2].applied);
  CHECK_FALSE(corrected.states[3].applied);  // 上海 is not at 0-6: 浦东 is
  // Another report's rows are none of this one's.
  CHECK(table.value().of_report("other").empty());
}

TEST_CASE("corrections: kept across a catalogue change and a re-ingest; stale ones reported, not applied",
          "[corrections][ingest]") {
  Folder fx;
  testing::write(fx.reports / "corrections.tsv",
                 row("1234个", "status", "target") + row("56处", "drop", "-"));
  auto ingest_all = [&]() {
    Ingesting in(fx);
    auto& [resources, store, ingester] = in;
    const ingest::Summary summary = ingester.sync(fx.reports.string());
    auto fact = fact_of(store, "1234个");
    REQUIRE(fact);
    CHECK(fact->fact.status == Status::kTarget);
    CHECK(fact->review.find(R"("extracted":{"status":"actual"})") != std::string::npos);
    CHECK_FALSE(fact_of(store, "56处"));
    return std::make_pair(summary, fact->fact.indicator);
  };
  CHECK(ingest_all().second == "jobs_added");
  // A domain expert moves the wording to a new indicator: the report is extracted again, and
  // the corrections with it.
  std::string catalogue = read_file((fx.data / "catalogue.tsv").string()).value();
  catalogue += "jobs_new_posts\temployment\tjobs_added\tcount\titems\tnew posts\t全镇新增就业岗位\n";
  testing::write(fx.data / "catalogue.tsv", catalogue);
  CHECK(ingest_all().second == "jobs_new_posts");
  // A re-ingest of a fresh store (the database lost) applies them again from the file.
  fs::remove(fx.db);
  CHECK(ingest_all().first.added == 1);

  // The report changes: 1234 is now 4321, and its rows no longer stand.
  std::string changed = kReport;
  changed.replace(changed.find("1234"), 4, "4321");
  testing::write(fx.reports / "caolu.txt", changed);
  Ingesting in(fx);
  auto& [resources, store, ingester] = in;
  const ingest::Summary summary = ingester.sync(fx.reports.string());
  REQUIRE(summary.stale.size() == 1);
  CHECK(summary.stale[0].find("corrections.tsv:1: stale, not applied: '1234个'") == 0);
  auto fact = fact_of(store, "4321个");
  REQUIRE(fact);
  CHECK(fact->fact.status == Status::kActual);  // not applied
  CHECK(fact->review.empty());
  CHECK_FALSE(fact_of(store, "56处"));  // the other row still stands
  auto rows = store.corrections("caolu");
  REQUIRE(rows);
  REQUIRE(rows.value().size() == 2);
  CHECK_FALSE(rows.value()[0].applied);
  CHECK(rows.value()[1].applied);
}

TEST_CASE("corrections: a bad row is an error naming its line; the rows last read stay in force",
          "[corrections][ingest]") {
  Folder fx;
  testing::write(fx.reports / "corrections.tsv", row("1234个", "status", "target"));
  Ingesting in(fx);
  auto& [resources, store, ingester] = in;
  CHECK(ingester.sync(fx.reports.string()).errors.empty());
  testing::write(
      fx.reports / "corrections.tsv",
      row("1234个", "status", "target") + row("1234个", "status", "soon") + row("56处", "drop", "-"));
  const ingest::Summary summary = ingester.sync(fx.reports.string());
  REQUIRE(summary.errors.size() == 1);
  CHECK(summary.errors[0].find("corrections.tsv:2: status 'soon' is not actual or target") !=
        std::string::npos);
  CHECK(summary.errors[0].find("its rows last read stay in force") != std::string::npos);
  auto fact = fact_of(store, "1234个");
  REQUIRE(fact);
  CHECK(fact->fact.status == Status::kTarget);  // the first row, read before, still holds
  CHECK(fact_of(store, "56处"));                // the new drop is not read from a bad file
}

TEST_CASE("corrections: one over HTTP is a row of the file and a re-extraction, or nothing",
          "[corrections][ingest]") {
  Folder fx;
  Ingesting in(fx);
  auto& [resources, store, ingester] = in;
  ingester.sync(fx.reports.string());
  auto fact = fact_of(store, "1234个");
  REQUIRE(fact);
  const auto log = [](const std::string&, const std::string&) {};
  const auto& catalogue = resources.catalogue;

  ingest::CorrectionRequest nothing;
  auto refused =
      ingest::correct_fact(fx.reports.string(), store, ingester, catalogue, fact->id, nothing, log);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().kind == ErrorKind::kInvalid);
  CHECK_FALSE(fs::exists(fx.reports / "corrections.tsv"));  // a refusal writes nothing
  ingest::CorrectionRequest unknown;
  unknown.indicator = "jobs_made_up";
  CHECK_FALSE(ingest::correct_fact(fx.reports.string(), store, ingester, catalogue, fact->id, unknown, log));
  CHECK(ingest::correct_fact(fx.reports.string(), store, ingester, catalogue, 999999, unknown, log)
            .error()
            .kind == ErrorKind::kNotFound);

  ingest::CorrectionRequest request;
  request.value = "1243";
  request.note = "a typo";
  request.by = "lin";
  auto done = ingest::correct_fact(fx.reports.string(), store, ingester, catalogue, fact->id, request, log);
  REQUIRE(done);
  CHECK(done.value().applied);
  REQUIRE(done.value().fact);
  CHECK(done.value().fact->fact.value == 1243);
  CHECK(done.value().fact->id != fact->id);  // extracted again
  const std::string file = read_file((fx.reports / "corrections.tsv").string()).value();
  CHECK(file.find("\t1234个\tvalue\t1243\ta typo\tlin\t") != std::string::npos);
  auto table = report::CorrectionTable::parse(file, "corrections.tsv", catalogue);
  REQUIRE(table);
  CHECK(table.value().rows().size() == 1);
}

TEST_CASE("corrections: choosing one value of a conflict shows it and settles the point",
          "[corrections][ingest]") {
  Folder fx;
  const std::string text =
      "浦东新区曹路镇2021年工作总结\n\n2021年,全镇新增就业岗位1234个。全年新增就业岗位1300个。\n";
  testing::write(fx.reports / "caolu.txt", text);
  Ingesting in(fx);
  auto& [resources, store, ingester] = in;
  ingester.sync(fx.reports.string());
  store::SeriesFilter filter;
  filter.indicator = "jobs_added";
  auto before = store.series(filter);
  REQUIRE(before);
  REQUIRE(before.value().size() == 1);
  CHECK(before.value()[0].value == 1234);
  CHECK(before.value()[0].conflict);

  const size_t at = text.find("1300个");
  testing::write(fx.reports / "corrections.tsv", "caolu\t" + std::to_string(at) + "-" +
                                                     std::to_string(at + std::string("1300个").size()) +
                                                     "\t1300个\tchoose\t-\tthe year's own figure\tlin\t-\n");
  ingester.sync(fx.reports.string());
  auto after = store.series(filter);
  REQUIRE(after);
  REQUIRE(after.value().size() == 1);
  CHECK(after.value()[0].value == 1300);
  CHECK_FALSE(after.value()[0].conflict);
  CHECK(after.value()[0].reviewed);
  CHECK(after.value()[0].also_stated_by.size() == 1);  // 1234 is still its provenance
}
