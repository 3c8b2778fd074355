// Keeps a remote-write receiver in step with the store while `jiedao serve` runs.
//
// A thread of its own looks, every poll interval, at the series index of the store's current
// generation (serve/view_cache.h gives it); when the generation is one it has not sent, it sends
// the whole history (push/history.h), which is idempotent, so that a receiver that missed a push
// catches up on the next. A receiver that fails is tried again after a pause that doubles from
// one second to five minutes; the ingests never wait for it. stop() joins the thread after at
// most the request under way (options.timeout).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "push/remote_write.h"
#include "store/series_index.h"

namespace jiedao::push {

class Forwarder {
 public:
  using Current = std::function<std::shared_ptr<const store::SeriesIndex>()>;  // nullptr: not built yet
  using Log = std::function<void(const std::string& event, const std::string& details)>;

  // Starts the thread. Each request is tried once: the pause between tries is the forwarder's.
  Forwarder(RemoteWriteOptions options, Current current, Log log,
            std::chrono::milliseconds poll = std::chrono::seconds(1));
  ~Forwarder();  // stop()
  Forwarder(const Forwarder&) = delete;
  Forwarder& operator=(const Forwarder&) = delete;

  void stop();

 private:
  void run();

  RemoteWriteOptions options_;
  Current current_;
  Log log_;
  std::chrono::milliseconds poll_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace jiedao::push
