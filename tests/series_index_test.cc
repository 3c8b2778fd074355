// The series index (store/series_index.h): a snapshot of the series view that answers every
// filter as the view does, and goes stale, unchanged, after a write.
#include "store/series_index.h"

#include <catch2/catch.hpp>
#include <functional>
#include <string>
#include <vector>

#include "report/calendar.h"
#include "store/series_view.h"
#include "store_fixture.h"

using namespace jiedao;
using namespace jiedao::store;
using namespace jiedao::store_testing;

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

namespace {

// Every field of a point, as one line: two points are the same when their lines are.
std::string describe(const SeriesPoint& p) {
  std::string line = p.time + '|' + p.district + '|' + p.county + '|' + p.indicator + '|' + p.unit + '|' +
                     p.city + '|' + p.province + '|' + p.code + '|' + std::string(status_name(p.status)) +
                     '|' + p.family + '|' + p.counts + '|' + p.of + '|' + iso_date(p.period.start) + '|' +
                     iso_date(p.period.end) + '|' + std::to_string(p.value) + '|' +
                     std::to_string(p.fact_id) + '|' + p.report + '|' + (p.conflict ? "conflict" : "") + '|' +
                     (p.reviewed ? "reviewed" : "") + '|' + (p.year_value ? "year" : "");
  for (int64_t id : p.also_stated_by) line += " also " + std::to_string(id);
  for (int64_t id : p.sources) line += " source " + std::to_string(id);
  return line;
}

std::vector<std::string> describe(const std::vector<const SeriesPoint*>& points) {
  std::vector<std::string> lines;
  for (const SeriesPoint* p : points) lines.push_back(describe(*p));
  return lines;
}

}  // namespace

TEST_CASE("an index updated district by district is the index read whole", "[store][series_index]") {
  TempDir dir;
  Store store = open_store(dir.file("jiedao.db"));
  auto fact = [](const char* indicator, double value, int year, const char* district, Status status,
                 const char* family = "") {
    StoredFact f = make_fact(indicator, value, report::years(year, year), district, "闵行区");
    f.fact.status = status;
    f.fact.family = family;
    return f;
  };
  const auto a = Status::kActual, t = Status::kTarget;
  auto index = must(SeriesIndex::build(store));
  // Each step is one write; after each, the index made from the last one and the districts the
  // write touched must be the index read whole, in every point and every answer.
  const std::vector<std::function<void()>> steps = {
      [&] {
        must(store.put_report(make_report("r1"), {fact("jobs_added", 3188, 2018, "江川路街道", a, "jobs"),
                                                  fact("jobs_added", 3000, 2018, "江川路街道", t, "jobs"),
                                                  fact("greening_area", 5, 2018, "七宝镇", a, "greening")}));
      },
      [&] {
        must(store.put_report(make_report("r2", report::years(2016, 2020), std::nullopt, "七宝镇"),
                              {fact("jobs_added", 800, 2018, "七宝镇", a, "jobs"),
                               fact("jobs_added", 900, 2018, "七宝镇", t, "jobs"),
                               fact("jobs_added", 3200, 2018, "江川路街道", a, "jobs")}));
      },
      [&] { must(store.set_meta("data_version", "v2")); },
      // r1 again, its facts moved from 七宝镇 to 虹桥镇: both change.
      [&] {
        must(store.put_report(make_report("r1"), {fact("jobs_added", 3188, 2018, "江川路街道", a, "jobs"),
                                                  fact("greening_area", 6, 2018, "虹桥镇", a, "greening")}));
      },
      // A report without a district, and then with one: its facts make points only then.
      [&] {
        must(store.put_report(make_report("r3", report::years(2018, 2018), std::nullopt, ""),
                              {fact("jobs_added", 321, 2018, "", a, "jobs")}));
      },
      [&] {
        must(store.put_report(make_report("r3", report::years(2018, 2018), std::nullopt, "七宝镇"),
                              {fact("jobs_added", 321, 2018, "七宝镇", a, "jobs")}));
      },
      [&] { must(store.remove_report("r3")); },
      [&] { must(store.remove_report("r2")); },
      [&] { must(store.remove_report("r1")); },
  };
  std::vector<SeriesFilter> filters(1);
  for (const char* indicator : {"", "jobs_added", "completion_rate", "greening_area"}) {
    for (const char* district : {"", "江川路街道", "七宝镇", "虹桥镇"}) {
      SeriesFilter f;
      f.indicator = indicator;
      f.district = district;
      filters.push_back(f);
    }
  }
  for (const char* family : {"jobs", "greening", "completion_rate"}) {
    SeriesFilter f;
    f.family = family;
    filters.push_back(f);
  }
  for (size_t step = 0; step < steps.size(); ++step) {
    INFO("after step " << step);
    steps[step]();
    const Store::Changes changes = store.changes_since(index->generation());
    REQUIRE(changes.districts);
    auto updated = must(SeriesIndex::update(*index, store, changes));
    auto whole = must(SeriesIndex::build(store));
    CHECK(updated->generation() == whole->generation());
    CHECK(describe(updated->points()) == describe(whole->points()));
    CHECK(updated->districts().size() == whole->districts().size());
    for (const SeriesFilter& f : filters) {
      INFO(f.indicator << " / " << f.district << " / " << f.family);
      CHECK(describe(updated->select(f)) == describe(whole->select(f)));
    }
    index = updated;
  }
  CHECK(index->points().empty());
}

TEST_CASE("the store names the districts its writes touched", "[store][series_index]") {
  TempDir dir;
  Store store = open_store(dir.file("jiedao.db"));
  const uint64_t start = store.generation();
  must(
      store.put_report(make_report("r1"), {make_fact("jobs_added", 1, report::years(2018, 2018), "七宝镇")}));
  const uint64_t first = store.generation();
  using Districts = std::vector<std::string>;
  CHECK(store.changes_since(start).districts == Districts{"七宝镇"});
  // Its old facts' district and its new facts' district.
  must(
      store.put_report(make_report("r1"), {make_fact("jobs_added", 1, report::years(2018, 2018), "虹桥镇")}));
  CHECK(store.changes_since(first).districts == Districts{"七宝镇", "虹桥镇"});
  CHECK(store.changes_since(start).districts == Districts{"七宝镇", "虹桥镇"});
  const uint64_t second = store.generation();
  must(store.set_meta("data_version", "v2"));  // no district: the series are as they were
  CHECK(store.changes_since(second).districts == Districts{});
  CHECK(store.changes_since(second).generation == store.generation());
  must(store.remove_report("r1"));
  CHECK(store.changes_since(second).districts == Districts{"虹桥镇"});
  // A report whose facts have no district yet (waiting for reports.tsv) changes no series; "" as a
  // district would be read as every district.
  const uint64_t third = store.generation();
  must(store.put_report(make_report("undated", Period{}, std::nullopt, ""),
                        {make_fact("jobs_added", 321, Period{}, "", "")}));
  CHECK(store.changes_since(third).districts == Districts{});
  // The store keeps the last kChangesKept writes; beyond them it no longer knows.
  for (size_t i = 0; i <= Store::kChangesKept; ++i) must(store.set_meta("n", std::to_string(i)));
  CHECK_FALSE(store.changes_since(second).districts.has_value());
  CHECK(store.changes_since(store.generation()).districts == Districts{});
}
