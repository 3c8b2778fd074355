// What was computed from the store, kept for the store generation it was computed at.
//
// The store's generation (store::Store::generation()) changes with every committed write, and
// what was computed from one generation stays right until the next. A GenerationCache holds the
// newest value and its generation: a value of an older generation than the one held is not
// kept (it was computed across a write), and a lookup for another generation finds nothing.
// The daemon's three caches stand on it: the series index (view_cache.h), the kept answers
// (answer_cache.h) and the /metrics text. Safe to share between threads.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <utility>

namespace jiedao::serve {

template <class T>
class GenerationCache {
 public:
  // The value kept for exactly `generation`, or nullptr.
  std::shared_ptr<T> find(uint64_t generation) const {
    std::lock_guard<std::mutex> lock(mutex_);
    return value_ && generation_ == generation ? value_ : nullptr;
  }

  // The value kept for `generation` or a later one, or nullptr.
  std::shared_ptr<T> at_least(uint64_t generation) const {
    std::lock_guard<std::mutex> lock(mutex_);
    return value_ && generation_ >= generation ? value_ : nullptr;
  }

  // The newest value kept, of whatever generation, or nullptr.
  std::shared_ptr<T> newest() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return value_;
  }

  // Keeps `value` as of `generation` unless a later generation's value is kept; returns the
  // value kept for `generation` (`value`, or one another thread put for it first).
  std::shared_ptr<T> put(uint64_t generation, std::shared_ptr<T> value) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (value_ && generation_ == generation) return value_;
    if (!value_ || generation_ < generation) {
      value_ = std::move(value);
      generation_ = generation;
      return value_;
    }
    return value;  // older than what is kept: the caller's to use, not kept
  }

 private:
  mutable std::mutex mutex_;
  uint64_t generation_ = 0;
  std::shared_ptr<T> value_;
};

}  // namespace jiedao::serve
