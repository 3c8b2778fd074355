#include "serve/guarded_server.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstring>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "serve/guarded_stream.h"
#include "serve/request_framing.h"

namespace jiedao::serve {

namespace {

// A worker waits this long for the next keep-alive request before it gives the
// connection to the waiting room: a benchmark's or a dashboard's next request comes
// within it, so busy connections keep their worker and idle ones cost none.
constexpr auto kGrace = std::chrono::milliseconds(50);
constexpr size_t kMaxHeaderBytes = 16 * 1024;  // cpp-httplib's own limit is 8 KB a line
constexpr size_t kMaxRequestsPerConnection = 1000;
constexpr auto kLinger = std::chrono::seconds(2);  // to drop a refused body before the close
constexpr size_t kEvictionSlack = 64;  // connections over the bound while idle ones are being closed

bool headers_complete(const std::string& bytes) { return bytes.find("\r\n\r\n") != std::string::npos; }

// The reason phrases of the statuses written here (cpp-httplib's table is not in its header).
const char* reason_phrase(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 408:
      return "Request Timeout";
    case 414:
      return "URI Too Long";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 501:
      return "Not Implemented";
    case 503:
      return "Service Unavailable";
    default:
      return "Error";
  }
}

// An answer written here, not by cpp-httplib, to a request that is refused unparsed; its
// connection closes after it. `message` holds no quote or backslash.
std::string error_answer(int status, const std::string& message) {
  const std::string body = "{\"error\":\"" + message + "\"}";
  return "HTTP/1.1 " + std::to_string(status) + " " + reason_phrase(status) +
         "\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

// A last answer to a connection that is being dropped: best effort, never blocking.
void send_and_close(int fd, int status, const std::string& message) {
  const std::string answer = error_answer(status, message);
  (void)!::send(fd, answer.data(), answer.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
  ::shutdown(fd, SHUT_WR);
  ::close(fd);
}

}  // namespace

// Admission (how many connections each address holds) and the connections that wait
// for their headers, polled by one thread.
class GuardedServer::WaitingRoom {
 public:
  WaitingRoom(GuardedServer& server, const ConnectionLimits& limits)
      : server_(server), limits_(limits), wake_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {
    thread_ = std::thread([this] { run(); });
  }
  ~WaitingRoom() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    wake();
    thread_.join();
    for (auto& c : waiting_) ::close(c->fd);
    ::close(wake_);
  }

  // 0 when `address` may open one more connection, else the status that refuses it.
  int admit(const std::string& address) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (open_ >= limits_.max_connections &&
        (open_ >= limits_.max_connections + kEvictionSlack || !evict_oldest_idle())) {
      ++counts_.refused_total;
      return 503;
    }
    size_t& mine = per_address_[address];
    if (mine >= limits_.per_address) {
      ++counts_.refused_per_address;
      return 429;
    }
    ++mine;
    ++open_;
    return 0;
  }

  // Marks the oldest idle connection of the room to be closed by its thread (mutex_ held):
  // only run() removes connections from waiting_. Until it does, open_ may exceed the bound
  // by the connections so marked, at most kEvictionSlack.
  bool evict_oldest_idle() {
    for (auto& c : waiting_) {
      if (c->evict || c->draining || !c->pending.empty()) continue;
      c->evict = true;
      ++counts_.idle_closed;
      wake();
      return true;
    }
    return false;
  }

