// The series index (store/series_index.h) of the store's current generation,
// kept by a thread of its own so that answers never wait for it.
//
// current() is for answers: it gives the index when it is of the store's current
// generation, and otherwise nothing (the caller queries the store, which is always
// right) while a rebuild is asked for. The rebuild waits until the store has been
// quiet for a moment, so that a long ingest, which changes the store with every
// report, is not slowed down by rebuilding after each one. fresh() is for /metrics,
// which shows every point at once: it waits for an index of the current generation,
// building it at once if need be. A rebuild reads only the districts the writes since the
// last index touched (SeriesIndex::update), so /metrics after an ingest waits for little.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "base/result.h"
#include "serve/generation_cache.h"
#include "store/series_index.h"
#include "store/store.h"

namespace jiedao::serve {

class ViewCache {
 public:
  explicit ViewCache(const store::Store& store,
                     std::chrono::milliseconds quiet = std::chrono::milliseconds(300));
  ~ViewCache();  // stops and joins the rebuilding thread
  ViewCache(const ViewCache&) = delete;
  ViewCache& operator=(const ViewCache&) = delete;

  // The index of the store's current generation, or nullptr (a rebuild is then under way).
  std::shared_ptr<const store::SeriesIndex> current();

  // The index of the store's current generation, waiting for it; the store's error when
  // it cannot be read.
  Result<std::shared_ptr<const store::SeriesIndex>> fresh();

 private:
  void run();

  const store::Store& store_;
  const std::chrono::milliseconds quiet_;
  std::mutex mutex_;
  std::condition_variable changed_;
  GenerationCache<const store::SeriesIndex> indexes_;
  std::optional<Error> error_;  // of the last build, for the generation in error_generation_
  uint64_t error_generation_ = 0;
  bool wanted_ = false, urgent_ = false, stopping_ = false;
  std::thread builder_;
};

}  // namespace jiedao::serve
