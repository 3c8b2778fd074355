// The whole series view of one store generation, in memory, indexed, and kept up to date
// district by district.
//
// A SeriesIndex is an immutable snapshot of series_view(store, {}) (series_view.h) taken at
// one Store::generation(). select(filter) gives the points that series_view(store, filter)
// would give for the store as it was then, in the same order, without a query: an indicator
// (with or without a district), a family and a district are ranges or lookups. A snapshot is
// safe to share between threads; a newer generation of the store makes it stale, never wrong
// about the generation it names.
//
// Every rule of the view (which fact a point shows, derived completion rates, the value of a
// year) works within one district, so the view of a district depends on that district's facts
// alone. update() therefore makes the next snapshot from an older one by reading only the
// districts the writes since then touched (Store::changes_since): an ingest of one report
// costs the view of its district, not the whole store's. The districts' points are shared
// between the snapshots that have them alike.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/result.h"
#include "store/store.h"

namespace jiedao::store {

class SeriesIndex {
 public:
  // The points of one district, in the order of series_view().
  using DistrictPoints = std::vector<SeriesPoint>;

  // Reads the whole view. The snapshot names the generation read before the view,
  // so that a write during the read leaves it stale rather than mislabelled.
  static Result<std::shared_ptr<const SeriesIndex>> build(const Store& store);

  // The snapshot of `store` at `changes.generation` or later: `older`, with the view of each of
  // `changes.districts` read again. With no districts named (the store no longer knows what
  // changed), the whole view is read, as build() does.
  static Result<std::shared_ptr<const SeriesIndex>> update(const SeriesIndex& older, const Store& store,
                                                           const Store::Changes& changes);

  uint64_t generation() const { return generation_; }
  // Every point, in the order of series_view().
  const std::vector<const SeriesPoint*>& points() const { return points_; }
  // The points by district, districts in their order as text.
  const std::map<std::string, std::shared_ptr<const DistrictPoints>>& districts() const { return districts_; }

  // The points that match `filter`, in the order of series_view().
  std::vector<const SeriesPoint*> select(const SeriesFilter& filter) const;

 private:
  SeriesIndex() = default;
  // points_ and families_ from districts_, keeping the order of `older` where it holds.
  void order(const SeriesIndex* older, const std::vector<std::string>& changed);

  uint64_t generation_ = 0;
  std::map<std::string, std::shared_ptr<const DistrictPoints>> districts_;
  std::vector<const SeriesPoint*> points_;  // sorted as series_view() sorts: by indicator, district, ...
  // The indicators of each family's points, in order: a family's points are their ranges.
  std::unordered_map<std::string, std::vector<std::string>> families_;
};

}  // namespace jiedao::store
