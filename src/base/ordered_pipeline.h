// Work on many items by several threads, with the results taken in order by one.
//
// ordered_pipeline(n, threads, ahead, prepare, commit) calls prepare(i) for every i in
// [0, n) on `threads` worker threads and commit(i, result) on the calling thread in the
// order of i, each commit as soon as its item is prepared. Workers run at most `ahead`
// items beyond the one being committed, so memory stays bounded however large n is.
// commit returns false to stop: nothing further is committed, and the workers finish the
// item they hold and stop. prepare must be safe to call from several threads at once and
// must not throw. With threads == 0 everything runs on the calling thread.
//
// The ingester uses it to extract reports on every core while one thread writes them to
// the store, in the order of their files.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace jiedao {

template <class T, class Prepare, class Commit>
void ordered_pipeline(size_t n, size_t threads, size_t ahead, Prepare&& prepare, Commit&& commit) {
  if (threads == 0) {
    for (size_t i = 0; i < n; ++i) {
      T result = prepare(i);
      if (!commit(i, result)) return;
    }
    return;
  }
  if (ahead == 0) ahead = 1;
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<std::optional<T>> slots(n);
  size_t next = 0, committed = 0;
  bool stopping = false;
  auto work = [&] {
    std::unique_lock<std::mutex> lock(mutex);
    for (;;) {
      changed.wait(lock, [&] { return stopping || next >= n || next < committed + ahead; });
      if (stopping || next >= n) return;
      const size_t i = next++;
      lock.unlock();
      T result = prepare(i);
      lock.lock();
      slots[i].emplace(std::move(result));
      changed.notify_all();
    }
  };
  std::vector<std::thread> workers;
  for (size_t t = 0; t < threads; ++t) workers.emplace_back(work);
  for (size_t i = 0; i < n; ++i) {
    std::unique_lock<std::mutex> lock(mutex);
    changed.wait(lock, [&] { return slots[i].has_value(); });
    T result = std::move(*slots[i]);
    slots[i].reset();
    committed = i + 1;
    changed.notify_all();
    lock.unlock();
    if (!commit(i, result)) break;
  }
  {
    std::lock_guard<std::mutex> lock(mutex);
    stopping = true;
  }
  changed.notify_all();
  for (auto& worker : workers) worker.join();
}

}  // namespace jiedao
