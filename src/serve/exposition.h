// What /metrics shows of the store: the points' exposition (megabytes at 100,000 series) and
// the counts of reports and facts, kept for the series index's generation, behind the daemon's
// health metrics.
//
// Prometheus scrapes every 15 s and the store changes far less often, so a scrape between two
// ingests reuses the text. After an ingest only the districts it touched are rendered again:
// each district's lines are kept while the index holds the same points for it
// (SeriesIndex::districts() shares them between generations), and the text is those blocks in
// the order of the districts' names. Safe to call from any thread.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "base/result.h"
#include "serve/generation_cache.h"
#include "serve/metrics.h"
#include "serve/view_cache.h"
#include "store/series_index.h"
#include "store/store.h"

namespace jiedao::serve {

class StoreExposition {
 public:
  // The exposition of `metrics` and of the store as of its current generation (waiting for
  // the series index of it); the store's error when it cannot be read.
  Result<std::string> render(ViewCache& views, const store::Store& store, const Metrics& metrics);

 private:
  struct Shown {
    std::string points_text;
    int64_t reports = 0, facts = 0;
  };
  // The lines of one district's points and how many of them conflict; `points` keeps the key alive.
  struct Block {
    std::shared_ptr<const store::SeriesIndex::DistrictPoints> points;
    std::string lines;
    size_t conflicts = 0;
  };
  std::shared_ptr<const Shown> show(const store::SeriesIndex& index, int64_t reports, int64_t facts);

  GenerationCache<const Shown> shown_;
  std::mutex blocks_mutex_;  // guards blocks_
  std::map<const store::SeriesIndex::DistrictPoints*, Block> blocks_;
};

}  // namespace jiedao::serve
