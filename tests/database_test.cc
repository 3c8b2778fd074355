// The store's connections (store/database.h): a database reopened and shared in WAL mode, one
// that cannot be opened, and readers that see whole reports while a writer puts them.
#include <sqlite3.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "store/store.h"
#include "store_fixture.h"

using namespace jiedao;
using namespace jiedao::store;
using namespace jiedao::store_testing;
namespace fs = std::filesystem;

TEST_CASE("a store is reopened with its data, in WAL mode, and shared between stores", "[store]") {
  TempDir dir;
  const std::string path = dir.file("jiedao.db");
  {
    Store store = open_store(path);
    REQUIRE(store.put_report(make_report("r1"), {make_fact("jobs_added", 1)}));
    Store other = open_store(path);
    CHECK(must(other.count_facts()) == 1);
    REQUIRE(other.put_report(make_report("r2"), {make_fact("jobs_added", 2)}));
    CHECK(must(store.count_reports()) == 2);
    Store moved = std::move(store);
    CHECK(must(moved.count_reports()) == 2);
  }
  Store store = open_store(path);
  CHECK(must(store.count_reports()) == 2);
  CHECK(must(store.count_facts()) == 2);
  CHECK(user_version(path) == kSchemaVersion);
  CHECK(sql_value(path, "PRAGMA journal_mode") == "wal");
}

TEST_CASE("a database in a missing folder, or a folder, is an error naming it", "[store]") {
  TempDir dir;
  const std::string missing = dir.file("no-such-folder");
  auto store = Store::open(missing + "/jiedao.db");
  REQUIRE_FALSE(store);
  CHECK_THAT(store.error().message, Catch::Contains(missing) && Catch::Contains("does not exist"));
  CHECK_FALSE(fs::exists(missing));

  auto folder = Store::open(dir.file(""));
  REQUIRE_FALSE(folder);
  CHECK_FALSE(Store::open("").ok());
}

TEST_CASE("readers see whole reports while a writer puts them", "[store][concurrency]") {
  TempDir dir;
  const std::string path = dir.file("jiedao.db");
  Store store = open_store(path);
  // Put k replaces report r{k % 4} with k % 7 + 1 facts, each tagged "put k".
  constexpr int kPuts = 120;
  auto facts_of = [](int k) { return k % 7 + 1; };
  auto tag = [](int k) { return "put " + std::to_string(k); };

  std::atomic<bool> writing{true};
  std::mutex problems_mutex;
  std::vector<std::string> problems;
  auto problem = [&](const std::string& what) {
    std::lock_guard lock(problems_mutex);
    problems.push_back(what);
  };
  std::atomic<int> reads{0};

  std::thread writer([&] {
    for (int k = 0; k < kPuts; ++k) {
      ReportRecord r = make_report("r" + std::to_string(k % 4));
      r.kind = tag(k);
      std::vector<StoredFact> facts;
      for (int i = 0; i < facts_of(k); ++i) {
        StoredFact f = make_fact("jobs_added", i);
        f.fact.subject = tag(k);
        facts.push_back(f);
      }
      if (auto done = store.put_report(r, facts); !done) problem(done.error().message);
    }
    writing = false;
  });

  auto reader = [&] {
    do {
      auto reports = store.reports();
      if (!reports) {
        problem(reports.error().message);
        continue;
      }
      for (const auto& r : reports.value()) {
        const int k = std::stoi(r.kind.substr(4));
        if (r.fact_count != facts_of(k)) problem(r.id + ": fact_count " + std::to_string(r.fact_count));
        FactFilter filter;
        filter.report = r.id;
        auto facts = store.facts(filter);
        if (!facts) {
          problem(facts.error().message);
          continue;
        }
        if (facts.value().empty()) {
          problem(r.id + ": no facts");
          continue;
        }
        const std::string seen = facts.value()[0].fact.subject;
        const int seen_k = std::stoi(seen.substr(4));
        if (static_cast<int>(facts.value().size()) != facts_of(seen_k)) problem(r.id + ": half a report");
        for (const auto& f : facts.value()) {
          if (f.fact.subject != seen) problem(r.id + ": facts of two puts");
        }
      }
      if (auto s = store.series({}); !s) problem(s.error().message);
      if (auto d = store.districts(); !d) problem(d.error().message);
      if (auto c = store.count_facts(); !c) problem(c.error().message);
      ++reads;
    } while (writing);
  };

  // A reader on a connection of its own checks every report's count in one statement.
  auto raw_reader = [&] {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
      problem("raw open failed");
      sqlite3_close(db);
      return;
    }
    sqlite3_busy_timeout(db, 5000);
    do {
      sqlite3_stmt* stmt = nullptr;
      int rc =
          sqlite3_prepare_v2(db,
                             "SELECT count(*) FROM reports r "
                             "WHERE r.fact_count != (SELECT count(*) FROM facts f WHERE f.report = r.id)",
                             -1, &stmt, nullptr);
      if (rc == SQLITE_OK) rc = sqlite3_step(stmt);
      if (rc != SQLITE_ROW)
        problem(std::string("raw read: ") + sqlite3_errmsg(db));
      else if (sqlite3_column_int(stmt, 0) != 0)
        problem("raw read: a report's fact_count differs from its facts");
      sqlite3_finalize(stmt);
      ++reads;
    } while (writing);
    sqlite3_close(db);
  };

  std::vector<std::thread> readers;
  for (int i = 0; i < 3; ++i) readers.emplace_back(reader);
  readers.emplace_back(raw_reader);
  writer.join();
  for (auto& t : readers) t.join();

  INFO((problems.empty() ? std::string() : problems.front()));
  CHECK(problems.empty());
  CHECK(reads > 0);
  CHECK(must(store.count_reports()) == 4);
  int64_t expected = 0;
  for (int k = kPuts - 4; k < kPuts; ++k) expected += facts_of(k);
  CHECK(must(store.count_facts()) == expected);
}

