// The store: reports and facts in SQLite, the series they form, migrations and refusals.
#include "store/store.h"

#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <sstream>
#include <thread>

#include "report/calendar.h"
#include "serve/metrics.h"
#include "store/schema.h"
#include "store/series_index.h"
#include "store/series_view.h"

using namespace jiedao;
using namespace jiedao::store;
namespace fs = std::filesystem;

namespace {

// A fresh folder under the system's temporary folder, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    std::random_device random;
    path_ = fs::temp_directory_path() / ("jiedao-store-test-" + std::to_string(::getpid()) + "-" +
                                         std::to_string(counter++) + "-" + std::to_string(random()));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

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

Store open_store(const std::string& path) {
  auto store = Store::open(path);
  INFO((store ? std::string() : store.error().message));
  REQUIRE(store);
  return std::move(store).value();
}

template <class T>
T must(Result<T> result) {
  INFO((result ? std::string() : result.error().message));
  REQUIRE(result);
  return std::move(result).value();
}

ReportRecord make_report(const std::string& id, Period period = report::years(2018, 2018),
                         std::optional<CivilDate> published = CivilDate{2019, 1, 15},
                         const std::string& district = "江川路街道", const std::string& county = "闵行区") {
  ReportRecord r;
  r.id = id;
  r.path = "reports/" + id + ".txt";
  r.sha256 = std::string(64, 'a');
  r.district = district;
  r.county = county;
  r.kind = "year review";
  r.period = period;
  r.published = published;
  r.ingested_at = "2024-05-01T10:00:00+08:00";
  r.data_version = "data-v1";
  r.text = "全年新增就业岗位1200个。";
  return r;
}

StoredFact make_fact(const std::string& indicator, double value, Period period = report::years(2018, 2018),
                     const std::string& district = "江川路街道", const std::string& county = "闵行区") {
  StoredFact s;
  s.district = district;
  s.county = county;
  s.fact.indicator = indicator;
  s.fact.value = value;
  s.fact.unit = "count";
  s.fact.measure = "个";
  s.fact.subject = "新增就业岗位";
  s.fact.period = period;
  s.quote = "新增就业岗位" + std::to_string(static_cast<int>(value)) + "个";
  s.sentence = "全年" + s.quote + "。";
  return s;
}

int user_version(const std::string& path) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(stmt) == SQLITE_ROW);
  int version = sqlite3_column_int(stmt, 0);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return version;
}

// Runs SQL on a connection of its own: column `column` of every row ("" for NULL).
std::vector<std::string> sql_rows(const std::string& path, const std::string& sql, int column = 0) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  INFO(sql);
  REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK);
  std::vector<std::string> values;
  int rc = SQLITE_ROW;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    const unsigned char* text = sqlite3_column_text(stmt, column);
    values.emplace_back(text != nullptr ? reinterpret_cast<const char*>(text) : "");
  }
  CHECK(rc == SQLITE_DONE);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return values;
}

// The first column of the first row, or "".
std::string sql_value(const std::string& path, const std::string& sql) {
  const std::vector<std::string> rows = sql_rows(path, sql);
  return rows.empty() ? "" : rows.front();
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

std::vector<int64_t> fact_ids(const Store& store, const std::string& report) {
  std::vector<int64_t> ids;
  FactFilter filter;
  filter.report = report;
  filter.limit = 10000;
  for (const auto& f : must(store.facts(filter))) ids.push_back(f.id);
  return ids;
}

}  // namespace

