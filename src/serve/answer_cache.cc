#include "serve/answer_cache.h"

namespace jiedao::serve {

std::shared_ptr<AnswerCache::Kept> AnswerCache::kept(uint64_t generation) {
  if (auto held = generations_.find(generation)) return held;
  return generations_.put(generation, std::make_shared<Kept>());
}

std::shared_ptr<const CachedAnswer> AnswerCache::find(const std::string& key, uint64_t generation) {
  const auto answers = kept(generation);
  std::lock_guard<std::mutex> lock(answers->mutex);
  const auto found = answers->answers.find(key);
  return found == answers->answers.end() ? nullptr : found->second;
}

void AnswerCache::put(const std::string& key, uint64_t generation, CachedAnswer answer) {
  const size_t size = key.size() + answer.body.size() + answer.content_type.size() + 64;
  if (size > max_bytes_ / 4) return;  // one huge answer would push out all the others
  const auto answers = kept(generation);
  std::lock_guard<std::mutex> lock(answers->mutex);
  if (answers->bytes + size > max_bytes_) {
    answers->answers.clear();
    answers->bytes = 0;
  }
  auto [at, inserted] =
      answers->answers.try_emplace(key, std::make_shared<const CachedAnswer>(std::move(answer)));
  if (inserted) answers->bytes += size;
}

std::shared_ptr<const CachedAnswer> AnswerCache::compute(
    const std::string& key, uint64_t generation,
    const std::function<std::shared_ptr<const CachedAnswer>()>& compute) {
  const std::string flight_key = std::to_string(generation) + '\x1e' + key;
  std::promise<std::shared_ptr<const CachedAnswer>> promise;
  {
    std::unique_lock<std::mutex> lock(flights_mutex_);
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
        std::lock_guard<std::mutex> lock(cache.flights_mutex_);
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
  const auto answers = generations_.at_least(0);
  if (!answers) return 0;
  std::lock_guard<std::mutex> lock(answers->mutex);
  return answers->bytes;
}

}  // namespace jiedao::serve
