#include "serve/exposition.h"

#include <utility>
#include <vector>

namespace jiedao::serve {

Result<std::string> StoreExposition::render(ViewCache& views, const store::Store& store,
                                            const Metrics& metrics) {
  auto index = views.fresh();
  if (!index) return index.error();
  const uint64_t generation = index.value()->generation();
  auto shown = shown_.find(generation);
  if (!shown) {
    auto reports = store.count_reports();
    if (!reports) return reports.error();
    auto facts = store.count_facts();
    if (!facts) return facts.error();
    shown = shown_.put(generation, show(*index.value(), reports.value(), facts.value()));
  }
  return metrics.render(shown->points_text, shown->reports, shown->facts);
}

std::shared_ptr<const StoreExposition::Shown> StoreExposition::show(const store::SeriesIndex& index,
                                                                    int64_t reports, int64_t facts) {
  std::lock_guard lock(blocks_mutex_);
  std::map<const store::SeriesIndex::DistrictPoints*, Block> blocks;
  std::vector<const std::string*> lines;
  size_t conflicts = 0;
  for (const auto& [district, points] : index.districts()) {
    auto kept = blocks_.find(points.get());
    Block block = kept != blocks_.end()
                      ? std::move(kept->second)
                      : Block{points, Metrics::render_lines(*points), Metrics::count_conflicts(*points)};
    conflicts += block.conflicts;
    auto [at, added] = blocks.emplace(points.get(), std::move(block));
    lines.push_back(&at->second.lines);
  }
  auto shown = std::make_shared<const Shown>(Shown{Metrics::render_points(lines, conflicts), reports, facts});
  blocks_ = std::move(blocks);  // the districts of this index: what the next one shares with it
  return shown;
}

}  // namespace jiedao::serve