TEST_CASE("a report and its facts read back as they were put", "[store]") {
  TempDir dir;
  Store store = open_store(dir.file("jiedao.db"));

  ReportRecord r = make_report("2018-jiangchuan", report::years(2018, 2018), CivilDate{2019, 1, 15});
  r.kind = "year review";
  r.fact_count = 99;  // the store counts for itself

  StoredFact a = make_fact("jobs_added", 1200);
  a.report = "ignored";  // the report's id is used
  a.fact.begin = 6;
  a.fact.end = 27;
  a.fact.qualifier = "approx";
  a.fact.is_base_value = false;
  a.fact.family = "jobs_added";
  a.fact.counts = "items";

  StoredFact b;
  b.district = "江川路街道";
  b.county = "闵行区";
  b.fact.begin = 30;
  b.fact.end = 40;
  b.fact.value = 2;
  b.fact.value_max = 3.5;
  b.fact.unit = "times";
  b.fact.measure = "次";
  b.fact.qualifier = "at_least";
  b.fact.change = "yoy";
  b.fact.indicator = "";
  b.fact.subject = "开展活动";
  b.fact.is_base_value = true;
  b.fact.period = report::first_half(2019);
  b.fact.status = Status::kTarget;
  b.quote = "2-3.5次";
  b.sentence = "计划开展活动2-3.5次。";
  b.fact.family = "completion_rate";
  b.fact.of = "illegal_structures_demolished";

  StoredFact c = make_fact("jobs_added", 7);
  c.fact.period = {};  // no period

  must(store.put_report(r, {a, b, c}));

  auto reports = must(store.reports());
  REQUIRE(reports.size() == 1);
  const ReportRecord& listed = reports[0];
  CHECK(listed.id == r.id);
  CHECK(listed.path == r.path);
  CHECK(listed.sha256 == r.sha256);
  CHECK(listed.district == r.district);
  CHECK(listed.county == r.county);
  CHECK(listed.kind == r.kind);
  CHECK(listed.period == r.period);
  REQUIRE(listed.published.has_value());
  CHECK(*listed.published == CivilDate{2019, 1, 15});
  CHECK(listed.ingested_at == r.ingested_at);
  CHECK(listed.data_version == r.data_version);
  CHECK(listed.text.empty());
  CHECK(listed.fact_count == 3);

  auto full = must(store.report(r.id));
  REQUIRE(full.has_value());
  CHECK(full->text == r.text);
  CHECK(full->fact_count == 3);
  CHECK_FALSE(must(store.report("absent")).has_value());

  auto facts = must(store.facts({}));
  REQUIRE(facts.size() == 3);
  const StoredFact* expected[] = {&a, &b, &c};
  for (size_t i = 0; i < facts.size(); ++i) {
    INFO("fact " << i);
    const StoredFact& got = facts[i];
    const StoredFact& want = *expected[i];
    CHECK(got.id > 0);
    CHECK(got.report == r.id);
    CHECK(got.district == want.district);
    CHECK(got.county == want.county);
    CHECK(got.quote == want.quote);
    CHECK(got.sentence == want.sentence);
    CHECK(got.fact.begin == want.fact.begin);
    CHECK(got.fact.end == want.fact.end);
    CHECK(got.fact.value == want.fact.value);
    CHECK(got.fact.value_max == want.fact.value_max);
    CHECK(got.fact.unit == want.fact.unit);
    CHECK(got.fact.measure == want.fact.measure);
    CHECK(got.fact.qualifier == want.fact.qualifier);
    CHECK(got.fact.change == want.fact.change);
    CHECK(got.fact.indicator == want.fact.indicator);
    CHECK(got.fact.subject == want.fact.subject);
    CHECK(got.fact.is_base_value == want.fact.is_base_value);
    CHECK(got.fact.period == want.fact.period);
    CHECK(got.fact.status == want.fact.status);
    CHECK(got.fact.family == want.fact.family);
    CHECK(got.fact.counts == want.fact.counts);
    CHECK(got.fact.of == want.fact.of);

    auto one = must(store.fact(got.id));
    REQUIRE(one.has_value());
    CHECK(one->fact.subject == want.fact.subject);
    CHECK(one->fact.value_max == want.fact.value_max);
  }
  CHECK_FALSE(must(store.fact(987654)).has_value());
  CHECK(sql_value(dir.file("jiedao.db"), "SELECT group_concat(seq) FROM facts ORDER BY seq") == "0,1,2");
  CHECK(sql_value(dir.file("jiedao.db"), "SELECT period_start IS NULL FROM facts WHERE seq = 2") == "1");

  // A report with neither period nor publication date.
  ReportRecord bare = make_report("bare", Period{}, std::nullopt);
  must(store.put_report(bare, {}));
  auto got = must(store.report("bare"));
  REQUIRE(got.has_value());
  CHECK(got->period.empty());
  CHECK_FALSE(got->published.has_value());
  CHECK(got->fact_count == 0);

  auto states = must(store.report_states());
  REQUIRE(states.size() == 2);
  CHECK(states.at(r.id).path == r.path);
  CHECK(states.at(r.id).sha256 == r.sha256);
  CHECK(states.at(r.id).data_version == "data-v1");
  CHECK(must(store.count_reports()) == 2);
  CHECK(must(store.count_facts()) == 3);
}

TEST_CASE("putting the same report twice gives the same counts", "[store]") {
  TempDir dir;
  Store store = open_store(dir.file("jiedao.db"));
  ReportRecord r = make_report("r1");
  std::vector<StoredFact> facts = {make_fact("jobs_added", 1), make_fact("jobs_added", 2)};
  for (int i = 0; i < 2; ++i) {
    REQUIRE(store.put_report(r, facts));
    CHECK(must(store.count_reports()) == 1);
    CHECK(must(store.count_facts()) == 2);
    CHECK(must(store.series({})).size() == 1);
    CHECK(must(store.report("r1"))->fact_count == 2);
  }
}

TEST_CASE("putting a report again replaces its facts", "[store]") {
  TempDir dir;
  Store store = open_store(dir.file("jiedao.db"));
  REQUIRE(store.put_report(make_report("r1"), {make_fact("jobs_added", 1), make_fact("jobs_added", 2),
                                               make_fact("jobs_added", 3)}));
  REQUIRE(store.put_report(make_report("r2"), {make_fact("jobs_added", 9)}));
  const auto old_ids = fact_ids(store, "r1");
  const auto other_ids = fact_ids(store, "r2");
  REQUIRE(old_ids.size() == 3);

  ReportRecord replaced = make_report("r1");
  replaced.sha256 = std::string(64, 'b');
  REQUIRE(store.put_report(replaced, {make_fact("greening_area", 50)}));

  const auto new_ids = fact_ids(store, "r1");
  REQUIRE(new_ids.size() == 1);
  for (int64_t id : old_ids) {
    CHECK(id != new_ids[0]);
    CHECK_FALSE(must(store.fact(id)).has_value());
  }
  CHECK(must(store.fact(new_ids[0]))->fact.indicator == "greening_area");
  CHECK(must(store.report("r1"))->fact_count == 1);
  CHECK(must(store.report("r1"))->sha256 == std::string(64, 'b'));
  CHECK(fact_ids(store, "r2") == other_ids);
  CHECK(must(store.count_facts()) == 2);
}

TEST_CASE("removing a report removes its facts and nothing else", "[store]") {
  TempDir dir;
  Store store = open_store(dir.file("jiedao.db"));
  REQUIRE(store.put_report(make_report("r1"), {make_fact("jobs_added", 1), make_fact("jobs_added", 2)}));
  REQUIRE(store.put_report(make_report("r2"), {make_fact("jobs_added", 9)}));
  const auto kept = fact_ids(store, "r2");

  REQUIRE(store.remove_report("r1"));
  CHECK_FALSE(must(store.report("r1")).has_value());
  CHECK(fact_ids(store, "r1").empty());
  CHECK(fact_ids(store, "r2") == kept);
  CHECK(must(store.count_reports()) == 1);
  CHECK(must(store.count_facts()) == 1);
  CHECK(store.remove_report("never-there"));
  CHECK(must(store.count_reports()) == 1);
}

