// The series view (store/series_view.h): completion rates derived from a target and an actual, or
// stated by the report, and points with their family and measure class.
#include "store/series_view.h"

#include <catch2/catch.hpp>
#include <map>
#include <string>

#include "report/calendar.h"
#include "store/series_index.h"
#include "store_fixture.h"

using namespace jiedao;
using namespace jiedao::store;
using namespace jiedao::store_testing;

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
