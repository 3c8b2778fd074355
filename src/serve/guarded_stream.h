// One connection of serve/guarded_server.h, and the httplib::Stream over it.
//
// A GuardedConnection is owned by one thread at a time: a worker while it answers, the
// waiting room while it waits. GuardedStream reads the bytes the waiting room already read
// first, then the socket, never past the request's deadline, and writes with a timeout per
// send and a deadline for the whole answer.
#pragma once

#include <httplib.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

namespace jiedao::serve {

using Clock = std::chrono::steady_clock;

// Whether the answer now written on this thread is the connection's last (a handler refused a
// body unread): its header then says Connection: close, and no Keep-Alive that contradicts it.
bool& closing_after_answer();

// Milliseconds until `deadline`, from 0 to `cap`.
int millis_until(Clock::time_point deadline, std::chrono::milliseconds cap);

// Whether `fd` becomes ready for `events` (POLLIN, POLLOUT) within `millis`.
bool wait_for(int fd, short events, int millis);

// The text form of an IPv4 or IPv6 address; its port into `port` when not null.
std::string address_of(const sockaddr_storage& address, int* port);

struct GuardedConnection {
  int fd = -1;
  std::string address;
  std::string pending;         // read from the socket, not yet parsed
  Clock::time_point deadline;  // for the headers and body of the current request
  size_t requests = 0;
  // Answered and closing, its unread body read and dropped (up to a bound) before the close:
  // a client that sends its whole body before it reads would otherwise get a reset, not the answer.
  bool draining = false;
  uint64_t drained = 0;
  // Idle (no request begun) and chosen to make room for a new connection: closed by the waiting room.
  bool evict = false;
};

// How many workers may wait at once for clients that do not read what is sent to them:
// beyond it, a client whose socket is full is dropped at once, so that clients that pipeline
// requests and never read hold at most this many workers.
struct BlockedWriters {
  std::atomic<size_t> now{0};
  size_t max = 1;
};

class GuardedStream : public httplib::Stream {
 public:
  GuardedStream(GuardedConnection& c, std::chrono::milliseconds request_timeout, BlockedWriters& blocked)
      : c_(c), request_timeout_(request_timeout), blocked_(blocked) {}
  // The bytes read past this request (a pipelined next one) stay with the connection.
  ~GuardedStream() override { c_.pending.erase(0, offset_); }

  bool is_readable() const override;
  bool is_writable() const override;
  ssize_t read(char* ptr, size_t size) override;
  ssize_t write(const char* ptr, size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  socket_t socket() const override { return c_.fd; }

 private:
  int write_millis() const;
  ssize_t send_all(const char* ptr, size_t size);

  GuardedConnection& c_;
  const std::chrono::milliseconds request_timeout_;
  BlockedWriters& blocked_;
  mutable Clock::time_point write_deadline_{};
  size_t offset_ = 0;  // into c_.pending
  bool header_sent_ = false;
};

}  // namespace jiedao::serve