TEST_CASE("statements kept on a reader from one read to the next read each time's data", "[store]") {
  TempDir dir;
  const std::string path = dir.file("jiedao.db");
  Store store = open_store(path);
  REQUIRE(store.put_report(make_report("r1"), {make_fact("jobs_added", 1), make_fact("jobs_added", 2)}));
  const auto first = must(store.facts({}));
  REQUIRE(first.size() == 2);
  const int64_t id = first[0].id;
  for (int round = 0; round < 3; ++round) {  // the same pooled reader, its statement reused
    auto one = must(store.fact(id));
    REQUIRE(one);
    CHECK(one->fact.value == 1);
    CHECK(must(store.facts_by_id({id, first[1].id, 999999})).size() == 2);
    CHECK_FALSE(must(store.fact(999999)));  // a read that finds nothing leaves the statement reusable
  }
  // A write between two reads: the kept statement reads the new snapshot, not the old one.
  REQUIRE(store.put_report(make_report("r1"), {make_fact("jobs_added", 5)}));
  CHECK_FALSE(must(store.fact(id)));
  const auto now = must(store.facts({}));
  REQUIRE(now.size() == 1);
  CHECK(must(store.fact(now[0].id))->fact.value == 5);
  // A change of schema by another connection: kept statements are prepared again, not stale.
  {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    CHECK(sqlite3_exec(db, "CREATE INDEX extra_index ON facts(value)", nullptr, nullptr, nullptr) ==
          SQLITE_OK);
    sqlite3_close(db);
  }
  CHECK(must(store.fact(now[0].id))->fact.value == 5);
  CHECK(must(store.report("r1")));
}

