// The facts' text search (/api/v1/facts?q=) through the substring index: it finds what a scan
// with instr() finds, no more and no less, and follows every write.
#include "store/substring_index.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <random>
#include <set>
#include <sstream>

#include "case_file.h"
#include "store/store.h"
#include "temp_dir.h"
#include "text/utf8.h"

namespace jiedao::store {
namespace {

Store open_store(const std::string& path) {
  auto store = Store::open(path);
  INFO((store ? std::string() : store.error().message));
  REQUIRE(store);
  return std::move(store).value();
}

ReportRecord report_named(const std::string& id) {
  ReportRecord r;
  r.id = id;
  r.path = "reports/" + id + ".txt";
  r.sha256 = std::string(64, 'a');
  r.district = "江川路街道";
  r.kind = "year review";
  r.ingested_at = "2024-05-01T10:00:00+08:00";
  return r;
}

// A fact whose subject, quote and sentence are given; its value tells it apart.
StoredFact fact_with(double value, std::string subject, std::string quote, std::string sentence) {
  StoredFact s;
  s.fact.value = value;
  s.fact.unit = "count";
  s.fact.subject = std::move(subject);
  s.quote = std::move(quote);
  s.sentence = std::move(sentence);
  return s;
}

std::vector<double> values_found(const Store& store, FactFilter filter) {
  filter.limit = 10000;
  auto facts = store.facts(filter);
  INFO((facts ? std::string() : facts.error().message));
  REQUIRE(facts);
  std::vector<double> values;
  for (const auto& f : facts.value()) values.push_back(f.fact.value);
  return values;
}

bool holds(const StoredFact& f, const std::string& q) {
  return f.fact.subject.find(q) != std::string::npos || f.quote.find(q) != std::string::npos ||
         f.sentence.find(q) != std::string::npos;
}

// The code points of `text` as strings.
std::vector<std::string> code_points(const std::string& text) {
  std::vector<std::string> out;
  for (size_t at = 0; at < text.size();) {
    size_t length = 0;
    text::decode_at(text, at, length);
    out.push_back(text.substr(at, length));
    at += length;
  }
  return out;
}

std::string joined(const std::vector<std::string>& points, size_t begin, size_t end) {
  std::string out;
  for (size_t i = begin; i < end && i < points.size(); ++i) out += points[i];
  return out;
}

TEST_CASE("text search: the cases of tests/cases/substring_search.tsv", "[store][search]") {
  testing::TempDir dir("search");
  Store store = open_store((dir.path / "jiedao.db").string());
  struct Case {
    int line;
    bool found;
    std::string query, text;
  };
  std::vector<Case> cases;
  for (const auto& line : testing::case_lines("substring_search.tsv")) {
    std::vector<std::string> columns;
    std::stringstream in(line.text);
    for (std::string column; std::getline(in, column, '\t');) columns.push_back(column);
    INFO("substring_search.tsv:" << line.number << ": " << line.text);
    REQUIRE(columns.size() == 3);
    cases.push_back({line.number, columns[0] == "1", columns[1], columns[2]});
  }
  REQUIRE(cases.size() > 30);
  // Each case is a report of one fact holding its text in one of the three columns, in turn.
  for (const Case& c : cases) {
    const std::string other = "·";
    const int column = c.line % 3;
    REQUIRE(store.put_report(report_named(std::to_string(c.line)),
                             {fact_with(c.line, column == 0 ? c.text : other, column == 1 ? c.text : other,
                                        column == 2 ? c.text : other)}));
  }
  for (const Case& c : cases) {
    INFO("substring_search.tsv:" << c.line << ": '" << c.query << "' in '" << c.text << "'");
    // The table itself says what instr() says.
    CHECK((c.text.find(c.query) != std::string::npos) == c.found);
    FactFilter filter;
    filter.report = std::to_string(c.line);
    filter.text = c.query;
    CHECK(values_found(store, filter).size() == (c.found ? 1u : 0u));
  }
}

TEST_CASE("text search over a real report finds what a scan finds", "[store][search]") {
  testing::TempDir dir("search");
  Store store = open_store((dir.path / "jiedao.db").string());
  std::ifstream in(testing::source_path("data/reports/000_43a5f00219611df0.txt"));
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::vector<std::string> points = code_points(buffer.str());
  REQUIRE(points.size() > 3000);
  // Facts cut from the text as the extractor's are: a sentence, a quote inside it, a subject.
  std::vector<StoredFact> facts;
  size_t begin = 0;
  for (size_t i = 0; i < points.size(); ++i) {
    if (points[i] != "。" && i + 1 != points.size()) continue;
    const size_t end = i + 1;
    facts.push_back(fact_with(static_cast<double>(facts.size()), joined(points, begin, begin + 6),
                              joined(points, begin + 3, std::min(end, begin + 15)),
                              joined(points, begin, end)));
    begin = end;
  }
  REQUIRE(facts.size() > 50);
  REQUIRE(store.put_report(report_named("real"), facts));

  std::mt19937 random(20261206);
  std::vector<std::string> queries;
  for (int i = 0; i < 600; ++i) {
    const size_t at = random() % points.size();
    queries.push_back(joined(points, at, at + 1 + random() % 8));
  }
  // Pairs of characters of the report that mostly do not occur side by side.
  for (int i = 0; i < 300; ++i)
    queries.push_back(points[random() % points.size()] + points[random() % points.size()]);
  int found = 0;
  for (const std::string& q : queries) {
    std::vector<double> want;
    for (const StoredFact& f : facts)
      if (holds(f, q)) want.push_back(f.fact.value);
    FactFilter filter;
    filter.text = q;
    INFO("query '" << q << "'");
    CHECK(values_found(store, filter) == want);
    found += !want.empty();
  }
  // Both kinds were asked: queries that occur and queries that do not.
  CHECK(found > 400);
  CHECK(found < 850);
}

TEST_CASE("text search follows a report put again and removed", "[store][search]") {
  testing::TempDir dir("search");
  Store store = open_store((dir.path / "jiedao.db").string());
  auto found = [&](const std::string& q) {
    FactFilter filter;
    filter.text = q;
    return values_found(store, filter);
  };
  REQUIRE(store.put_report(report_named("a"), {fact_with(1, "湿垃圾", "湿垃圾30吨", "分出湿垃圾30吨。")}));
  REQUIRE(store.put_report(report_named("b"),
                           {fact_with(2, "新增就业岗位", "新增就业岗位5个", "新增就业岗位5个。")}));
  CHECK(found("垃圾") == std::vector<double>{1});
  CHECK(found("就业") == std::vector<double>{2});
  // Put again with other text: the old words are gone from the index, the new ones are in it.
  REQUIRE(store.put_report(report_named("a"), {fact_with(3, "干垃圾", "干垃圾20吨", "分出干垃圾20吨。")}));
  CHECK(found("湿垃圾").empty());
  CHECK(found("干垃圾") == std::vector<double>{3});
  CHECK(found("垃圾") == std::vector<double>{3});
  REQUIRE(store.remove_report("a"));
  CHECK(found("垃圾").empty());
  CHECK(found("就业") == std::vector<double>{2});
}

// A value of one row of SQL on a connection of its own, with the tokenizer.
int64_t sql_integer(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  REQUIRE(register_pair_tokenizer(db) == SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(stmt) == SQLITE_ROW);
  const int64_t value = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return value;
}

TEST_CASE("facts wait outside the index until a batch or index_text, and are found meanwhile",
          "[store][search]") {
  testing::TempDir dir("search");
  const std::string path = (dir.path / "jiedao.db").string();
  Store store = open_store(path);
  REQUIRE(store.put_report(report_named("a"), {fact_with(1, "湿垃圾", "湿垃圾30吨", "分出湿垃圾30吨。")}));
  // One report is far from a batch: its fact waits, and a search scans it.
  CHECK(sql_integer(path, "SELECT id FROM fact_text_through") == 0);
  FactFilter filter;
  filter.text = "垃圾";
  CHECK(values_found(store, filter) == std::vector<double>{1});
  REQUIRE(store.index_text());
  CHECK(sql_integer(path, "SELECT id FROM fact_text_through") ==
        sql_integer(path, "SELECT max(id) FROM facts"));
  CHECK(sql_integer(path, "SELECT count(*) FROM fact_text WHERE fact_text MATCH '\"垃圾\"'") == 1);
  CHECK(values_found(store, filter) == std::vector<double>{1});
  // A report of a whole batch of facts is indexed as it is put.
  std::vector<StoredFact> many;
  for (int i = 0; i < kTextIndexBatch; ++i)
    many.push_back(fact_with(100 + i, "新增就业岗位", "岗位5个", "新增就业岗位5个。"));
  REQUIRE(store.put_report(report_named("b"), many));
  CHECK(sql_integer(path, "SELECT id FROM fact_text_through") ==
        sql_integer(path, "SELECT max(id) FROM facts"));
  // Removing the indexed facts takes them out of the index.
  REQUIRE(store.remove_report("b"));
  CHECK(sql_integer(path, "SELECT count(*) FROM fact_text WHERE fact_text MATCH '\"就业\"'") == 0);
}

TEST_CASE("a text that many facts hold is searched by a scan, a rarer one through the index",
          "[store][search]") {
  testing::TempDir dir("search");
  const std::string path = (dir.path / "jiedao.db").string();
  Store store = open_store(path);
  // Reports put in an order other than their ids', so that the answer's order (report, then
  // document order) is not the order of the facts' ids.
  for (int r = 0; r < 12; ++r) {
    std::vector<StoredFact> facts;
    for (int i = 0; i < 500; ++i) {
      const double value = (11 - r) * 1000 + i;
      facts.push_back(i % 7 == 0 ? fact_with(value, "湿垃圾", "湿垃圾30吨", "分出湿垃圾30吨。")
                                 : fact_with(value, "新增就业岗位", "岗位5个", "全年新增就业岗位5个。"));
    }
    REQUIRE(store.put_report(report_named((11 - r < 10 ? "r0" : "r") + std::to_string(11 - r)), facts));
  }
  REQUIRE(store.index_text());
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  REQUIRE(register_pair_tokenizer(db) == SQLITE_OK);
  TextPlan plan = TextPlan::kIndex;
  CHECK(plan_text_search(db, substring_match("就业"), plan) == SQLITE_OK);
  CHECK(plan == TextPlan::kScan);  // 5,142 facts
  CHECK(plan_text_search(db, substring_match("湿垃圾"), plan) == SQLITE_OK);
  CHECK(plan == TextPlan::kIndex);  // 864 facts
  CHECK(plan_text_search(db, "", plan) == SQLITE_OK);
  CHECK(plan == TextPlan::kScan);  // one code point: no match expression
  CHECK(plan_text_search(db, substring_match("没有"), plan) == SQLITE_OK);
  CHECK(plan == TextPlan::kIndex);
  sqlite3_close(db);
  // Both plans give the answer of a scan, page by page.
  for (const char* q : {"就业", "湿垃圾", "就", "30吨"}) {
    FactFilter whole;
    whole.text = q;
    const std::vector<double> all_found = values_found(store, whole);
    CHECK(!all_found.empty());
    CHECK(std::is_sorted(all_found.begin(), all_found.end()));
    for (int64_t offset : {0, 100, 4000, 5100}) {
      INFO(q << " from " << offset);
      FactFilter page;
      page.text = q;
      page.offset = offset;
      page.limit = 100;
      auto facts = store.facts(page);
      REQUIRE(facts);
      std::vector<double> values;
      for (const auto& f : facts.value()) values.push_back(f.fact.value);
      const auto from = all_found.begin() + std::min<int64_t>(offset, static_cast<int64_t>(all_found.size()));
      CHECK(values == std::vector<double>(from, from + std::min<int64_t>(100, all_found.end() - from)));
    }
  }
}

}  // namespace
}  // namespace jiedao::store
