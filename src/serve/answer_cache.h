// Answers already given, kept until the store changes.
//
// Dashboards ask the same questions again and again (Grafana refreshes every panel
// on a timer, many viewers open the same dashboard), and between two ingests the
// answer cannot change. An AnswerCache keeps the body, type and status of answers by
// request (path and parameters) for one store generation (generation_cache.h): the first
// lookup after a write starts an empty set of answers for the new generation. Its size is bounded
// in bytes; when full it starts again empty rather than tracking use, since a
// generation's working set of questions is small. Identical questions that arrive together
// share one computation (compute()): a burst of the same heavy question costs one answer.
// Safe to share between threads.
#pragma once

#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "serve/generation_cache.h"

namespace jiedao::serve {

struct CachedAnswer {
  int status = 200;
  std::string content_type;
  std::string body;
};

class AnswerCache {
 public:
  explicit AnswerCache(size_t max_bytes = 64u << 20) : max_bytes_(max_bytes) {}

  // The answer kept for `key` at `generation`, if any.
  std::shared_ptr<const CachedAnswer> find(const std::string& key, uint64_t generation);

  // Keeps `answer` for `key`, if it was computed at `generation` and that is still the
  // newest generation seen (an answer computed across a write is not kept).
  void put(const std::string& key, uint64_t generation, CachedAnswer answer);

  // The answer for `key` at `generation`: kept; or being computed by another thread, whose
  // answer this one waits for; or computed here by `compute`, which gives the answer to keep
  // and share or nullptr when it has none to share (it answered otherwise, such as streamed).
  // nullptr: compute it again (the thread it waited for had none to share).
  std::shared_ptr<const CachedAnswer> compute(
      const std::string& key, uint64_t generation,
      const std::function<std::shared_ptr<const CachedAnswer>()>& compute);

  size_t bytes() const;

 private:
  // The answers kept for one generation.
  struct Kept {
    std::mutex mutex;  // guards the rest
    size_t bytes = 0;
    std::unordered_map<std::string, std::shared_ptr<const CachedAnswer>> answers;
  };
  // The answers of `generation`: kept, or new and empty (kept only if it is the newest).
  std::shared_ptr<Kept> kept(uint64_t generation);

  const size_t max_bytes_;
  GenerationCache<Kept> generations_;
  std::mutex flights_mutex_;  // guards flights_
  using Flight = std::shared_future<std::shared_ptr<const CachedAnswer>>;
  std::unordered_map<std::string, Flight> flights_;  // by generation and key: being computed
};

}  // namespace jiedao::serve