TEST_CASE("every column of a fact is written and read back as it was (store/fact_columns.h)", "[store]") {
  TempDir dir;
  Store store = open_store(dir.file("jiedao.db"));
  StoredFact s = make_fact("jobs_added", 3188);
  s.district = "江川路街道";
  s.county = "闵行区";
  s.city = "上海市";
  s.province = "上海市";
  s.code = "310112001";
  s.quote = "3188个";
  s.sentence = "新增就业岗位3188个";
  Fact& f = s.fact;
  f.subject = "新增就业岗位";
  f.value_max = 3200;
  f.unit = "count";
  f.measure = "个";
  f.qualifier = "about";
  f.change = "";
  f.begin = 10;
  f.end = 19;
  f.period = {{2018, 1, 1}, {2018, 12, 31}};
  f.status = Status::kTarget;
  f.is_base_value = true;
  f.family = "jobs_added";
  f.counts = "items";
  f.of = "jobs_added";
  REQUIRE(store.put_report(make_report("r1"), {s}));
  const auto facts = must(store.facts({}));
  REQUIRE(facts.size() == 1);
  const StoredFact& back = facts[0];
  CHECK(back.report == "r1");
  CHECK(
      std::tie(back.district, back.county, back.city, back.province, back.code, back.quote, back.sentence) ==
      std::tie(s.district, s.county, s.city, s.province, s.code, s.quote, s.sentence));
  const Fact& g = back.fact;
  CHECK(std::tie(g.indicator, g.subject, g.value, g.unit, g.measure, g.qualifier, g.change, g.begin, g.end) ==
        std::tie(f.indicator, f.subject, f.value, f.unit, f.measure, f.qualifier, f.change, f.begin, f.end));
  CHECK(g.value_max == f.value_max);
  CHECK(g.period == f.period);
  CHECK(g.status == f.status);
  CHECK(g.is_base_value);
  CHECK(std::tie(g.family, g.counts, g.of) == std::tie(f.family, f.counts, f.of));
  // An empty period and no upper bound come back empty.
  StoredFact plain = make_fact("jobs_added", 1);
  plain.fact.period = {};
  REQUIRE(store.put_report(make_report("r2"), {plain}));
  FactFilter only;
  only.report = "r2";
  const auto again = must(store.facts(only));
  REQUIRE(again.size() == 1);
  CHECK(again[0].fact.period.empty());
  CHECK_FALSE(again[0].fact.value_max);
}

TEST_CASE("every column of a report is written and read back as it was (store/report_columns.h)", "[store]") {
  TempDir dir;
  Store store = open_store(dir.file("jiedao.db"));
  ReportRecord r =
      make_report("r1", {{2016, 1, 1}, {2020, 12, 31}}, CivilDate{2021, 2, 3}, "东柳街道", "鄞州区");
  r.path = "/reports/r1.txt";
  r.sha256 = std::string(64, 'a');
  r.city = "宁波市";
  r.province = "浙江省";
  r.code = "330212012";
  r.kind = "review of several years";
  r.ingested_at = "2026-12-07T10:00:00+08:00";
  r.data_version = "fingerprint";
  r.text = "东柳街道五年工作回顾";
  REQUIRE(store.put_report(r, {make_fact("jobs_added", 1), make_fact("jobs_added", 2)}));
  const auto back = must(store.report("r1"));
  REQUIRE(back);
  CHECK(std::tie(back->id, back->path, back->sha256, back->district, back->county, back->city, back->province,
                 back->code, back->kind, back->ingested_at, back->data_version,
                 back->text) == std::tie(r.id, r.path, r.sha256, r.district, r.county, r.city, r.province,
                                         r.code, r.kind, r.ingested_at, r.data_version, r.text));
  CHECK(back->period == r.period);
  CHECK(back->published == r.published);
  CHECK(back->fact_count == 2);  // what was stored with it, not what the record said
  // The list reads the same columns without the text; an empty period and no date come back empty.
  ReportRecord bare = make_report("r2", Period{}, std::nullopt);
  REQUIRE(store.put_report(bare, {}));
  const auto listed = must(store.reports(10, 0));
  REQUIRE(listed.size() == 2);
  CHECK((listed[0].code == "330212012" && listed[0].text.empty() && listed[0].fact_count == 2));
  CHECK((listed[1].period.empty() && !listed[1].published && listed[1].fact_count == 0));
}
