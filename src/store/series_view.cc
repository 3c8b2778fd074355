#include "store/series_view.h"

#include <algorithm>
#include <map>
#include <set>
#include <string_view>
#include <tuple>

namespace jiedao::store {

namespace {

// The catalogue's id of completion rates, and its family (data/families.tsv): a derived rate is
// a point of both, like the rates reports state.
constexpr const char* kCompletionRate = "completion_rate";

// Whether the report of `actual` states a completion rate in the same sentence.
Result<bool> rate_stated(const Store& store, const StoredFact& actual) {
  FactFilter filter;
  filter.report = actual.report;
  filter.indicator = kCompletionRate;
  filter.limit = 10000;
  auto rates = store.facts(filter);
  if (!rates) return rates.error();
  return std::any_of(rates.value().begin(), rates.value().end(),
                     [&](const StoredFact& r) { return r.sentence == actual.sentence; });
}

}  // namespace

bool view_order(const SeriesPoint& x, const SeriesPoint& y) {
  return std::tie(x.indicator, x.district, x.county, x.code, x.status, x.period.end, x.unit, x.of) <
         std::tie(y.indicator, y.district, y.county, y.code, y.status, y.period.end, y.unit, y.of);
}

bool point_matches(const SeriesPoint& p, const SeriesFilter& f) {
  return (f.indicator.empty() || p.indicator == f.indicator) &&
         (f.district.empty() || p.district == f.district) && (f.county.empty() || p.county == f.county) &&
         (!f.status || p.status == *f.status) && (f.family.empty() || p.family == f.family) &&
         (f.of.empty() || p.of == f.of) && (f.city.empty() || p.city == f.city) &&
         (f.province.empty() || p.province == f.province) &&
         (f.code.empty() || std::string_view(p.code).starts_with(f.code)) &&
         (f.from_year == 0 || p.period.end.year >= f.from_year) &&
         (f.to_year == 0 || p.period.end.year <= f.to_year);
}

void mark_year_values(std::vector<SeriesPoint>& points) {
  using Key = std::tuple<std::string_view, std::string_view, std::string_view, std::string_view,
                         std::string_view, Status, std::string_view, int>;
  std::map<Key, SeriesPoint*> best;
  for (SeriesPoint& p : points) {
    p.year_value = false;
    if (p.period.empty() || p.period.start.year != p.period.end.year) continue;
    const Key key{p.indicator, p.unit, p.district, p.county, p.code, p.status, p.of, p.period.end.year};
    auto [at, inserted] = best.try_emplace(key, &p);
    if (!inserted && days_spanned(p.period) > days_spanned(at->second->period)) at->second = &p;
  }
  for (auto& [key, p] : best) p->year_value = true;
}

namespace {

// The completion rate of an actual point and the target of the same key, as a point of its own.
SeriesPoint derived_rate(const SeriesPoint& actual, const SeriesPoint& target) {
  SeriesPoint rate = actual;
  rate.indicator = kCompletionRate;
  rate.family = kCompletionRate;
  rate.counts.clear();
  rate.unit = "percent";
  rate.status = Status::kActual;
  rate.value = actual.value / target.value * 100.0;
  rate.also_stated_by.clear();
  rate.conflict = false;  // its facts' conflicts are theirs, listed with their own points
  rate.reviewed = actual.reviewed || target.reviewed;
  rate.of = actual.indicator;
  rate.sources = {actual.fact_id, target.fact_id};
  return rate;
}

}  // namespace

Result<std::vector<SeriesPoint>> series_view(const Store& store, const SeriesFilter& filter) {
  const bool may_derive = (filter.indicator.empty() || filter.indicator == kCompletionRate) &&
                          (!filter.status || *filter.status == Status::kActual) &&
                          (filter.family.empty() || filter.family == kCompletionRate);
  if (!may_derive) {
    auto points = store.series(filter);
    if (points) mark_year_values(points.value());
    return points;
  }
  SeriesFilter wide = filter;
  wide.indicator.clear();
  wide.status.reset();
  wide.family.clear();
  wide.of.clear();
  auto points = store.series(wide);
  if (!points) return points.error();

  // Keys view the points' strings: the points stay put until the rates are made.
  using Key = std::tuple<std::string_view, std::string_view, std::string_view, std::string_view,
                         std::string_view, CivilDate, CivilDate>;
  const auto key_of = [](const SeriesPoint& p) {
    return Key{p.indicator, p.unit, p.district, p.county, p.code, p.period.start, p.period.end};
  };
  const auto may_have_rate = [](const SeriesPoint& p) {
    return p.indicator != kCompletionRate && p.unit != "percent";
  };
  std::map<Key, const SeriesPoint*> actual, target;
  // The rates reports state of a known task, by (task, unit, period): a rate derived there
  // would be a second point of the same key (completion_rate, of, ...).
  using TaskKey = std::tuple<std::string_view, std::string_view, std::string_view, std::string_view,
                             CivilDate, CivilDate>;
  std::set<TaskKey> stated_of;
  for (const SeriesPoint& p : points.value()) {
    if (may_have_rate(p) && p.status == Status::kTarget) target[key_of(p)] = &p;
    if (p.indicator == kCompletionRate && !p.of.empty() && p.status == Status::kActual)
      stated_of.insert(TaskKey{p.of, p.district, p.county, p.code, p.period.start, p.period.end});
  }
  for (const SeriesPoint& p : points.value()) {
    if (!may_have_rate(p) || p.status == Status::kTarget) continue;
    if (Key key = key_of(p); target.count(key) != 0) actual[key] = &p;
  }
  std::vector<SeriesPoint> rates;
  for (const auto& [key, a] : actual) {
    auto t = target.find(key);
    if (t == target.end() || t->second->value <= 0) continue;
    if (stated_of.count(
            TaskKey{a->indicator, a->district, a->county, a->code, a->period.start, a->period.end}) != 0)
      continue;
    auto fact = store.fact(a->fact_id);
    if (!fact) return fact.error();
    if (!fact.value()) continue;
    auto stated = rate_stated(store, *fact.value());
    if (!stated) return stated.error();
    if (stated.value()) continue;
    SeriesPoint rate = derived_rate(*a, *t->second);
    if (point_matches(rate, filter)) rates.push_back(std::move(rate));
  }
  // The stored points are moved, not copied: the whole view is a hundred thousand of them.
  std::vector<SeriesPoint> view;
  for (SeriesPoint& p : points.value()) {
    if (point_matches(p, filter)) view.push_back(std::move(p));
  }
  for (SeriesPoint& rate : rates) view.push_back(std::move(rate));
  std::stable_sort(view.begin(), view.end(), view_order);
  mark_year_values(view);
  return view;
}

}  // namespace jiedao::store
