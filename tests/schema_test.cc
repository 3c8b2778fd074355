// The schema and its migrations (store/schema.h): the indexes queries use, older databases
// upgraded with their rows, and databases not jiedao's, or newer, refused and left untouched.
#include "store/schema.h"

#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "report/calendar.h"
#include "store/fact_columns.h"
#include "store/store.h"
#include "store_fixture.h"

using namespace jiedao;
using namespace jiedao::store;
using namespace jiedao::store_testing;
namespace fs = std::filesystem;

namespace {

std::string bytes_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

// A database migrated to `version` only, holding `rows` (SQL): what an older jiedao left.
void old_database(const std::string& path, int version, const char* rows) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) ==
          SQLITE_OK);
  auto migrated = migrate(db, version, path);
  INFO((migrated ? std::string() : migrated.error().message));
  REQUIRE(migrated);
  REQUIRE(sqlite3_exec(db, rows, nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
}

}  // namespace

// The details of SQLite's plan for `sql`, one line per step.
std::string query_plan(const std::string& path, const std::string& sql) {
  std::string plan;
  for (const std::string& step : sql_rows(path, "EXPLAIN QUERY PLAN " + sql, 3)) plan += step + "\n";
  return plan;
}

// Every derived completion rate asks for the stated rates of its report: by the index of the
// indicator alone that walked every completion rate of the store, 25 s for a view of 10,000 reports.
TEST_CASE("a report's facts of one indicator are read by the index on both", "[store]") {
  TempDir dir;
  const std::string path = dir.file("plan.db");
  {
    Store store = open_store(path);
    REQUIRE(store.put_report(make_report("r1"), {make_fact("completion_rate", 98)}));
  }
  const std::string plan =
      query_plan(path, "SELECT id FROM facts f WHERE f.report = 'r1' AND f.indicator = 'completion_rate'");
  INFO(plan);
  CHECK(plan.find("facts_report_indicator (report=? AND indicator=?)") != std::string::npos);
}

// An ingest keeps one index led by something other than the report (schema migration 10): each
// filter of /api/v1/facts is still looked up, none reads the whole table.
TEST_CASE("every filter of the facts is looked up through an index", "[store]") {
  TempDir dir;
  const std::string path = dir.file("plan.db");
  {
    Store store = open_store(path);
    REQUIRE(store.put_report(make_report("r1"), {make_fact("jobs_added", 1200)}));
  }
  struct Case {
    const char* what;
    FactFilter filter;
    const char* step;  // the step of the plan that reads the facts
  };
  auto with = [](auto set) {
    FactFilter f;
    set(f);
    return f;
  };
  const Case cases[] = {
      {"report", with([](FactFilter& f) { f.report = "r1"; }), "(report=?)"},
      {"indicator", with([](FactFilter& f) { f.indicator = "jobs_added"; }),
       "facts_indicator_district (indicator=?)"},
      {"indicator and district", with([](FactFilter& f) {
         f.indicator = "jobs_added";
         f.district = "江川路街道";
       }),
       "facts_indicator_district (indicator=? AND district=?)"},
      {"district", with([](FactFilter& f) { f.district = "江川路街道"; }),
       "facts_indicator_district (indicator=? AND district=?)"},
      {"family", with([](FactFilter& f) { f.family = "jobs_added"; }),
       "facts_report_family (report=? AND family=?)"},
      {"family and county", with([](FactFilter& f) {
         f.family = "jobs_added";
         f.county = "闵行区";
       }),
       "facts_report_family (report=? AND family=?)"},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    Sql sql = fact_filter_sql(c.filter);
    std::string text = sql.text;
    for (const std::string& param : sql.params) {
      const size_t at = text.find('?');
      REQUIRE(at != std::string::npos);
      text.replace(at, 1, "'" + param + "'");
    }
    const std::string plan = query_plan(path, text);
    INFO(plan);
    CHECK(plan.find(c.step) != std::string::npos);
    CHECK(plan.find("SCAN f\n") == std::string::npos);
    CHECK(plan.find("SCAN f ") == std::string::npos);
  }
}

