#include "serve/guarded_stream.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>

namespace jiedao::serve {

namespace {

constexpr int kWriteTimeoutMs = 5000;  // without progress: a client that stops reading is dropped

}  // namespace

bool& closing_after_answer() {
  thread_local bool closing = false;
  return closing;
}

int millis_until(Clock::time_point deadline, std::chrono::milliseconds cap) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return static_cast<int>(std::clamp(left, std::chrono::milliseconds(0), cap).count());
}

bool wait_for(int fd, short events, int millis) {
  pollfd p{fd, events, 0};
  int ready;
  do {
    ready = ::poll(&p, 1, millis);
  } while (ready < 0 && errno == EINTR);
  return ready > 0;
}

std::string address_of(const sockaddr_storage& a, int* port) {
  char text[INET6_ADDRSTRLEN] = "";
  if (a.ss_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(&a);
    ::inet_ntop(AF_INET, &in->sin_addr, text, sizeof text);
    if (port) *port = ntohs(in->sin_port);
  } else if (a.ss_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&a);
    ::inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof text);
    if (port) *port = ntohs(in6->sin6_port);
  }
  return text;
}

bool GuardedStream::is_readable() const {
  return offset_ < c_.pending.size() ||
         wait_for(c_.fd, POLLIN, millis_until(c_.deadline, std::chrono::milliseconds(INT_MAX)));
}

bool GuardedStream::is_writable() const { return wait_for(c_.fd, POLLOUT, write_millis()); }

ssize_t GuardedStream::read(char* ptr, size_t size) {
  if (offset_ >= c_.pending.size()) {
    c_.pending.clear();
    offset_ = 0;
    if (Clock::now() >= c_.deadline || !is_readable()) return -1;
    char buffer[16 * 1024];
    const ssize_t n = ::recv(c_.fd, buffer, sizeof buffer, 0);
    if (n <= 0) return n;
    c_.pending.assign(buffer, static_cast<size_t>(n));
  }
  const size_t n = std::min(size, c_.pending.size() - offset_);
  std::memcpy(ptr, c_.pending.data() + offset_, n);
  offset_ += n;
  return static_cast<ssize_t>(n);
}

// Never a blocking send: one of a large buffer blocks until the client has read all of it,
// and a client that pipelines requests and never reads would hold the worker for good. Each
// send takes what the socket has room for. When it has none, the worker waits for the client
// only if fewer than BlockedWriters::max workers wait already (else the client is dropped),
// and the client must make progress within kWriteTimeoutMs and take the whole answer within
// the request timeout.
ssize_t GuardedStream::write(const char* ptr, size_t size) {
  // cpp-httplib adds Keep-Alive to every answer whose request did not ask to close, even when
  // its handler set Connection: close: that header line is taken out of the header block.
  if (closing_after_answer() && !header_sent_) {
    std::string head(ptr, size);
    const size_t head_end = head.find("\r\n\r\n");
    if (const size_t at = head.find("\r\nKeep-Alive: "); at != std::string::npos && at < head_end) {
      head.erase(at, head.find("\r\n", at + 2) - at);
      header_sent_ = true;
      const ssize_t n = send_all(head.data(), head.size());
      return n < 0 ? n : static_cast<ssize_t>(size);
    }
  }
  return send_all(ptr, size);
}

ssize_t GuardedStream::send_all(const char* ptr, size_t size) {
  size_t sent = 0;
  bool waiting = false;
  auto done = [&](ssize_t result) {
    if (waiting) blocked_.now.fetch_sub(1);
    return result;
  };
  while (sent < size) {
    const ssize_t n = ::send(c_.fd, ptr + sent, size - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) {
      sent += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (!waiting && blocked_.now.fetch_add(1) >= blocked_.max) {
        blocked_.now.fetch_sub(1);
        return -1;
      }
      waiting = true;
      if (is_writable()) continue;
    }
    return done(sent > 0 ? static_cast<ssize_t>(sent) : -1);
  }
  return done(static_cast<ssize_t>(sent));
}

void GuardedStream::get_remote_ip_and_port(std::string& ip, int& port) const {
  sockaddr_storage a{};
  socklen_t length = sizeof a;
  if (::getpeername(c_.fd, reinterpret_cast<sockaddr*>(&a), &length) == 0) ip = address_of(a, &port);
}

void GuardedStream::get_local_ip_and_port(std::string& ip, int& port) const {
  sockaddr_storage a{};
  socklen_t length = sizeof a;
  if (::getsockname(c_.fd, reinterpret_cast<sockaddr*>(&a), &length) == 0) ip = address_of(a, &port);
}

// An answer must be written within the request timeout too: a client that reads one byte a
// second would otherwise hold a worker for as long as a large answer lasts.
int GuardedStream::write_millis() const {
  if (write_deadline_ == Clock::time_point{}) write_deadline_ = Clock::now() + request_timeout_;
  return std::min(kWriteTimeoutMs, millis_until(write_deadline_, std::chrono::milliseconds(INT_MAX)));
}

}  // namespace jiedao::serve