TEST_CASE("reports are listed by id, a page at a time", "[store]") {
  TempDir dir;
  Store store = open_store(dir.file("jiedao.db"));
  for (const char* id : {"c", "a", "d", "b"}) REQUIRE(store.put_report(make_report(id), {}));
  auto ids = [&](int64_t limit, int64_t offset) {
    std::string out;
    for (const auto& r : must(store.reports(limit, offset))) out += r.id;
    return out;
  };
  CHECK(ids(-1, 0) == "abcd");
  CHECK(ids(2, 0) == "ab");
  CHECK(ids(2, 1) == "bc");
  CHECK(ids(10, 3) == "d");
  CHECK(ids(10, 4) == "");
  CHECK(ids(0, 0) == "");
  CHECK(ids(2, -5) == "ab");
}

TEST_CASE("meta values are set, replaced and read", "[store]") {
  TempDir dir;
  Store store = open_store(dir.file("jiedao.db"));
  CHECK_FALSE(must(store.meta("data_version")).has_value());
  REQUIRE(store.set_meta("data_version", "v1"));
  CHECK(must(store.meta("data_version")) == std::optional<std::string>("v1"));
  REQUIRE(store.set_meta("data_version", "v2"));
  CHECK(must(store.meta("data_version")) == std::optional<std::string>("v2"));
  REQUIRE(store.set_meta("quote's \"key\"; DROP TABLE meta", "x"));
  CHECK(must(store.meta("quote's \"key\"; DROP TABLE meta")) == std::optional<std::string>("x"));
}

TEST_CASE("a point shows the fact of the most specific, most recent report", "[store][series]") {
  struct Source {
    std::string id;
    Period period;
    std::optional<CivilDate> published;
  };
  struct Case {
    const char* name;
    Source first, second;  // put in this order; each states jobs_added 2018 for the same district
    std::string shown;     // the id of the report whose fact is shown
  };
  const Case cases[] = {
      {"a year review before a five-year review",
       {"a-five-year", report::years(2016, 2020), CivilDate{2021, 2, 1}},
       {"b-2018", report::years(2018, 2018), CivilDate{2019, 1, 10}},
       "b-2018"},
      {"a year review before a five-year review, whatever the ids",
       {"a-2018", report::years(2018, 2018), CivilDate{2019, 1, 10}},
       {"b-five-year", report::years(2016, 2020), CivilDate{2021, 2, 1}},
       "a-2018"},
      {"a half-year review before a year review",
       {"a-2018", report::years(2018, 2018), CivilDate{2019, 1, 10}},
       {"b-half", report::first_half(2018), CivilDate{2018, 7, 10}},
       "b-half"},
      {"equal periods: the most recently published",
       {"a-early", report::years(2018, 2018), CivilDate{2019, 1, 10}},
       {"b-late", report::years(2018, 2018), CivilDate{2019, 3, 1}},
       "b-late"},
      {"equal periods: the most recently published, whatever the ids",
       {"a-late", report::years(2018, 2018), CivilDate{2019, 3, 1}},
       {"b-early", report::years(2018, 2018), CivilDate{2019, 1, 10}},
       "a-late"},
      {"equal periods: a known publication date before an unknown one",
       {"a-unknown", report::years(2018, 2018), std::nullopt},
       {"b-known", report::years(2018, 2018), CivilDate{2019, 1, 10}},
       "b-known"},
      {"a report without a period counts as the longest",
       {"a-none", Period{}, CivilDate{2019, 5, 1}},
       {"b-five-year", report::years(2016, 2020), CivilDate{2021, 2, 1}},
       "b-five-year"},
      {"all equal: the first report id",
       {"b-same", report::years(2018, 2018), CivilDate{2019, 1, 10}},
       {"a-same", report::years(2018, 2018), CivilDate{2019, 1, 10}},
       "a-same"},
  };
  for (const Case& c : cases) {
    SECTION(c.name) {
      TempDir dir;
      Store store = open_store(dir.file("jiedao.db"));
      for (const Source* s : {&c.first, &c.second}) {
        StoredFact other = make_fact("greening_area", 5);
        REQUIRE(store.put_report(make_report(s->id, s->period, s->published),
                                 {other, make_fact("jobs_added", s->id == c.shown ? 1200 : 1300)}));
      }
      SeriesFilter filter;
      filter.indicator = "jobs_added";
      auto points = must(store.series(filter));
      REQUIRE(points.size() == 1);
      const SeriesPoint& p = points[0];
      CHECK(p.report == c.shown);
      CHECK(p.value == 1200);
      CHECK(p.indicator == "jobs_added");
      CHECK(p.unit == "count");
      CHECK(p.district == "江川路街道");
      CHECK(p.county == "闵行区");
      CHECK(p.status == Status::kActual);
      CHECK(p.period == report::years(2018, 2018));
      CHECK(p.time == "2018-12-31T00:00:00+08:00");
      const std::string other_report = c.shown == c.first.id ? c.second.id : c.first.id;
      const auto shown_ids = fact_ids(store, c.shown);
      const auto other_ids = fact_ids(store, other_report);
      CHECK(p.fact_id == shown_ids.at(1));
      CHECK(p.also_stated_by == std::vector<int64_t>{other_ids.at(1)});
    }
  }
}

