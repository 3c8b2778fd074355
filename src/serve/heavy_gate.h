// How many heavy answers (lists read from many rows: series, facts, reports, a report's page)
// are computed at once.
//
// Each such answer can take tens of megabytes while it is built and a large fraction of a
// second; without a bound, a few dozen of them at once take the daemon's memory and every
// worker, and /healthz stops answering. A HeavyGate lets `slots` of them run; at most
// `max_waiting` others wait for a slot, at most `wait` each (a waiter holds a worker: the
// bound keeps workers free for the light answers); the rest are answered 503 with
// Retry-After at once. Light answers
// (/healthz, /readyz, /metrics, a kept answer, /api/v1/value from the index) do not pass it.
// Thread safety: enter() may be called from any thread; a Slot is released by its owner.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <semaphore>

namespace jiedao::serve {

class HeavyGate {
 public:
  HeavyGate(size_t slots, size_t max_waiting, std::chrono::milliseconds wait)
      : semaphore_(static_cast<std::ptrdiff_t>(slots)),
        wait_(wait),
        slots_(slots),
        max_waiting_(max_waiting) {}

  // Held while a heavy answer is computed or streamed; frees its slot when destroyed.
  class Slot {
   public:
    explicit Slot(HeavyGate& gate) : gate_(gate) {}
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;
    ~Slot() { gate_.semaphore_.release(); }

   private:
    HeavyGate& gate_;
  };

  // A slot, or nullptr when none is free and too many wait, or none came free within the wait.
  std::shared_ptr<Slot> enter() {
    if (!semaphore_.try_acquire()) {
      if (waiting_.fetch_add(1) >= max_waiting_) {
        waiting_.fetch_sub(1);
        return nullptr;
      }
      const bool entered = semaphore_.try_acquire_for(wait_);
      waiting_.fetch_sub(1);
      if (!entered) return nullptr;
    }
    return std::make_shared<Slot>(*this);
  }

  size_t slots() const { return slots_; }

 private:
  std::counting_semaphore<1 << 20> semaphore_;
  const std::chrono::milliseconds wait_;
  const size_t slots_;
  const size_t max_waiting_;
  std::atomic<size_t> waiting_{0};
};

}  // namespace jiedao::serve
