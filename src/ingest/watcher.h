// FolderWatcher: tells when the files of a folder may have changed.
//
// Linux inotify on the folder (files created, written and closed, moved in
// or out, deleted). wait() returns once something happened and the folder
// has then been quiet for `settle` (a report still being copied is read
// after its last write), or when `stop` is set, or after `timeout` — the
// caller then simply syncs again, so a missed event costs at most one
// timeout. One thread uses a watcher.
#pragma once

#include <atomic>
#include <chrono>
#include <string>

#include "base/result.h"

namespace jiedao::ingest {

class FolderWatcher {
 public:
  static Result<FolderWatcher> open(const std::string& dir);
  FolderWatcher(FolderWatcher&& other) noexcept;
  FolderWatcher& operator=(FolderWatcher&&) = delete;
  ~FolderWatcher();

  enum class Event { kChanged, kTimeout, kStopped };
  Event wait(const std::atomic<bool>& stop, std::chrono::milliseconds timeout,
             std::chrono::milliseconds settle = std::chrono::milliseconds(300));

 private:
  explicit FolderWatcher(int fd) : fd_(fd) {}
  bool drain();  // reads pending events; true when there were any
  int fd_ = -1;
};

}  // namespace jiedao::ingest
