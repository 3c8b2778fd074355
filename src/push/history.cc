#include "push/history.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "model/date.h"
#include "model/status.h"
#include "model/time.h"

namespace jiedao::push {

namespace {

std::vector<Label> labels_of(const store::SeriesPoint& p) {
  std::vector<Label> labels{{"__name__", std::string(kHistoryMetric)},
                            {"indicator", p.indicator},
                            {"family", p.family},
                            {"unit", p.unit},
                            {"counts", p.counts},
                            {"of", p.of},
                            {"status", std::string(status_name(p.status))},
                            {"span", std::string(span_name(span_of(p.period)))},
                            {"district", p.district},
                            {"county", p.county},
                            {"code", p.code},
                            {"city", p.city},
                            {"province", p.province}};
  // An empty label is an absent one to Prometheus, and remote write forbids it.
  std::erase_if(labels, [](const Label& l) { return l.value.empty(); });
  std::sort(labels.begin(), labels.end(), [](const Label& a, const Label& b) { return a.name < b.name; });
  return labels;
}

}  // namespace

History history_of(const std::vector<store::SeriesPoint>& points) {
  std::vector<const store::SeriesPoint*> pointers;
  pointers.reserve(points.size());
  for (const store::SeriesPoint& p : points) pointers.push_back(&p);
  return history_of(pointers);
}

History history_of(const std::vector<const store::SeriesPoint*>& points) {
  // A series' labels → its points by time, the point over the most days at each.
  std::map<std::vector<Label>, std::map<int64_t, const store::SeriesPoint*>> series;
  History history;
  for (const store::SeriesPoint* point : points) {
    const store::SeriesPoint& p = *point;
    if (p.period.empty()) continue;
    auto& at = series[labels_of(p)];
    const int64_t ms = point_epoch_seconds(p.period) * 1000;
    auto [it, added] = at.try_emplace(ms, &p);
    if (added) continue;
    ++history.dropped;
    if (days_spanned(p.period) > days_spanned(it->second->period)) it->second = &p;
  }
  history.series.reserve(series.size());
  for (const auto& [labels, at] : series) {
    HistorySeries s{labels, {}};
    s.samples.reserve(at.size());
    for (const auto& [ms, p] : at) s.samples.push_back({ms, p->value});
    history.samples += s.samples.size();
    history.series.push_back(std::move(s));
  }
  return history;
}

}  // namespace jiedao::push
