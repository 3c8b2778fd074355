#include "ingest/watcher.h"

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace jiedao::ingest {

Result<FolderWatcher> FolderWatcher::open(const std::string& dir) {
  int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd < 0) return Error{std::string("cannot watch folders (inotify): ") + std::strerror(errno)};
  const uint32_t mask = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_CREATE | IN_ATTRIB |
                        IN_DELETE_SELF | IN_MOVE_SELF;
  if (inotify_add_watch(fd, dir.c_str(), mask) < 0) {
    const int error = errno;
    ::close(fd);
    return Error{dir + ": cannot watch the reports folder: " + std::strerror(error)};
  }
  return FolderWatcher(fd);
}

FolderWatcher::FolderWatcher(FolderWatcher&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }

FolderWatcher::~FolderWatcher() {
  if (fd_ >= 0) ::close(fd_);
}

bool FolderWatcher::drain() {
  alignas(inotify_event) char buffer[8192];
  bool any = false;
  while (true) {
    ssize_t n = ::read(fd_, buffer, sizeof buffer);
    if (n <= 0) break;
    any = true;
  }
  return any;
}

FolderWatcher::Event FolderWatcher::wait(const std::atomic<bool>& stop, std::chrono::milliseconds timeout,
                                         std::chrono::milliseconds settle) {
  using clock = std::chrono::steady_clock;
  constexpr std::chrono::milliseconds kTick(100);  // how often `stop` is looked at
  const auto deadline = clock::now() + timeout;
  bool changed = false;
  auto quiet_since = clock::now();
  while (!stop.load()) {
    pollfd pfd{fd_, POLLIN, 0};
    const int ready = ::poll(&pfd, 1, static_cast<int>(kTick.count()));
    if (ready > 0 && drain()) {
      changed = true;
      quiet_since = clock::now();
    }
    const auto now = clock::now();
    if (changed && now - quiet_since >= settle) return Event::kChanged;
    if (!changed && now >= deadline) return Event::kTimeout;
  }
  return Event::kStopped;
}

}  // namespace jiedao::ingest