TEST_CASE("a version 1 database is upgraded with its rows", "[store][migration]") {
  TempDir dir;
  const std::string path = dir.file("old.db");
  old_database(path, 1, R"sql(
      INSERT INTO reports (id, path, sha256, district, county, kind, period_start, period_end, published,
                           ingested_at, text, fact_count)
      VALUES ('old', 'reports/old.txt', 'abc', '江川路街道', '闵行区', 'year review', '2018-01-01', '2018-12-31',
              '2019-01-15', '2019-02-01T00:00:00+08:00', '全年新增就业岗位1200个。', 1);
      INSERT INTO facts (report, seq, district, county, indicator, subject, value, value_max, unit, measure,
                         qualifier, change, quote, span_begin, span_end, period_start, period_end, status,
                         is_base_value, sentence)
      VALUES ('old', 0, '江川路街道', '闵行区', 'jobs_added', '新增就业岗位', 1200, NULL, 'count', '个', 'exact', '',
              '新增就业岗位1200个', 6, 27, '2018-01-01', '2018-12-31', 'actual', 0, '全年新增就业岗位1200个。');
      INSERT INTO meta (key, value) VALUES ('data_version', 'v1');
    )sql");
  REQUIRE(user_version(path) == 1);
  CHECK(sql_value(path, "SELECT count(*) FROM pragma_table_info('reports') WHERE name = 'data_version'") ==
        "0");

  Store store = open_store(path);
  CHECK(user_version(path) == kSchemaVersion);
  // Migration 3 moved the texts to a table of their own.
  CHECK(sql_value(path, "SELECT count(*) FROM pragma_table_info('reports') WHERE name = 'text'") == "0");
  CHECK(sql_value(path, "SELECT count(*) FROM report_texts") == "1");
  CHECK(sql_value(path, "SELECT count(*) FROM pragma_table_info('reports') WHERE name = 'data_version'") ==
        "1");
  // Migration 2 added an index by district that migration 10 took away again.
  CHECK(sql_value(path,
                  "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND sql LIKE "
                  "'%facts(district, status, period_end)%'") == "0");
  auto old = must(store.report("old"));
  REQUIRE(old.has_value());
  CHECK(old->data_version == "");
  CHECK(old->text == "全年新增就业岗位1200个。");
  CHECK(old->period == report::years(2018, 2018));
  CHECK(must(store.meta("data_version")) == std::optional<std::string>("v1"));
  auto points = must(store.series({}));
  REQUIRE(points.size() == 1);
  CHECK(points[0].value == 1200);
  CHECK(points[0].report == "old");

  // And the upgraded database takes new rows.
  REQUIRE(store.put_report(make_report("new"), {make_fact("jobs_added", 1)}));
  CHECK(must(store.count_facts()) == 2);
}

// One report of one fact, as the schemas 3 to 5 hold them.
constexpr const char* kOneOldReport = R"sql(
      INSERT INTO reports (id, path, sha256, district, county, kind, period_start, period_end, published,
                           ingested_at, fact_count, data_version)
      VALUES ('old', 'reports/old.txt', 'abc', '江川路街道', '闵行区', 'year review', '2018-01-01', '2018-12-31',
              '2019-01-15', '2019-02-01T00:00:00+08:00', 1, 'data-old');
      INSERT INTO report_texts (id, text) VALUES ('old', '全年新增就业岗位1200个。');
      INSERT INTO facts (report, seq, district, county, indicator, subject, value, value_max, unit, measure,
                         qualifier, change, quote, span_begin, span_end, period_start, period_end, status,
                         is_base_value, sentence)
      VALUES ('old', 0, '江川路街道', '闵行区', 'jobs_added', '新增就业岗位', 1200, NULL, 'count', '个', 'exact', '',
              '新增就业岗位1200个', 6, 27, '2018-01-01', '2018-12-31', 'actual', 0, '全年新增就业岗位1200个。');
    )sql";