  void leave(const std::string& address, bool timed_out, bool too_large) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = per_address_.find(address);
    if (it != per_address_.end() && --it->second == 0) per_address_.erase(it);
    --open_;
    counts_.timed_out += timed_out;
    counts_.headers_too_large += too_large;
  }

  // Holds `c` without a thread until its headers are in, then hands it to a worker.
  void hold(std::unique_ptr<Connection> c) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (pool_ != nullptr && !stopping_) {
        incoming_.push_back(std::move(c));
        c = nullptr;
      }
    }
    if (c) return server_.release(std::move(c));
    wake();
  }

  void attach(httplib::TaskQueue* pool) {
    std::lock_guard<std::mutex> lock(mutex_);
    pool_ = pool;
  }
  // The server stops: no connection is handed on, and the waiting ones are closed.
  void detach() {
    std::vector<std::unique_ptr<Connection>> closing;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      pool_ = nullptr;
      closing.swap(waiting_);
      for (auto& c : incoming_) closing.push_back(std::move(c));
      incoming_.clear();
    }
    for (auto& c : closing) server_.release(std::move(c));
  }

  ConnectionCounts counts() {
    std::lock_guard<std::mutex> lock(mutex_);
    ConnectionCounts out = counts_;
    out.open = open_;
    out.waiting = waiting_.size() + incoming_.size();
    return out;
  }

 private:
  void wake() {
    const uint64_t one = 1;
    (void)!::write(wake_, &one, sizeof one);
  }

  // Reads what arrived; true when the connection is done with here (handed on or closed).
  bool take_bytes(std::unique_ptr<Connection>& c) {
    char buffer[4096];
    const ssize_t n = ::recv(c->fd, buffer, sizeof buffer, MSG_DONTWAIT);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return false;
    if (n <= 0) {
      server_.release(std::move(c));
      return true;
    }
    if (c->draining) {
      c->drained += static_cast<uint64_t>(n);
      if (c->drained <= limits_.drain_bytes) return false;
      server_.release(std::move(c));
      return true;
    }
    c->pending.append(buffer, static_cast<size_t>(n));
    if (headers_complete(c->pending)) {
      std::lock_guard<std::mutex> lock(mutex_);
      if (pool_ == nullptr) return false;  // detach() closes it
      Connection* raw = c.release();
      GuardedServer* server = &server_;
      pool_->enqueue([server, raw] { server->serve(std::unique_ptr<Connection>(raw)); });
      return true;
    }
    if (c->pending.size() > kMaxHeaderBytes) {
      send_and_close(c->fd, 431, "the request headers exceed 16 KB");
      c->fd = -1;
      leave(c->address, false, true);
      return true;
    }
    return false;
  }

  void run() {
    std::vector<pollfd> fds;
    while (true) {
      Clock::time_point next = Clock::now() + std::chrono::seconds(1);
      {
        std::lock_guard<std::mutex> lock(mutex_);
        if (stopping_) return;
        for (auto& c : incoming_) waiting_.push_back(std::move(c));
        incoming_.clear();
        fds.assign(1, pollfd{wake_, POLLIN, 0});
        for (const auto& c : waiting_) {
          fds.push_back(pollfd{c->fd, POLLIN, 0});
          next = std::min(next, c->deadline);
        }
      }
      // Only this thread removes from waiting_, so fds[i + 1] is waiting_[i] after the lock too.
      const int ready = ::poll(fds.data(), fds.size(), millis_until(next, std::chrono::seconds(1)));
      if (ready < 0 && errno != EINTR) std::this_thread::sleep_for(std::chrono::milliseconds(10));
      if (fds[0].revents) {
        uint64_t drained;
        (void)!::read(wake_, &drained, sizeof drained);
      }
      std::vector<std::unique_ptr<Connection>> mine;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        mine.swap(waiting_);
      }
      const auto now = Clock::now();
      std::vector<std::unique_ptr<Connection>> still;
      for (size_t i = 0; i < mine.size(); ++i) {
        auto& c = mine[i];
        if (i + 1 < fds.size() && fds[i + 1].revents != 0 && take_bytes(c)) continue;
        if (!c) continue;
        if (c->evict) {
          server_.release(std::move(c));
          continue;
        }
        if (now >= c->deadline && c->draining) {
          server_.release(std::move(c));
          continue;
        }
        if (now >= c->deadline && c->pending.empty()) {  // an idle keep-alive connection: just closed
          server_.release(std::move(c));
          continue;
        }
        if (now >= c->deadline) {
          send_and_close(c->fd, 408, "the request did not arrive in time");
          c->fd = -1;
          leave(c->address, true, false);
          continue;
        }
        still.push_back(std::move(c));
      }
      std::lock_guard<std::mutex> lock(mutex_);
      if (pool_ == nullptr) {
        for (auto& c : still) {
          ::close(c->fd);
          open_--;
        }
        still.clear();
      }
      for (auto& c : waiting_) still.push_back(std::move(c));  // detach() may have run meanwhile
      waiting_.swap(still);
    }
  }

  GuardedServer& server_;
  const ConnectionLimits& limits_;
  const int wake_;
  std::mutex mutex_;  // guards everything below
  std::map<std::string, size_t> per_address_;
  size_t open_ = 0;
  ConnectionCounts counts_;
  httplib::TaskQueue* pool_ = nullptr;
  bool stopping_ = false;
  std::vector<std::unique_ptr<Connection>> waiting_, incoming_;
  std::thread thread_;
};

