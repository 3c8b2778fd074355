// The whole series view of one store generation, in memory, indexed.
//
// A SeriesIndex is an immutable snapshot of series_view(store, {}) (series_view.h)
// taken at one Store::generation(). select(filter) gives the points that
// series_view(store, filter) would give for the store as it was then, in the same
// order, without a query: the filters the API and the dashboards ask most
// (an indicator, an indicator and a district, a family) are hash lookups. A snapshot is
// safe to share between threads; a newer generation of the store makes it stale,
// never wrong about the generation it names.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/result.h"
#include "store/store.h"

namespace jiedao::store {

class SeriesIndex {
 public:
  // Reads the whole view. The snapshot names the generation read before the view,
  // so that a write during the read leaves it stale rather than mislabelled.
  static Result<std::shared_ptr<const SeriesIndex>> build(const Store& store);

  uint64_t generation() const { return generation_; }
  const std::vector<SeriesPoint>& points() const { return points_; }

  // The points that match `filter`, in the order of series_view().
  std::vector<const SeriesPoint*> select(const SeriesFilter& filter) const;

 private:
  SeriesIndex() = default;
  uint64_t generation_ = 0;
  std::vector<SeriesPoint> points_;  // sorted as series_view() sorts
  // Positions in points_, ascending: by indicator, by indicator + '\n' + district, by family.
  std::unordered_map<std::string, std::vector<uint32_t>> by_indicator_, by_indicator_district_, by_family_;
};

}  // namespace jiedao::store
