// The stored series (Store::series, store/store.h and store/series.cc): which fact a point shows,
// which facts make points, how they are grouped and filtered.
#include <catch2/catch.hpp>

#include "report/calendar.h"
#include "store/series_view.h"
#include "store/store.h"
#include "store_fixture.h"

using namespace jiedao;
using namespace jiedao::store;
using namespace jiedao::store_testing;

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

TEST_CASE("a unit is its district, county and code: one name in two cities is two series",
          "[store][series]") {
  TempDir dir;
  Store store = open_store(dir.file("jiedao.db"));
  // 解放街道 of 铁东区 is a unit of 鞍山 (210302002) and of 四平 (220303005).
  auto unit = [](double value, const char* code, const char* city) {
    StoredFact f = make_fact("jobs_added", value, report::years(2018, 2018), "解放街道", "铁东区");
    f.code = code;
    f.city = city;
    return f;
  };
  auto report = [](const char* id, const char* code, const char* city) {
    ReportRecord r = make_report(id, report::years(2018, 2018), CivilDate{2019, 1, 15}, "解放街道", "铁东区");
    r.code = code;
    r.city = city;
    return r;
  };
  REQUIRE(store.put_report(report("anshan", "210302002", "鞍山市"), {unit(300, "210302002", "鞍山市")}));
  REQUIRE(store.put_report(report("siping", "220303005", "四平市"), {unit(70, "220303005", "四平市")}));
  auto points = must(series_view(store, {}));
  REQUIRE(points.size() == 2);
  CHECK((points[0].code == "210302002" && points[0].value == 300 && points[0].year_value));
  CHECK((points[1].code == "220303005" && points[1].value == 70 && points[1].year_value));
  CHECK(points[0].also_stated_by.empty());
  // The same unit stated twice is still one point.
  REQUIRE(
      store.put_report(report("anshan-again", "210302002", "鞍山市"), {unit(300, "210302002", "鞍山市")}));
  CHECK(must(series_view(store, {})).size() == 2);
  // And /api/v1/districts lists two units, each with its own facts.
  auto districts = must(store.districts());
  REQUIRE(districts.size() == 2);
  CHECK((districts[0].code == "210302002" && districts[0].city == "鞍山市" && districts[0].reports == 2 &&
         districts[0].facts == 2));
  CHECK((districts[1].code == "220303005" && districts[1].city == "四平市" && districts[1].reports == 1 &&
         districts[1].facts == 1));
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

TEST_CASE("a point whose facts differ beyond their rounding is a conflict, until one is chosen",
          "[store][series]") {
  struct Case {
    const char* name;
    double a, a_step, b, b_step;
    bool conflict;
  };
  const Case cases[] = {
      {"1.51万 and 15100 state one value", 15100, 100, 15100, 1, false},
      {"1.5万 and 15040: within the rounding of 1.5万", 15000, 1000, 15040, 1, false},
      {"3万 and 30075: 3万 stands for 25000..35000", 30000, 10000, 30075, 1, false},
      {"30000 and 30075, both to the unit", 30000, 1, 30075, 1, true},
      {"8 and 19 居委会", 8, 1, 19, 1, true},
      {"87.6% and 100%", 87.6, 0.1, 100, 1, true},
      {"a corrected value stands exactly (step 0)", 1243, 0, 1243, 1, false},
  };
  for (const Case& c : cases) {
    SECTION(c.name) {
      TempDir dir;
      Store store = open_store(dir.file("jiedao.db"));
      StoredFact a = make_fact("jobs_added", c.a), b = make_fact("jobs_added", c.b);
      a.step = c.a_step;
      b.step = c.b_step;
      REQUIRE(store.put_report(make_report("r1"), {a, b}));
      auto points = must(store.series({}));
      REQUIRE(points.size() == 1);
      CHECK(points[0].conflict == c.conflict);
    }
  }
  SECTION("a chosen fact is shown, and its point is no conflict") {
    TempDir dir;
    Store store = open_store(dir.file("jiedao.db"));
    StoredFact a = make_fact("jobs_added", 8), b = make_fact("jobs_added", 19);
    b.chosen = true;
    b.review = R"({"fields":[],"chosen":true})";
    REQUIRE(store.put_report(make_report("r1"), {a, b}));
    auto points = must(store.series({}));
    REQUIRE(points.size() == 1);
    CHECK(points[0].value == 19);
    CHECK_FALSE(points[0].conflict);
    CHECK(points[0].reviewed);
    CHECK(points[0].also_stated_by.size() == 1);
  }
}
