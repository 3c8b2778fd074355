#include "push/forwarder.h"

#include <algorithm>

namespace jiedao::push {

namespace {

constexpr std::chrono::milliseconds kFirstPause{1000}, kLongestPause{300000};

}  // namespace

Forwarder::Forwarder(RemoteWriteOptions options, Current current, Log log, std::chrono::milliseconds poll)
    : options_(std::move(options)), current_(std::move(current)), log_(std::move(log)), poll_(poll) {
  options_.max_attempts = 1;
  options_.progress = nullptr;
  thread_ = std::thread([this] { run(); });
}

Forwarder::~Forwarder() { stop(); }

void Forwarder::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Forwarder::run() {
  uint64_t sent = 0;  // the generation the receiver has
  bool failing = false;
  auto pause = kFirstPause;
  auto next_try = std::chrono::steady_clock::now();
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, poll_, [this] { return stopping_; });
    if (stopping_ || std::chrono::steady_clock::now() < next_try) continue;
    lock.unlock();
    const auto index = current_();
    if (index && index->generation() != sent) {
      const History history = history_of(index->points());
      auto pushed = push_history(history, options_);
      if (pushed) {
        sent = index->generation();
        log_(failing ? "remote_write_resumed" : "remote_write",
             std::to_string(pushed.value().samples) + " samples of " + std::to_string(pushed.value().series) +
                 " series sent to " + options_.url);
        failing = false;
        pause = kFirstPause;
      } else {
        log_("warning", pushed.error().message + "; the push is tried again in " +
                            std::to_string(pause.count() / 1000) + " s (ingests go on)");
        failing = true;
        next_try = std::chrono::steady_clock::now() + pause;
        pause = std::min(pause * 2, kLongestPause);
      }
    }
    lock.lock();
  }
}

}  // namespace jiedao::push