TEST_CASE("within one report the first fact in document order is shown", "[store][series]") {
  TempDir dir;
  Store store = open_store(dir.file("jiedao.db"));
  REQUIRE(store.put_report(make_report("r1"), {make_fact("jobs_added", 1), make_fact("jobs_added", 2),
                                               make_fact("jobs_added", 3)}));
  const auto ids = fact_ids(store, "r1");
  auto points = must(store.series({}));
  REQUIRE(points.size() == 1);
  CHECK(points[0].value == 1);
  CHECK(points[0].fact_id == ids[0]);
  CHECK(points[0].also_stated_by == std::vector<int64_t>{ids[1], ids[2]});
}

TEST_CASE("changes, base values and facts without indicator, period or district are not points",
          "[store][series]") {
  TempDir dir;
  Store store = open_store(dir.file("jiedao.db"));
  StoredFact change = make_fact("jobs_added", 36.7);
  change.fact.change = "yoy";
  change.fact.unit = "percent";
  StoredFact base = make_fact("jobs_added", 1000, report::years(2016, 2016));
  base.fact.is_base_value = true;
  StoredFact unknown = make_fact("", 5);
  StoredFact timeless = make_fact("greening_area", 5, Period{});
  StoredFact level = make_fact("jobs_added", 1200);
  // A report whose district cannot be found: its facts wait, stored, until reports.tsv says it.
  StoredFact nowhere = make_fact("jobs_added", 300, report::years(2018, 2018), "", "");
  REQUIRE(store.put_report(make_report("r1"), {change, base, unknown, timeless, level}));
  REQUIRE(store.put_report(make_report("r2", report::years(2018, 2018), std::nullopt, "", ""), {nowhere}));
  auto points = must(store.series({}));
  REQUIRE(points.size() == 1);
  CHECK(points[0].value == 1200);
  CHECK(points[0].also_stated_by.empty());
  CHECK(must(store.count_facts()) == 6);
}

TEST_CASE("points are grouped by unit, status, district and period", "[store][series]") {
  TempDir dir;
  Store store = open_store(dir.file("jiedao.db"));
  StoredFact percent = make_fact("jobs_added", 50);
  percent.fact.unit = "percent";
  StoredFact target = make_fact("jobs_added", 1500);
  target.fact.status = Status::kTarget;
  StoredFact five_years = make_fact("jobs_added", 6000, report::years(2014, 2018));
  StoredFact elsewhere = make_fact("jobs_added", 800, report::years(2018, 2018), "七宝镇", "闵行区");
  // No district: a county named but not the district (one the gazetteer does not know) would put a
  // town's figure on the county's line, so such facts wait for the district (reports.tsv).
  StoredFact county_a = make_fact("jobs_added", 10, report::years(2018, 2018), "", "闵行区");
  StoredFact county_b = make_fact("jobs_added", 20, report::years(2018, 2018), "", "徐汇区");
  REQUIRE(store.put_report(make_report("r1"), {make_fact("jobs_added", 1200), percent, target, five_years,
                                               elsewhere, county_a, county_b}));
  auto points = must(store.series({}));
  REQUIRE(points.size() == 5);
  for (const auto& p : points) CHECK(p.also_stated_by.empty());
  // Ordered by indicator, district, (county,) status, period end, unit.
  CHECK(points[0].district == "七宝镇");
  for (int i = 1; i < 5; ++i) CHECK(points[i].district == "江川路街道");
  // The same end: by unit, then the longer period first.
  CHECK((points[1].unit == "count" && points[1].period == report::years(2014, 2018) &&
         points[1].value == 6000));
  CHECK((points[2].unit == "count" && points[2].period == report::years(2018, 2018) &&
         points[2].value == 1200));
  CHECK((points[3].unit == "percent" && points[3].status == Status::kActual));
  CHECK((points[4].status == Status::kTarget && points[4].value == 1500));
}

TEST_CASE("series filters", "[store][series]") {
  TempDir dir;
  Store store = open_store(dir.file("jiedao.db"));
  auto fact = [](const char* indicator, int year, const char* district, const char* county, Status status) {
    StoredFact f = make_fact(indicator, year, report::years(year, year), district, county);
    f.fact.status = status;
    return f;
  };
  REQUIRE(store.put_report(make_report("r1"),
                           {
                               fact("jobs_added", 2016, "江川路街道", "闵行区", Status::kActual),
                               fact("jobs_added", 2017, "江川路街道", "闵行区", Status::kActual),
                               fact("jobs_added", 2018, "江川路街道", "闵行区", Status::kActual),
                               fact("jobs_added", 2019, "江川路街道", "闵行区", Status::kTarget),
                               fact("greening_area", 2018, "江川路街道", "闵行区", Status::kActual),
                               fact("jobs_added", 2018, "七宝镇", "闵行区", Status::kActual),
                               fact("jobs_added", 2018, "天平路街道", "徐汇区", Status::kActual),
                           }));
  auto with = [](auto set) {
    SeriesFilter f;
    set(f);
    return f;
  };
  struct Case {
    const char* name;
    SeriesFilter filter;
    size_t points;
  };
  const Case cases[] = {
      {"none", {}, 7},
      {"indicator", with([](SeriesFilter& f) { f.indicator = "jobs_added"; }), 6},
      {"unknown indicator", with([](SeriesFilter& f) { f.indicator = "no_such"; }), 0},
      {"district", with([](SeriesFilter& f) { f.district = "江川路街道"; }), 5},
      {"county", with([](SeriesFilter& f) { f.county = "徐汇区"; }), 1},
      {"status target", with([](SeriesFilter& f) { f.status = Status::kTarget; }), 1},
      {"status actual", with([](SeriesFilter& f) { f.status = Status::kActual; }), 6},
      {"from year", with([](SeriesFilter& f) { f.from_year = 2018; }), 5},
      {"to year", with([](SeriesFilter& f) { f.to_year = 2017; }), 2},
      {"from and to year", with([](SeriesFilter& f) {
         f.from_year = 2017;
         f.to_year = 2018;
       }),
       5},
      {"one year", with([](SeriesFilter& f) {
         f.from_year = 2018;
         f.to_year = 2018;
       }),
       4},
      {"all together", with([](SeriesFilter& f) {
         f.indicator = "jobs_added";
         f.district = "江川路街道";
         f.county = "闵行区";
         f.status = Status::kActual;
         f.from_year = 2017;
         f.to_year = 2018;
       }),
       2},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    auto points = must(store.series(c.filter));
    CHECK(points.size() == c.points);
    for (const auto& p : points) {
      if (!c.filter.indicator.empty()) CHECK(p.indicator == c.filter.indicator);
      if (!c.filter.district.empty()) CHECK(p.district == c.filter.district);
      if (!c.filter.county.empty()) CHECK(p.county == c.filter.county);
      if (c.filter.status) CHECK(p.status == *c.filter.status);
      if (c.filter.from_year != 0) CHECK(p.period.end.year >= c.filter.from_year);
      if (c.filter.to_year != 0) CHECK(p.period.end.year <= c.filter.to_year);
    }
  }
}

