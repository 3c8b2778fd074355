// Reports as published: each format reader on the fixtures of tests/fixtures
// (made from a sample report by tests/fixtures/make_fixtures.py).
#include <catch2/catch.hpp>
#include <filesystem>
#include <random>

#include "base/file.h"
#include "case_file.h"
#include "formats/decode.h"
#include "ingest/ingester.h"
#include "report/report.h"

using namespace jiedao;
namespace fs = std::filesystem;

namespace {

const std::string kFixtures = testing::source_path("tests/fixtures/").string();
const std::string kOriginal = testing::source_path("data/reports/000_43a5f00219611df0.txt").string();

report::Report analyze_file(const std::string& path, formats::DecodedReport& decoded) {
  auto bytes = read_file(path);
  REQUIRE(bytes);
  auto result = formats::decode_report(bytes.value());
  INFO(path << ": " << (result ? "" : result.error().message));
  REQUIRE(result);
  decoded = std::move(result).value();
  auto report = report::analyze("r", decoded.text, testing::resources());
  REQUIRE(report);
  return std::move(report).value();
}

struct Key {
  double value;
  std::string unit;
  Period period;
  Status status;
  bool operator==(const Key&) const = default;
};

std::vector<Key> keys(const report::Report& r) {
  std::vector<Key> out;
  for (const Fact& f : r.facts) out.push_back({f.value, f.unit, f.period, f.status});
  return out;
}

}  // namespace

TEST_CASE("the same report in every format gives the same facts", "[formats]") {
  formats::DecodedReport original_text;
  const report::Report original = analyze_file(kOriginal, original_text);
  REQUIRE(original.facts.size() > 100);
  struct Case {
    const char* file;
    const char* format;
    const char* encoding;
    bool same_indicators;  // traditional text: a few wordings are not in the character table
  };
  for (const Case& c :
       {Case{"jiangchuan.gbk.txt", "text", "GB18030", true},
        Case{"jiangchuan.utf16.txt", "text", "UTF-16LE", true},
        Case{"jiangchuan-page.html", "html", "GB18030", true}, Case{"jiangchuan-print.pdf", "pdf", "", true},
        Case{"jiangchuan.trad.txt", "text", "UTF-8", false},
        Case{"jiangchuan.big5.txt", "text", "BIG5-HKSCS", false}}) {
    INFO(c.file);
    formats::DecodedReport decoded;
    const report::Report r = analyze_file(kFixtures + c.file, decoded);
    CHECK(decoded.format == c.format);
    CHECK(decoded.encoding == c.encoding);
    CHECK(r.frame.location.district == "江川路街道");
    CHECK(keys(r) == keys(original));
    if (c.same_indicators) {
      for (size_t i = 0; i < r.facts.size() && i < original.facts.size(); ++i) {
        CHECK(r.facts[i].indicator == original.facts[i].indicator);
      }
    }
    // Spans point into the converted text, at the quote as written there.
    bool found = false;
    for (const Fact& f : r.facts) {
      const std::string quote = decoded.text.substr(f.begin, f.end - f.begin);
      if (f.value == 3188) {
        found = true;
        CHECK((quote == "3188个" || quote == "3188個"));
        CHECK(f.indicator == "jobs_added");
      }
    }
    CHECK(found);
  }
}

TEST_CASE("traditional characters are read as simplified, quotes kept as written", "[formats][traditional]") {
  const auto& map = testing::resources().traditional;
  CHECK(map.size() > 500);
  const std::string text = "新增就業崗位3188個,拆除違法建築92處3.61萬平方米,發放救助資金1.42億元。";
  const std::string simplified = map.simplify(text);
  CHECK(simplified.size() == text.size());
  CHECK(simplified == "新增就业岗位3188个,拆除违法建筑92处3.61万平方米,发放救助资金1.42亿元。");
  auto r = report::analyze("t", text, testing::resources());
  REQUIRE(r);
  REQUIRE(r.value().facts.size() == 4);
  CHECK(text.substr(r.value().facts[0].begin, r.value().facts[0].end - r.value().facts[0].begin) == "3188個");
  CHECK(r.value().facts[0].indicator == "jobs_added");
  CHECK(r.value().facts[2].value == 36100);
  CHECK(r.value().facts[3].value == 142000000);
  CHECK(r.value().facts[1].indicator == "illegal_structures_demolished");
}

TEST_CASE("what cannot be read is a clear error", "[formats]") {
  struct Case {
    const char* file;
    const char* says;
  };
  for (const Case& c :
       {Case{"undecidable.txt", "encoding cannot be told"}, Case{"scanned.pdf", "no text layer"},
        Case{"truncated.pdf", "truncated"}, Case{"empty.html", "no text in its body"}}) {
    INFO(c.file);
    auto bytes = read_file(kFixtures + c.file);
    REQUIRE(bytes);
    auto decoded = formats::decode_report(bytes.value());
    REQUIRE_FALSE(decoded);
    CHECK(decoded.error().message.find(c.says) != std::string::npos);
  }
  CHECK_FALSE(formats::decode_report(""));
  CHECK_FALSE(
      formats::decode_report(std::string("\x7f"
                                         "ELF\0\0\0",
                                         7)));
  // UTF-8 is kept byte for byte, BOM included: spans are offsets into the file.
  auto bom = formats::decode_report("\xEF\xBB\xBF新增就业岗位3188个");
  REQUIRE(bom);
  CHECK(bom.value().text.size() == 3 + 18 + 7);
}

TEST_CASE("a mixed folder is read format by format, by content", "[formats][ingest]") {
  std::random_device random;
  const fs::path dir = fs::temp_directory_path() / ("jiedao-formats-test-" + std::to_string(random()));
  fs::create_directories(dir / "reports");
  for (const auto& entry : fs::directory_iterator(kFixtures)) {
    if (entry.is_regular_file() && entry.path().extension() != ".py")  // not national/, the page's
      fs::copy_file(entry.path(), dir / "reports" / entry.path().filename());
  }
  // A PDF saved with a .txt name is still a PDF.
  fs::copy_file(kFixtures + "jiangchuan-print.pdf", dir / "reports" / "misnamed.txt");
  // Two files with one stem would be one report id: the second is refused, by name.
  fs::copy_file(kFixtures + "jiangchuan.gbk.txt", dir / "reports" / "jiangchuan.gbk.html");
  auto store = store::Store::open((dir / "jiedao.db").string());
  REQUIRE(store);
  ingest::Ingester ingester(store.value(), testing::resources(), "test");
  ingest::Summary summary = ingester.sync((dir / "reports").string());
  std::string errors;
  for (const std::string& error : summary.errors) errors += error + "\n";
  INFO(errors);
  CHECK(summary.added == 7);
  CHECK(summary.failed == 5);
  CHECK(errors.find("the report id 'jiangchuan.gbk' is already used") != std::string::npos);
  for (const char* id : {"jiangchuan.gbk", "jiangchuan.utf16", "jiangchuan-page", "jiangchuan-print",
                         "misnamed", "jiangchuan.trad", "jiangchuan.big5"}) {
    INFO(id);
    auto report = store.value().report(id);
    REQUIRE(report);
    REQUIRE(report.value());
    CHECK(report.value()->fact_count > 100);
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
}