namespace {

// The pool, which tells the waiting room when it stops so that nothing is handed to it after.
class GuardedPool : public httplib::TaskQueue {
 public:
  GuardedPool(size_t threads, GuardedServer::WaitingRoom& room) : pool_(threads), room_(room) {
    room_.attach(this);
  }
  void enqueue(std::function<void()> fn) override { pool_.enqueue(std::move(fn)); }
  void shutdown() override {
    room_.detach();
    pool_.shutdown();
  }

 private:
  httplib::ThreadPool pool_;
  GuardedServer::WaitingRoom& room_;
};

}  // namespace

GuardedServer::GuardedServer(ConnectionLimits limits)
    : limits_(limits), waiting_(std::make_unique<WaitingRoom>(*this, limits_)) {
  // A quarter of the workers may wait for clients that read slowly; the others stay free.
  blocked_writers_.max = std::max<size_t>(1, limits_.threads / 4);
  new_task_queue = [this] { return new GuardedPool(std::max<size_t>(limits_.threads, 1), *waiting_); };
}

GuardedServer::~GuardedServer() = default;

void GuardedServer::close_after_answer(httplib::Response& res) {
  closing_after_answer() = true;
  res.set_header("Connection", "close");
}

ConnectionCounts GuardedServer::counts() const { return waiting_->counts(); }

bool GuardedServer::process_and_close_socket(socket_t sock) {
  sockaddr_storage peer{};
  socklen_t length = sizeof peer;
  const std::string address =
      ::getpeername(sock, reinterpret_cast<sockaddr*>(&peer), &length) == 0 ? address_of(peer, nullptr) : "";
  if (const int refused = waiting_->admit(address); refused != 0) {
    send_and_close(
        sock, refused,
        refused == 429 ? "too many connections from this address" : "too many connections; try again later");
    return true;
  }
  auto c = std::make_unique<Connection>();
  c->fd = sock;
  c->address = address;
  c->deadline = Clock::now() + limits_.request_timeout;
  serve(std::move(c));
  return true;
}

void GuardedServer::serve(std::unique_ptr<Connection> c) {
  while (svr_sock_ != INVALID_SOCKET) {
    if (!headers_complete(c->pending)) {
      const auto grace_end = std::min(Clock::now() + kGrace, c->deadline);
      while (!headers_complete(c->pending) && c->pending.size() <= kMaxHeaderBytes &&
             wait_for(c->fd, POLLIN, millis_until(grace_end, kGrace))) {
        char buffer[4096];
        const ssize_t n = ::recv(c->fd, buffer, sizeof buffer, MSG_DONTWAIT);
        if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
        if (n <= 0) return release(std::move(c));
        c->pending.append(buffer, static_cast<size_t>(n));
      }
      if (!headers_complete(c->pending)) return waiting_->hold(std::move(c));
    }
    if (auto error = check_framing(std::string_view(c->pending).substr(0, c->pending.find("\r\n\r\n")))) {
      // Where this request ends is unknown: answer, then close.
      const std::string answer = error_answer(error->status, error->message);
      (void)!::send(c->fd, answer.data(), answer.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
      return linger(std::move(c));
    }
    closing_after_answer() = false;
    bool connection_closed = false;
    const bool last = ++c->requests >= kMaxRequestsPerConnection;
    bool answered = false;
    {
      // Gone before the connection may pass to the waiting room: it writes to the connection.
      GuardedStream stream(*c, limits_.request_timeout, blocked_writers_);
      answered = process_request(stream, last, connection_closed, nullptr);
    }
    if (closing_after_answer()) return linger(std::move(c));
    if (!answered || connection_closed || last) break;
    c->deadline = Clock::now() + limits_.request_timeout;
  }
  release(std::move(c));
}

void GuardedServer::linger(std::unique_ptr<Connection> c) {
  ::shutdown(c->fd, SHUT_WR);  // the answer is complete: the client sees its end
  c->draining = true;
  c->pending.clear();
  c->deadline = std::min(c->deadline, Clock::now() + kLinger);
  waiting_->hold(std::move(c));
}

void GuardedServer::release(std::unique_ptr<Connection> c) {
  if (!c || c->fd < 0) return;
  ::shutdown(c->fd, SHUT_RDWR);
  ::close(c->fd);
  c->fd = -1;
  waiting_->leave(c->address, false, false);
}

}  // namespace jiedao::serve
