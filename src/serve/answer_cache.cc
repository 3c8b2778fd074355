#include "serve/answer_cache.h"

namespace jiedao::serve {

void AnswerCache::start_generation(uint64_t generation) {
  if (generation == generation_) return;
  answers_.clear();
  bytes_ = 0;
  generation_ = generation;
}

std::shared_ptr<const CachedAnswer> AnswerCache::find(const std::string& key, uint64_t generation) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (generation > generation_) start_generation(generation);
  if (generation != generation_) return nullptr;
  const auto found = answers_.find(key);
  return found == answers_.end() ? nullptr : found->second;
}

void AnswerCache::put(const std::string& key, uint64_t generation, CachedAnswer answer) {
  const size_t size = key.size() + answer.body.size() + answer.content_type.size() + 64;
  if (size > max_bytes_ / 4) return;  // one huge answer would push out all the others
  std::lock_guard<std::mutex> lock(mutex_);
  if (generation > generation_) start_generation(generation);
  if (generation != generation_) return;
  if (bytes_ + size > max_bytes_) {
    answers_.clear();
    bytes_ = 0;
  }
  auto [at, inserted] = answers_.try_emplace(key, std::make_shared<const CachedAnswer>(std::move(answer)));
  if (inserted) bytes_ += size;
}

std::shared_ptr<const CachedAnswer> AnswerCache::compute(
    const std::string& key, uint64_t generation,
    const std::function<std::shared_ptr<const CachedAnswer>()>& compute) {
  const std::string flight_key = std::to_string(generation) + '\x1e' + key;
  std::promise<std::shared_ptr<const CachedAnswer>> promise;
  {
    std::unique_lock<std::mutex> lock(mutex_);
    if (auto found = flights_.find(flight_key); found != flights_.end()) {
      Flight flight = found->second;
      lock.unlock();
      return flight.get();
    }
    flights_.emplace(flight_key, promise.get_future().share());
  }
  // Whatever happens in compute (an exception included), the waiters get an answer or nullptr.
  std::shared_ptr<const CachedAnswer> answer;
  struct Land {
    AnswerCache& cache;
    const std::string& flight_key;
    std::promise<std::shared_ptr<const CachedAnswer>>& promise;
    std::shared_ptr<const CachedAnswer>& answer;
    ~Land() {
      {
        std::lock_guard<std::mutex> lock(cache.mutex_);
        cache.flights_.erase(flight_key);
      }
      promise.set_value(answer);
    }
  } land{*this, flight_key, promise, answer};
  answer = compute();
  if (answer) put(key, generation, *answer);
  return answer;
}

size_t AnswerCache::bytes() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return bytes_;
}

}  // namespace jiedao::serve
