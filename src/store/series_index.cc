#include "store/series_index.h"

#include <algorithm>
#include <iterator>
#include <string_view>
#include <utility>

#include "store/series_view.h"

namespace jiedao::store {

namespace {

bool by_view_order(const SeriesPoint* x, const SeriesPoint* y) { return view_order(*x, *y); }

}  // namespace

Result<std::shared_ptr<const SeriesIndex>> SeriesIndex::build(const Store& store) {
  std::shared_ptr<SeriesIndex> index(new SeriesIndex);
  index->generation_ = store.generation();
  auto view = series_view(store, {});
  if (!view) return view.error();
  // The view is sorted by indicator first; each district keeps its points in that order.
  std::map<std::string, DistrictPoints> districts;
  for (SeriesPoint& p : view.value()) districts[p.district].push_back(std::move(p));
  for (auto& [district, points] : districts)
    index->districts_.emplace(district, std::make_shared<const DistrictPoints>(std::move(points)));
  index->order(nullptr, {});
  return std::shared_ptr<const SeriesIndex>(std::move(index));
}

Result<std::shared_ptr<const SeriesIndex>> SeriesIndex::update(const SeriesIndex& older, const Store& store,
                                                               const Store::Changes& changes) {
  if (!changes.districts) return build(store);
  std::shared_ptr<SeriesIndex> index(new SeriesIndex);
  index->generation_ = changes.generation;
  index->districts_ = older.districts_;
  for (const std::string& district : *changes.districts) {
    // A district filter of "" would be every district; facts without one make no points.
    if (district.empty()) continue;
    SeriesFilter filter;
    filter.district = district;
    auto view = series_view(store, filter);
    if (!view) return view.error();
    index->districts_.erase(district);
    if (!view.value().empty())
      index->districts_.emplace(district, std::make_shared<const DistrictPoints>(std::move(view).value()));
  }
  index->order(&older, *changes.districts);
  return std::shared_ptr<const SeriesIndex>(std::move(index));
}

void SeriesIndex::order(const SeriesIndex* older, const std::vector<std::string>& changed) {
  // Ties of view_order are points of one district, which keeps them in the view's order: a
  // stable sort of the districts' points one after the other is the view's order, and so is a
  // merge of the unchanged points (in order already) with the changed districts' (sorted).
  std::vector<const SeriesPoint*> fresh;
  for (const auto& [district, points] : districts_) {
    if (older != nullptr && !std::binary_search(changed.begin(), changed.end(), district)) continue;
    for (const SeriesPoint& p : *points) fresh.push_back(&p);
  }
  std::stable_sort(fresh.begin(), fresh.end(), by_view_order);
  points_.clear();
  if (older == nullptr) {
    points_ = std::move(fresh);
  } else {
    std::vector<const SeriesPoint*> kept;
    kept.reserve(older->points_.size());
    for (const SeriesPoint* p : older->points_) {
      if (!std::binary_search(changed.begin(), changed.end(), p->district)) kept.push_back(p);
    }
    points_.reserve(kept.size() + fresh.size());
    std::merge(kept.begin(), kept.end(), fresh.begin(), fresh.end(), std::back_inserter(points_),
               by_view_order);
  }
  // An indicator's points are one range of points_; each family lists the ranges it has points in.
  families_.clear();
  std::string_view indicator;
  std::vector<std::string_view> seen;  // the families of the current indicator's range
  for (const SeriesPoint* p : points_) {
    if (p->indicator != indicator) {
      indicator = p->indicator;
      seen.clear();
    }
    if (p->family.empty() || std::find(seen.begin(), seen.end(), p->family) != seen.end()) continue;
    seen.push_back(p->family);
    families_[p->family].push_back(p->indicator);
  }
}

std::vector<const SeriesPoint*> SeriesIndex::select(const SeriesFilter& filter) const {
  std::vector<const SeriesPoint*> out;
  const auto take = [&](auto begin, auto end) {
    for (auto it = begin; it != end; ++it) {
      if (point_matches(**it, filter)) out.push_back(*it);
    }
  };
  // The range of points_ of one indicator, or of one indicator and district.
  const auto take_range = [&](std::string_view indicator, std::string_view district) {
    // p's (indicator, district) against the one asked: < 0 before it, > 0 after it.
    const auto compare = [&](const SeriesPoint* p) {
      const int by_indicator = std::string_view(p->indicator).compare(indicator);
      return by_indicator != 0 || district.empty() ? by_indicator
                                                   : std::string_view(p->district).compare(district);
    };
    take(std::lower_bound(points_.begin(), points_.end(), 0,
                          [&](const SeriesPoint* p, int) { return compare(p) < 0; }),
         std::upper_bound(points_.begin(), points_.end(), 0,
                          [&](int, const SeriesPoint* p) { return compare(p) > 0; }));
  };
  if (!filter.indicator.empty()) {
    take_range(filter.indicator, filter.district);
  } else if (!filter.family.empty()) {
    const auto found = families_.find(filter.family);
    if (found == families_.end()) return out;
    for (const std::string& indicator : found->second) take_range(indicator, filter.district);
  } else if (!filter.district.empty()) {
    const auto found = districts_.find(filter.district);
    if (found == districts_.end()) return out;
    for (const SeriesPoint& p : *found->second) {
      if (point_matches(p, filter)) out.push_back(&p);
    }
  } else {
    take(points_.begin(), points_.end());
  }
  return out;
}

}  // namespace jiedao::store
