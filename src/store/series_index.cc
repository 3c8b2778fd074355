#include "store/series_index.h"

#include "store/series_view.h"

namespace jiedao::store {

Result<std::shared_ptr<const SeriesIndex>> SeriesIndex::build(const Store& store) {
  std::shared_ptr<SeriesIndex> index(new SeriesIndex);
  index->generation_ = store.generation();
  auto view = series_view(store, {});
  if (!view) return view.error();
  index->points_ = std::move(view).value();
  for (uint32_t i = 0; i < index->points_.size(); ++i) {
    const SeriesPoint& p = index->points_[i];
    index->by_indicator_[p.indicator].push_back(i);
    index->by_indicator_district_[p.indicator + '\n' + p.district].push_back(i);
    if (!p.family.empty()) index->by_family_[p.family].push_back(i);
  }
  return std::shared_ptr<const SeriesIndex>(std::move(index));
}

std::vector<const SeriesPoint*> SeriesIndex::select(const SeriesFilter& filter) const {
  std::vector<const SeriesPoint*> out;
  const std::vector<uint32_t>* positions = nullptr;
  if (!filter.indicator.empty()) {
    const auto& map = filter.district.empty() ? by_indicator_ : by_indicator_district_;
    const auto found =
        map.find(filter.district.empty() ? filter.indicator : filter.indicator + '\n' + filter.district);
    if (found == map.end()) return out;
    positions = &found->second;
  } else if (!filter.family.empty()) {
    const auto found = by_family_.find(filter.family);
    if (found == by_family_.end()) return out;
    positions = &found->second;
  }
  if (positions != nullptr) {
    for (uint32_t i : *positions) {
      if (point_matches(points_[i], filter)) out.push_back(&points_[i]);
    }
  } else {
    for (const SeriesPoint& p : points_) {
      if (point_matches(p, filter)) out.push_back(&p);
    }
  }
  return out;
}

}  // namespace jiedao::store
