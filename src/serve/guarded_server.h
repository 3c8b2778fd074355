// An HTTP server that clients who send slowly, or many at once, cannot take down.
//
// Debian's cpp-httplib 0.11 gives each connection a pool thread from accept to
// close, and its 5 s timeout is per recv: a client that sends one header byte
// every few seconds holds a thread for as long as it likes, and 128 of them stop
// every answer. GuardedServer keeps a connection off the pool until it has sent
// the whole header block of a request: a waiting room (one thread, poll) reads
// it, and hands the connection to a worker only then. The worker reads the body
// (refused before it is read unless the route takes one, see serve/api.h),
// writes the answer and takes the next keep-alive request if its headers arrive
// within a few milliseconds; otherwise the connection goes back to the waiting
// room, which holds it without a thread.
//
// Limits: a request's headers and body must all arrive within request_timeout of
// the previous answer (or of the connect); one client address holds at most
// per_address connections and the server max_connections: at that bound the oldest idle
// connection (one that has begun no request) is closed to make room, as nginx does, so that
// idle connections from many addresses cannot lock others out; 429 and 503 beyond, then
// close; a header block is at most 16 KB (431). A connection whose body a
// handler refused (close_after_answer) gets its answer, then what the client
// still sends is read and dropped, up to drain_bytes and 2 s, before the close.
//
// Thread safety: configure before listen_after_bind(); then as httplib::Server.
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>

#include "serve/guarded_stream.h"

namespace jiedao::serve {

struct ConnectionLimits {
  size_t threads = 64;            // workers: requests whose headers are in, being answered
  size_t per_address = 64;        // open connections of one client address
  size_t max_connections = 4000;  // open connections in all, waiting ones included
  std::chrono::milliseconds request_timeout{std::chrono::seconds(30)};  // headers and body of one request
  uint64_t drain_bytes = 16 * 1024 * 1024;  // of a refused body, dropped unread before the close
};

// What the limits refused since start, for /metrics and the log.
struct ConnectionCounts {
  uint64_t refused_per_address = 0, refused_total = 0, timed_out = 0, headers_too_large = 0;
  uint64_t idle_closed = 0;  // idle connections closed to make room for new ones
  size_t open = 0, waiting = 0;
};

class GuardedServer : public httplib::Server {
 public:
  explicit GuardedServer(ConnectionLimits limits);
  ~GuardedServer() override;

  // Closes the connection once the answer now being written on this thread is sent, and
  // says so in a Connection: close header: for a handler that refuses a body unread.
  static void close_after_answer(httplib::Response& res);

  ConnectionCounts counts() const;

  class WaitingRoom;                     // internal: the thread that holds connections without a worker
  using Connection = GuardedConnection;  // a socket and the bytes read from it, not yet parsed

  // Answers requests on `connection` until it closes or must wait; on a worker thread.
  void serve(std::unique_ptr<Connection> connection);

 private:
  bool process_and_close_socket(socket_t sock) override;
  // Sends the end of the answer, drops what the client still sends (in the waiting room, for
  // at most 2 s and drain_bytes), then closes: so that the client reads the refusal.
  void linger(std::unique_ptr<Connection> connection);
  // Closes `connection` and gives its address's place back.
  void release(std::unique_ptr<Connection> connection);

  const ConnectionLimits limits_;
  std::unique_ptr<WaitingRoom> waiting_;
  BlockedWriters blocked_writers_;
};

}  // namespace jiedao::serve
