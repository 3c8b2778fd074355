#include "serve/view_cache.h"

namespace jiedao::serve {

ViewCache::ViewCache(const store::Store& store, std::chrono::milliseconds quiet)
    : store_(store), quiet_(quiet), builder_([this] { run(); }) {}

ViewCache::~ViewCache() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  builder_.join();
}

std::shared_ptr<const store::SeriesIndex> ViewCache::current() {
  const uint64_t generation = store_.generation();
  if (auto held = indexes_.find(generation)) return held;
  std::lock_guard<std::mutex> lock(mutex_);
  if (!wanted_) {
    wanted_ = true;
    changed_.notify_all();
  }
  return nullptr;
}

Result<std::shared_ptr<const store::SeriesIndex>> ViewCache::fresh() {
  const uint64_t generation = store_.generation();
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    if (auto held = indexes_.at_least(generation)) return held;
    if (error_ && error_generation_ >= generation) return *error_;
    if (stopping_) return Error{"the server is stopping"};
    wanted_ = urgent_ = true;
    changed_.notify_all();
    changed_.wait(lock);
  }
}

void ViewCache::run() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    changed_.wait(lock, [this] { return wanted_ || stopping_; });
    if (stopping_) return;
    // Wait for the store to be quiet, unless someone waits for the index.
    uint64_t seen = store_.generation();
    auto quiet_since = std::chrono::steady_clock::now();
    while (!urgent_ && !stopping_ && std::chrono::steady_clock::now() - quiet_since < quiet_) {
      changed_.wait_for(lock, std::chrono::milliseconds(50));
      if (const uint64_t now = store_.generation(); now != seen) {
        seen = now;
        quiet_since = std::chrono::steady_clock::now();
      }
    }
    if (stopping_) return;
    wanted_ = urgent_ = false;
    const uint64_t generation = store_.generation();
    if (indexes_.find(generation)) {
      changed_.notify_all();
      continue;
    }
    lock.unlock();
    // From the newest index, the districts written since; the whole view when there is none.
    const auto older = indexes_.newest();
    auto built = older ? store::SeriesIndex::update(*older, store_, store_.changes_since(older->generation()))
                       : store::SeriesIndex::build(store_);
    lock.lock();
    if (built) {
      const uint64_t built_at = built.value()->generation();
      indexes_.put(built_at, std::move(built).value());
      error_.reset();
    } else {
      error_ = built.error();
      error_generation_ = generation;
    }
    changed_.notify_all();
  }
}

}  // namespace jiedao::serve