TEST_CASE("a version 3 database gets family, counts and of, and its reports are marked for extraction",
          "[store][migration]") {
  TempDir dir;
  const std::string path = dir.file("v3.db");
  old_database(path, 3, kOneOldReport);
  REQUIRE(user_version(path) == 3);
  Store store = open_store(path);
  CHECK(user_version(path) == kSchemaVersion);
  for (const char* column : {"family", "counts", "of"}) {
    INFO(column);
    CHECK(sql_value(path, std::string("SELECT count(*) FROM pragma_table_info('facts') WHERE name = '") +
                              column + "' AND \"notnull\" = 1") == "1");
  }
  CHECK(sql_value(path,
                  "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND sql LIKE "
                  "'%facts(report, family)%'") == "1");
  // The old fact reads back with none of the three, and its report will be extracted again.
  auto facts = must(store.facts({}));
  REQUIRE(facts.size() == 1);
  CHECK(facts[0].fact.family.empty());
  CHECK(facts[0].fact.counts.empty());
  CHECK(facts[0].fact.of.empty());
  CHECK(must(store.report_state("old"))->data_version == "");
  REQUIRE(must(store.series({})).size() == 1);
  StoredFact jobs = make_fact("jobs_added", 1300);
  jobs.fact.family = "jobs_added";
  jobs.fact.counts = "items";
  must(store.put_report(make_report("old"), {jobs}));
  auto points = must(store.series({}));
  REQUIRE(points.size() == 1);
  CHECK(points[0].family == "jobs_added");
  CHECK(points[0].counts == "items");
}

TEST_CASE("a version 5 database gets its facts' text indexed for search", "[store][migration][search]") {
  TempDir dir;
  const std::string path = dir.file("v5.db");
  old_database(path, 5, kOneOldReport);
  Store store = open_store(path);
  CHECK(user_version(path) == kSchemaVersion);
  auto search = [&](const std::string& q) {
    FactFilter filter;
    filter.text = q;
    return must(store.facts(filter)).size();
  };
  CHECK(search("就业") == 1);
  CHECK(search("全年") == 1);
  CHECK(search("垃圾") == 0);
  // Version 7 marks the old report for extraction (its unit's city, province and code are new).
  CHECK(must(store.report_state("old"))->data_version.empty());
  CHECK(sql_value(
            path,
            "SELECT count(*) FROM pragma_table_info('facts') WHERE name IN ('city', 'province', 'code')") ==
        "3");
  CHECK(sql_value(
            path,
            "SELECT count(*) FROM pragma_table_info('reports') WHERE name IN ('city', 'province', 'code')") ==
        "3");
  // And the triggers keep the index in step with the facts put afterwards.
  REQUIRE(store.remove_report("old"));
  CHECK(search("就业") == 0);
}

TEST_CASE("a version 8 database keeps each sentence once, and its facts read and search as before",
          "[store][migration][search]") {
  TempDir dir;
  const std::string path = dir.file("v8.db");
  old_database(path, 8, R"sql(
      INSERT INTO reports (id, path, sha256, district, county, kind, ingested_at, fact_count)
      VALUES ('old', 'reports/old.txt', 'abc', '江川路街道', '闵行区', 'year review', '2019-02-01T00:00:00+08:00', 3);
      INSERT INTO report_texts (id, text) VALUES ('old', '全年新增就业岗位1200个，帮扶就业30人。分出湿垃圾30吨。');
      INSERT INTO facts (report, seq, district, county, indicator, subject, value, unit, measure, qualifier,
                         change, quote, span_begin, span_end, status, is_base_value, sentence)
      VALUES ('old', 0, '江川路街道', '闵行区', 'jobs_added', '新增就业岗位', 1200, 'count', '个', 'exact', '',
              '新增就业岗位1200个', 6, 27, 'actual', 0, '全年新增就业岗位1200个，帮扶就业30人。'),
             ('old', 1, '江川路街道', '闵行区', '', '帮扶就业', 30, 'count', '人', 'exact', '',
              '帮扶就业30人', 30, 47, 'actual', 0, '全年新增就业岗位1200个，帮扶就业30人。'),
             ('old', 2, '江川路街道', '闵行区', '', '湿垃圾', 30, 'tonne', '吨', 'exact', '',
              '湿垃圾30吨', 56, 71, 'actual', 0, '分出湿垃圾30吨。');
    )sql");
  Store store = open_store(path);
  CHECK(user_version(path) == kSchemaVersion);
  CHECK(sql_value(path, "SELECT count(*) FROM sentences") == "2");
  CHECK(sql_value(path, "SELECT count(*) FROM pragma_table_info('facts') WHERE name = 'sentence'") == "0");
  auto facts = must(store.facts({}));
  REQUIRE(facts.size() == 3);
  CHECK(facts[0].sentence == "全年新增就业岗位1200个，帮扶就业30人。");
  CHECK(facts[1].sentence == facts[0].sentence);
  CHECK(facts[2].sentence == "分出湿垃圾30吨。");
  auto search = [&](const std::string& q) {
    FactFilter filter;
    filter.text = q;
    return must(store.facts(filter)).size();
  };
  CHECK(search("全年") == 2);  // only in the sentence the first two share
  CHECK(search("分出") == 1);
  CHECK(search("湿垃圾") == 1);
  CHECK(search("没有") == 0);
  // The index follows the sentences removed with their report.
  REQUIRE(store.remove_report("old"));
  CHECK(sql_value(path, "SELECT count(*) FROM sentences") == "0");
  CHECK(search("全年") == 0);
}