TEST_CASE("fact filters, text search and paging", "[store]") {
  TempDir dir;
  Store store = open_store(dir.file("jiedao.db"));
  StoredFact garbage = make_fact("garbage_sorted", 30);
  garbage.fact.subject = "湿垃圾";
  garbage.quote = "湿垃圾30吨";
  garbage.sentence = "分出湿垃圾30吨。";
  StoredFact in_sentence = make_fact("jobs_added", 5);
  in_sentence.sentence = "社区食堂新增就业岗位5个。";
  REQUIRE(store.put_report(make_report("r1"), {make_fact("jobs_added", 1), garbage, in_sentence}));
  REQUIRE(store.put_report(make_report("r2", report::years(2018, 2018), CivilDate{2019, 1, 1}, "七宝镇"),
                           {make_fact("jobs_added", 2, report::years(2018, 2018), "七宝镇")}));
  struct Case {
    const char* name;
    FactFilter filter;
    std::vector<double> values;
  };
  auto with = [](auto set) {
    FactFilter f;
    set(f);
    return f;
  };
  const Case cases[] = {
      {"none", {}, {1, 30, 5, 2}},
      {"report", with([](FactFilter& f) { f.report = "r2"; }), {2}},
      {"indicator", with([](FactFilter& f) { f.indicator = "jobs_added"; }), {1, 5, 2}},
      {"district", with([](FactFilter& f) { f.district = "七宝镇"; }), {2}},
      {"text in subject and quote", with([](FactFilter& f) { f.text = "湿垃圾"; }), {30}},
      {"text in sentence", with([](FactFilter& f) { f.text = "社区食堂"; }), {5}},
      {"text, quoted", with([](FactFilter& f) { f.text = "'; DROP TABLE facts; --"; }), {}},
      {"text and report",
       with([](FactFilter& f) {
         f.text = "就业";
         f.report = "r1";
       }),
       {1, 5}},
      {"limit", with([](FactFilter& f) { f.limit = 2; }), {1, 30}},
      {"limit and offset",
       with([](FactFilter& f) {
         f.limit = 2;
         f.offset = 2;
       }),
       {5, 2}},
      {"offset past the end", with([](FactFilter& f) { f.offset = 10; }), {}},
      {"negative limit", with([](FactFilter& f) { f.limit = -5; }), {}},
      {"negative offset", with([](FactFilter& f) { f.offset = -5; }), {1, 30, 5, 2}},
      {"huge limit", with([](FactFilter& f) { f.limit = 1'000'000'000; }), {1, 30, 5, 2}},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    std::vector<double> values;
    for (const auto& f : must(store.facts(c.filter))) values.push_back(f.fact.value);
    CHECK(values == c.values);
  }
  CHECK(must(store.count_facts()) == 4);
}

TEST_CASE("indicator counts and district summaries", "[store]") {
  TempDir dir;
  Store store = open_store(dir.file("jiedao.db"));
  StoredFact percent = make_fact("jobs_added", 50, report::years(2019, 2019));
  percent.fact.unit = "percent";
  REQUIRE(
      store.put_report(make_report("r1"), {make_fact("jobs_added", 1), make_fact("jobs_added", 2), percent,
                                           make_fact("", 3), make_fact("greening_area", 4, Period{})}));
  REQUIRE(store.put_report(make_report("r2", report::years(2016, 2016), CivilDate{2017, 1, 1}, "七宝镇"),
                           {make_fact("jobs_added", 2, report::years(2016, 2016), "七宝镇")}));
  REQUIRE(store.put_report(
      make_report("r3", report::years(2016, 2016), CivilDate{2017, 1, 1}, "天平路街道", "徐汇区"), {}));
  REQUIRE(store.put_report(make_report("r4", report::years(2016, 2016), CivilDate{2017, 1, 1}, "", "徐汇区"),
                           {make_fact("jobs_added", 2, report::years(2016, 2016), "", "徐汇区")}));

  auto counts = must(store.indicator_counts());
  REQUIRE(counts.size() == 3);
  CHECK((counts[0].indicator == "greening_area" && counts[0].unit == "count" && counts[0].facts == 1));
  CHECK((counts[1].indicator == "jobs_added" && counts[1].unit == "count" && counts[1].facts == 4));
  CHECK((counts[2].indicator == "jobs_added" && counts[2].unit == "percent" && counts[2].facts == 1));

  auto districts = must(store.districts());
  REQUIRE(districts.size() == 3);
  // Ordered by county, then district (bytewise).
  CHECK(districts[0].county == "徐汇区");
  CHECK(districts[0].district == "天平路街道");
  CHECK(districts[0].reports == 1);
  CHECK(districts[0].facts == 0);
  CHECK(districts[0].years.empty());
  const bool qibao_first = std::string("七宝镇") < std::string("江川路街道");
  const DistrictSummary& qibao = qibao_first ? districts[1] : districts[2];
  const DistrictSummary& jiangchuan = qibao_first ? districts[2] : districts[1];
  CHECK(qibao.district == "七宝镇");
  CHECK(qibao.county == "闵行区");
  CHECK(qibao.reports == 1);
  CHECK(qibao.facts == 1);
  CHECK(qibao.years == std::vector<int>{2016});
  CHECK(jiangchuan.district == "江川路街道");
  CHECK(jiangchuan.reports == 1);
  CHECK(jiangchuan.facts == 5);
  CHECK(jiangchuan.years == std::vector<int>{2018, 2019});
}

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
  CHECK(sql_value(path,
                  "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND sql LIKE "
                  "'%facts(district, status, period_end)%'") == "1");
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
                  "'%facts(family, district)%'") == "1");
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
  // The old report was not marked for extraction: its facts keep their data version.
  CHECK(must(store.report_state("old"))->data_version == "data-old");
  // And the triggers keep the index in step with the facts put afterwards.
  REQUIRE(store.remove_report("old"));
  CHECK(search("就业") == 0);
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

// ---- the series view: completion rates derived from a target and an actual ----

TEST_CASE("a target and an actual of the same point derive a completion rate", "[store][series_view]") {
  TempDir dir;
  Store store = open_store(dir.file("jiedao.db"));
  // The 2018 review states the actual; the 2017 review planned the target for 2018.
  StoredFact actual = make_fact("jobs_added", 3188);
  must(store.put_report(make_report("review2018"), {actual}));
  StoredFact target = make_fact("jobs_added", 3000);
  target.fact.status = Status::kTarget;
  must(store.put_report(make_report("review2017", report::years(2017, 2017)), {target}));

  auto view = must(series_view(store, {}));
  const SeriesPoint* rate = nullptr;
  for (const auto& p : view) {
    if (p.indicator == "completion_rate") rate = &p;
  }
  REQUIRE(rate != nullptr);
  CHECK(rate->of == "jobs_added");
  CHECK(rate->derived());
  CHECK(rate->family == "completion_rate");
  CHECK(rate->unit == "percent");
  CHECK(rate->status == Status::kActual);
  CHECK(rate->value == Approx(3188.0 / 3000.0 * 100.0));
  CHECK(rate->sources.size() == 2);
  // Filters apply to derived points as to stored ones.
  SeriesFilter only_rates;
  only_rates.indicator = "completion_rate";
  CHECK(must(series_view(store, only_rates)).size() == 1);
  SeriesFilter targets;
  targets.status = Status::kTarget;
  for (const auto& p : must(series_view(store, targets))) CHECK(p.indicator != "completion_rate");
  SeriesFilter elsewhere;
  elsewhere.district = "定海路街道";
  CHECK(must(series_view(store, elsewhere)).empty());
}

TEST_CASE("a rate the report states itself is not derived again", "[store][series_view]") {
  TempDir dir;
  Store store = open_store(dir.file("jiedao.db"));
  StoredFact actual = make_fact("illegal_structures_demolished", 92);
  actual.sentence = "拆除违法搭建92处(完成任务量的120%)。";
  StoredFact stated = make_fact("completion_rate", 120);
  stated.fact.unit = "percent";
  stated.sentence = actual.sentence;
  must(store.put_report(make_report("review2018"), {actual, stated}));
  StoredFact target = make_fact("illegal_structures_demolished", 80);
  target.fact.status = Status::kTarget;
  must(store.put_report(make_report("review2017", report::years(2017, 2017)), {target}));
  int rates = 0;
  for (const auto& p : must(series_view(store, {}))) {
    if (p.indicator == "completion_rate") {
      ++rates;
      CHECK_FALSE(p.derived());
      CHECK(p.value == 120);
    }
  }
  CHECK(rates == 1);
}

// A stated completion rate of a known task (拆除违法搭建…完成任务量的120%).
StoredFact stated_rate(double value, const std::string& of, const std::string& sentence) {
  StoredFact rate = make_fact("completion_rate", value);
  rate.fact.unit = "percent";
  rate.fact.measure = "%";
  rate.fact.family = "completion_rate";
  rate.fact.of = of;
  rate.sentence = sentence;
  return rate;
}

TEST_CASE("stated completion rates of different tasks are points of their own", "[store][series_view]") {
  TempDir dir;
  Store store = open_store(dir.file("jiedao.db"));
  must(store.put_report(make_report("review2018"),
                        {stated_rate(120, "illegal_structures_demolished", "拆违完成任务量的120%。"),
                         stated_rate(105, "jobs_added", "新增就业完成全年目标的105%。"),
                         stated_rate(98, "", "整改率98%。"), stated_rate(99, "", "办结率99%。")}));
  SeriesFilter rates;
  rates.indicator = "completion_rate";
  const auto points = must(series_view(store, rates));
  // Two tasks known, two points; the two rates of unknown tasks share the key of "".
  REQUIRE(points.size() == 3);
  std::map<std::string, double> by_of;
  for (const auto& p : points) {
    by_of[p.of] = p.value;
    CHECK_FALSE(p.derived());
    CHECK(p.family == "completion_rate");
  }
  CHECK(by_of ==
        std::map<std::string, double>{{"", 98}, {"illegal_structures_demolished", 120}, {"jobs_added", 105}});
  for (const auto& p : points) {
    if (p.of.empty()) CHECK(p.also_stated_by.size() == 1);
  }
  SeriesFilter one = rates;
  one.of = "jobs_added";
  REQUIRE(must(series_view(store, one)).size() == 1);
  CHECK(must(series_view(store, one))[0].value == 105);
  // The index answers as the view does.
  auto index = must(SeriesIndex::build(store));
  CHECK(index->select(rates).size() == 3);
  CHECK(index->select(one).size() == 1);
}

TEST_CASE("a rate stated of a task is not derived again in another sentence", "[store][series_view]") {
  TempDir dir;
  Store store = open_store(dir.file("jiedao.db"));
  StoredFact actual = make_fact("jobs_added", 3188);
  StoredFact target = make_fact("jobs_added", 3000);
  target.fact.status = Status::kTarget;
  must(store.put_report(make_report("review2018"),
                        {actual, target, stated_rate(106, "jobs_added", "完成全年目标的106%。")}));
  SeriesFilter rates;
  rates.indicator = "completion_rate";
  const auto points = must(series_view(store, rates));
  REQUIRE(points.size() == 1);
  CHECK(points[0].of == "jobs_added");
  CHECK(points[0].value == 106);
  CHECK_FALSE(points[0].derived());
}

TEST_CASE("points carry their family and measure class, and filter by family", "[store][series]") {
  TempDir dir;
  Store store = open_store(dir.file("jiedao.db"));
  StoredFact jobs = make_fact("jobs_added", 3188);
  jobs.fact.family = "jobs_added";
  jobs.fact.counts = "items";
  StoredFact households = make_fact("old_housing_renovated_households", 400);
  households.fact.counts = "households";
  households.fact.measure = "户";
  StoredFact wet = make_fact("garbage_wet", 18);
  wet.fact.unit = "t/d";
  wet.fact.family = "garbage";
  StoredFact dry = make_fact("garbage_dry", 9);
  dry.fact.unit = "t/d";
  dry.fact.family = "garbage";
  StoredFact part;  // a part of a total: a family without an id is a fact, not a point
  part = make_fact("", 5);
  part.fact.family = "garbage";
  must(store.put_report(make_report("review2018"), {jobs, households, wet, dry, part}));

  auto all = must(series_view(store, {}));
  REQUIRE(all.size() == 4);
  for (const auto& p : all) {
    INFO(p.indicator);
    if (p.indicator == "jobs_added") CHECK((p.family == "jobs_added" && p.counts == "items"));
    if (p.indicator == "old_housing_renovated_households")
      CHECK((p.family.empty() && p.counts == "households"));
    if (p.indicator == "garbage_wet") CHECK((p.family == "garbage" && p.counts.empty()));
  }
  auto index = must(SeriesIndex::build(store));
  for (const char* family : {"garbage", "jobs_added", "completion_rate", "nonsense"}) {
    INFO(family);
    SeriesFilter f;
    f.family = family;
    const auto expected = must(series_view(store, f));
    for (const auto& p : expected) CHECK(p.family == family);
    CHECK(expected.size() == (std::string(family) == "garbage"      ? 2u
                              : std::string(family) == "jobs_added" ? 1u
                                                                    : 0u));
    const auto got = index->select(f);
    REQUIRE(got.size() == expected.size());
    for (size_t i = 0; i < got.size(); ++i) CHECK(got[i]->fact_id == expected[i].fact_id);
  }
  FactFilter garbage;
  garbage.family = "garbage";
  CHECK(must(store.facts(garbage)).size() == 3);
  const auto counts = must(store.family_counts());
  REQUIRE(counts.size() == 2);
  CHECK((counts[0].family == "garbage" && counts[0].facts == 3));
  CHECK((counts[1].family == "jobs_added" && counts[1].facts == 1));
}

TEST_CASE("metrics: point timestamps and the OpenMetrics export", "[serve][metrics]") {
  SeriesPoint late, early;
  late.indicator = early.indicator = "jobs_added";
  late.unit = early.unit = "count";
  late.status = early.status = Status::kActual;
  late.district = "江川路\"街道";
  early.district = "定海路街道";
  late.period = report::years(2019, 2019);
  early.period = report::years(2016, 2016);
  late.value = 3188;
  early.value = 0.5;
  const std::string text = serve::render_openmetrics({late, early});
  CHECK(text.rfind("# HELP jiedao_indicator_value", 0) == 0);
  CHECK(text.find("district=\"江川路\\\"街道\"") != std::string::npos);       // quotes escaped
  CHECK(text.find("} 0.5 1483113600\n") < text.find("} 3188 1577721600\n"));  // sorted by time
  CHECK(text.size() >= 6);
  CHECK(text.substr(text.size() - 6) == "# EOF\n");
  serve::Metrics metrics("test");
  metrics.observe_request("/api/v1/series", 200, 0.002);
  const std::string exposition = metrics.render({late}, 5, 434);
  CHECK(exposition.find("jiedao_facts_stored 434") != std::string::npos);
  CHECK(exposition.find("jiedao_http_requests_total{code=\"200\",handler=\"/api/v1/series\"} 1") !=
        std::string::npos);
  CHECK(exposition.find("period=\"2019\"") != std::string::npos);
  CHECK(exposition.find("year=\"2019\"") != std::string::npos);
  // family, counts and of only where the point has them.
  CHECK(exposition.find("family=") == std::string::npos);
  late.family = "jobs_added";
  late.counts = "items";
  SeriesPoint rate = late;
  rate.indicator = "completion_rate";
  rate.family = "completion_rate";
  rate.counts.clear();
  rate.unit = "percent";
  rate.of = "illegal_structures_demolished";
  const std::string labelled = serve::Metrics::render_points({late, rate});
  CHECK(labelled.find(
            "{counts=\"items\",county=\"\",district=\"江川路\\\"街道\",family=\"jobs_added\",indicator="
            "\"jobs_added\",period=\"2019\",status=\"actual\",unit=\"count\",year=\"2019\"} 3188") !=
        std::string::npos);
  CHECK(
      labelled.find(
          "family=\"completion_rate\",indicator=\"completion_rate\",of=\"illegal_structures_demolished\"") !=
      std::string::npos);
}

TEST_CASE("the series index answers every filter as the series view does", "[store][series_index]") {
  TempDir dir;
  Store store = open_store(dir.file("jiedao.db"));
  auto fact = [](const char* indicator, double value, int year, const char* district, const char* county,
                 Status status) {
    StoredFact f = make_fact(indicator, value, report::years(year, year), district, county);
    f.fact.status = status;
    return f;
  };
  must(store.put_report(make_report("r1"),
                        {
                            fact("jobs_added", 3188, 2018, "江川路街道", "闵行区", Status::kActual),
                            fact("jobs_added", 3000, 2018, "江川路街道", "闵行区", Status::kTarget),
                            fact("jobs_added", 2900, 2017, "江川路街道", "闵行区", Status::kActual),
                            fact("greening_area", 5, 2018, "江川路街道", "闵行区", Status::kActual),
                            fact("jobs_added", 800, 2018, "七宝镇", "闵行区", Status::kActual),
                            fact("jobs_added", 700, 2018, "天平路街道", "徐汇区", Status::kActual),
                        }));
  // A second report stating the same point: provenance, not a second point.
  must(store.put_report(make_report("r2", report::years(2016, 2020)),
                        {fact("jobs_added", 3188, 2018, "江川路街道", "闵行区", Status::kActual)}));
  // More reports stating points of r1, each ranked by another part of the rule: a shorter own
  // period, a later or no publication date, no period at all, and two statements in one report.
  const auto jobs_2018 = fact("jobs_added", 3190, 2018, "江川路街道", "闵行区", Status::kActual);
  must(store.put_report(make_report("r3", Period{{2018, 1, 1}, {2018, 6, 30}}), {jobs_2018}));
  must(store.put_report(make_report("r4", report::years(2018, 2018), CivilDate{2019, 3, 1}),
                        {jobs_2018, jobs_2018}));
  must(store.put_report(make_report("r5", report::years(2018, 2018), std::nullopt), {jobs_2018}));
  must(store.put_report(make_report("r6", Period{}), {jobs_2018}));
  must(store.put_report(make_report("r0", report::years(2018, 2018), CivilDate{2019, 1, 15}), {jobs_2018}));
  auto index = must(SeriesIndex::build(store));
  CHECK(index->generation() == store.generation());

  std::vector<SeriesFilter> filters(1);
  for (const char* indicator : {"", "jobs_added", "completion_rate", "greening_area", "no_such"}) {
    for (const char* district : {"", "江川路街道", "七宝镇", "定海路街道"}) {
      for (const char* status : {"", "actual", "target"}) {
        for (int year : {0, 2017, 2018}) {
          SeriesFilter f;
          f.indicator = indicator;
          f.district = district;
          f.status = parse_status(status);
          f.from_year = f.to_year = year;
          filters.push_back(f);
        }
      }
    }
  }
  SeriesFilter county;
  county.county = "徐汇区";
  filters.push_back(county);
  size_t with_rate = 0;
  for (const SeriesFilter& f : filters) {
    INFO(f.indicator << " / " << f.district << " / " << (f.status ? status_name(*f.status) : "any") << " / "
                     << f.from_year);
    const auto expected = must(series_view(store, f));
    const auto got = index->select(f);
    REQUIRE(got.size() == expected.size());
    for (size_t i = 0; i < got.size(); ++i) {
      CHECK(got[i]->fact_id == expected[i].fact_id);
      CHECK(got[i]->indicator == expected[i].indicator);
      CHECK(got[i]->value == expected[i].value);
      CHECK(got[i]->also_stated_by == expected[i].also_stated_by);
      CHECK(got[i]->sources == expected[i].sources);
      if (got[i]->indicator == "completion_rate") ++with_rate;
    }
  }
  CHECK(with_rate > 0);  // the derived rate is among the answers

  // A write makes a snapshot stale; the snapshot itself does not change.
  SeriesFilter jobs;
  jobs.indicator = "jobs_added";
  jobs.district = "江川路街道";
  jobs.status = Status::kActual;
  jobs.from_year = jobs.to_year = 2018;
  REQUIRE(index->select(jobs).size() == 1);
  // r3 has the shortest own period; then r4 (published last) twice, in document order, r0 and
  // r1 (same date: by id), r5 (no date), r2 (five years), r6 (no period).
  const SeriesPoint* shown = index->select(jobs)[0];
  CHECK(shown->report == "r3");
  CHECK(shown->value == 3190);
  REQUIRE(shown->also_stated_by.size() == 7);
  const auto others = must(store.facts_by_id(shown->also_stated_by));
  std::vector<std::string> order;
  for (const auto& f : others) order.push_back(f.report);
  CHECK(order == std::vector<std::string>{"r4", "r4", "r0", "r1", "r5", "r2", "r6"});
  must(store.remove_report("r3"));
  CHECK(index->generation() != store.generation());
  CHECK(index->select(jobs)[0]->report == "r3");
  auto rebuilt = must(SeriesIndex::build(store));
  REQUIRE(rebuilt->select(jobs).size() == 1);
  CHECK(rebuilt->select(jobs)[0]->report == "r4");
}