TEST_CASE("migrate refuses a target below the database's version and bad targets", "[store][migration]") {
  TempDir dir;
  const std::string path = dir.file("jiedao.db");
  { open_store(path); }
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
  auto down = migrate(db, 1, path);
  REQUIRE_FALSE(down);
  CHECK_THAT(down.error().message, Catch::Contains(path) && Catch::Contains("newer") &&
                                       Catch::Contains("schema " + std::to_string(kSchemaVersion)));
  CHECK_FALSE(migrate(db, 0, path));
  CHECK_FALSE(migrate(db, kSchemaVersion + 1, path));
  CHECK(migrate(db, kSchemaVersion, path));
  sqlite3_close(db);
  CHECK(user_version(path) == kSchemaVersion);
}

TEST_CASE("a database written by a newer jiedao is refused and left untouched", "[store][migration]") {
  TempDir dir;
  const std::string path = dir.file("newer.db");
  {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) ==
            SQLITE_OK);
    REQUIRE(sqlite3_exec(db, "CREATE TABLE future (x); PRAGMA user_version = 99;", nullptr, nullptr,
                         nullptr) == SQLITE_OK);
    sqlite3_close(db);
  }
  const std::string before = bytes_of(path);
  REQUIRE_FALSE(before.empty());
  auto store = Store::open(path);
  REQUIRE_FALSE(store);
  const std::string& message = store.error().message;
  CHECK_THAT(message, Catch::Contains(path) && Catch::Contains("newer") && Catch::Contains("99") &&
                          Catch::Contains(std::to_string(kSchemaVersion)));
  CHECK(bytes_of(path) == before);
  CHECK_FALSE(fs::exists(path + "-wal"));
  CHECK(user_version(path) == 99);
}

TEST_CASE("a file that is not a database is refused and left untouched", "[store][migration]") {
  TempDir dir;
  const std::string path = dir.file("notes.txt");
  write_bytes(path, "hello");
  auto store = Store::open(path);
  REQUIRE_FALSE(store);
  CHECK_THAT(store.error().message, Catch::Contains(path) && Catch::Contains("not a"));
  CHECK(bytes_of(path) == "hello");
}

TEST_CASE("a SQLite database that is not jiedao's is refused and left untouched", "[store][migration]") {
  TempDir dir;
  const std::string path = dir.file("other.db");
  {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) ==
            SQLITE_OK);
    REQUIRE(sqlite3_exec(db, "CREATE TABLE accounts (id, balance); INSERT INTO accounts VALUES (1, 2);",
                         nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
  }
  const std::string before = bytes_of(path);
  auto store = Store::open(path);
  REQUIRE_FALSE(store);
  CHECK_THAT(store.error().message, Catch::Contains(path) && Catch::Contains("not a jiedao"));
  CHECK(bytes_of(path) == before);
}
