#include "serve/daemon.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>
#include <mutex>
#include <thread>

#include "base/file.h"
#include "ingest/ingester.h"
#include "ingest/watcher.h"
#include "report/resources.h"
#include "serve/api.h"
#include "serve/metrics.h"
#include "serve/page.h"
#include "serve/view_cache.h"
#include "store/store.h"

namespace jiedao::serve {

namespace fs = std::filesystem;

void log_event(const std::string& event, const std::string& details) {
  // One write per line, so that lines of two threads never interleave.
  std::string line = store::now_iso() + " jiedao " + event + (details.empty() ? "" : " " + details) + "\n";
  std::cerr << line << std::flush;
}

namespace {

constexpr const char* kVersion = JIEDAO_VERSION;
// Threads of the HTTP server: each open connection holds one (see serve()).
constexpr size_t kHttpThreads = 128;

// Writes `bytes` to dir/name through a temporary file, fsync and rename: a reader
// (or the watcher) sees the old file or the whole new one, never a part.
Result<Done> write_atomically(const std::string& dir, const std::string& name, const std::string& bytes) {
  static std::atomic<int> counter{0};
  const std::string temp =
      (fs::path(dir) / (".upload-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + ".tmp"))
          .string();
  const std::string target = (fs::path(dir) / name).string();
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return Error{temp + ": cannot create: " + std::strerror(errno)};
  size_t written = 0;
  while (written < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const std::string reason = std::strerror(errno);
      ::close(fd);
      ::unlink(temp.c_str());
      return Error{temp + ": cannot write: " + reason};
    }
    written += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    ::unlink(temp.c_str());
    return Error{temp + ": cannot flush to disk: " + std::strerror(errno)};
  }
  if (::rename(temp.c_str(), target.c_str()) != 0) {
    const std::string reason = std::strerror(errno);
    ::unlink(temp.c_str());
    return Error{target + ": cannot rename into place: " + reason};
  }
  int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
  return Done{};
}

void log_summary(const std::string& event, const ingest::Summary& summary) {
  log_event(event, summary.line());
  for (const std::string& error : summary.errors) log_event("report_error", error);
}

Result<std::string> read_token(const std::string& path) {
  auto bytes = read_file(path);
  if (!bytes) return bytes.error();
  std::string token = bytes.value();
  while (!token.empty() && std::isspace(static_cast<unsigned char>(token.back()))) token.pop_back();
  while (!token.empty() && std::isspace(static_cast<unsigned char>(token.front()))) token.erase(0, 1);
  if (token.size() < 16) return Error{path + ": the token must be at least 16 characters"};
  return token;
}

// cpp-httplib 0.11 (Debian's shared library) listens with a backlog of 5: 64 clients
// connecting at once overflow it, and the kernel drops their SYNs, which come back a
// second later. Linux lets listen() be called again on a listening socket to change its
// backlog, so the server's socket is found among this process's descriptors by its port.
void widen_listen_backlog(int port) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/proc/self/fd", ec)) {
    int fd = -1;
    try {
      fd = std::stoi(entry.path().filename().string());
    } catch (const std::exception&) {
      continue;
    }
    int listening = 0;
    socklen_t size = sizeof listening;
    if (::getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &size) != 0 || listening == 0) continue;
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) continue;
    int bound = -1;
    if (address.ss_family == AF_INET) bound = ntohs(reinterpret_cast<sockaddr_in*>(&address)->sin_port);
    if (address.ss_family == AF_INET6) bound = ntohs(reinterpret_cast<sockaddr_in6*>(&address)->sin6_port);
    if (bound == port) ::listen(fd, SOMAXCONN);
  }
}

}  // namespace

int run_daemon(const DaemonOptions& options) {
  // Signals are taken by one thread with sigwait; every other thread blocks them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  const std::string data_dir = options.data_dir.empty() ? report::default_data_dir() : options.data_dir;
  auto resources = report::load_resources(data_dir);
  if (!resources) {
    log_event("error", resources.error().message);
    return 2;
  }
  auto fingerprint = ingest::data_fingerprint(data_dir);
  if (!fingerprint) {
    log_event("error", fingerprint.error().message);
    return 2;
  }
  std::error_code ec;
  if (!fs::is_directory(options.reports_dir, ec)) {
    log_event("error",
              options.reports_dir + ": the reports folder does not exist (set it with --reports DIR)");
    return 2;
  }
  ApiConfig config;
  config.max_upload_bytes = options.max_upload_bytes;
  if (!options.token_file.empty()) {
    auto token = read_token(options.token_file);
    if (!token) {
      log_event("error", token.error().message);
      return 2;
    }
    config.token = token.value();
  }
  auto opened = store::Store::open(options.db_path);
  if (!opened) {
    log_event("error", opened.error().message);
    return 2;
  }
  store::Store& store = opened.value();
  ingest::Ingester ingester(store, resources.value(), fingerprint.value());
  std::mutex ingest_mutex;  // one sync or upload at a time
  std::atomic<bool> stop{false};
  std::atomic<bool> ready{false};

  Uploader upload = [&](const std::string& name, const std::string& body) -> Result<UploadResult> {
    std::lock_guard<std::mutex> lock(ingest_mutex);
    std::error_code exists_error;
    const bool replaced = fs::exists(fs::path(options.reports_dir) / name, exists_error);
    if (auto saved = write_atomically(options.reports_dir, name, body); !saved) return saved.error();
    int64_t facts = 0;
    auto ingested = ingester.ingest_file((fs::path(options.reports_dir) / name).string(), &facts);
    if (!ingested) return ingested.error();
    UploadResult result{fs::path(name).stem().string(), facts, replaced};
    log_event("upload", name + " facts=" + std::to_string(facts));
    return result;
  };

  Metrics metrics(kVersion);
  httplib::Server server;
  // cpp-httplib gives each connection a thread for as long as it is kept alive. 64 keep-alive
  // clients (Grafana, wrk) would fill a pool of 64, and a connection closed after its 5th
  // request (httplib's default) would queue behind them to reconnect: seconds at the tail.
  // So: room for more connections than clients, and connections kept for many requests.
  server.new_task_queue = [] { return new httplib::ThreadPool(kHttpThreads); };
  server.set_keep_alive_max_count(1000);
  // Headers and body go out in two writes: with Nagle on, the body waits for the client's
  // delayed ACK, 40 ms on Linux, in every keep-alive answer.
  server.set_tcp_nodelay(true);
  ApiContext context{store,
                     resources.value().catalogue,
                     resources.value().families,
                     resources.value().units,
                     ready,
                     upload,
                     config,
                     {},
                     nullptr,
                     {},
                     {}};
  // The series view changes only when the store does: answers and scrapes between two
  // ingests read it from memory (reading it is most of a /metrics answer over a large store).
  ViewCache views(store);
  context.series_index = [&views] { return views.current(); };
  AnswerCache answers;
  context.answers = &answers;
  // What a scrape shows of the store (the points' text, megabytes at 100,000 series, and the
  // counts, a scan of the facts) is kept for the index's generation: Prometheus scrapes every
  // 15 s and the store changes far less often.
  struct StoreExposition {
    uint64_t generation = ~uint64_t{0};
    std::shared_ptr<const std::string> points_text;
    int64_t reports = 0, facts = 0;
  };
  std::mutex exposition_mutex;
  StoreExposition exposition;
  context.render_metrics = [&]() -> Result<std::string> {
    auto index = views.fresh();
    if (!index) return index.error();
    StoreExposition shown;
    {
      std::lock_guard<std::mutex> lock(exposition_mutex);
      if (exposition.generation != index.value()->generation()) {
        auto reports = store.count_reports();
        if (!reports) return reports.error();
        auto facts = store.count_facts();
        if (!facts) return facts.error();
        exposition = {index.value()->generation(),
                      std::make_shared<const std::string>(Metrics::render_points(index.value()->points())),
                      reports.value(), facts.value()};
      }
      shown = exposition;
    }
    return metrics.render(*shown.points_text, shown.reports, shown.facts);
  };
  context.observe = [&](const std::string& handler, int status, double seconds) {
    metrics.observe_request(handler, status, seconds);
  };
  install_api(server, context);
  const std::string web_dir = options.web_dir.empty() ? default_web_dir() : options.web_dir;
  install_page(server, web_dir);
  int port = options.port;
  if (port == 0) {
    port = server.bind_to_any_port(options.host);
  } else if (!server.bind_to_port(options.host, port)) {
    port = -1;
  }
  if (port <= 0) {
    log_event("error",
              "cannot listen on " + options.host + ":" + std::to_string(options.port) +
                  " (in use, or not an address of this machine); choose another with --listen HOST:PORT");
    return 2;
  }
  widen_listen_backlog(port);
  log_event("start", "listen=http://" + options.host + ":" + std::to_string(port) +
                         " reports=" + options.reports_dir + " db=" + options.db_path + " data=" + data_dir +
                         " uploads=" + (config.token.empty() ? "off" : "on"));

  std::thread http([&] {
    if (!server.listen_after_bind() && !stop.load())
      log_event("error", "the HTTP server stopped unexpectedly");
    if (!stop.exchange(true)) ::kill(::getpid(), SIGTERM);  // wakes the signal thread
  });
  std::thread signal_thread([&] {
    int received = 0;
    sigwait(&signals, &received);
    if (!stop.exchange(true))
      log_event("stopping", std::string("signal=") + (received == SIGINT ? "SIGINT" : "SIGTERM"));
    server.stop();
  });

  {
    std::lock_guard<std::mutex> lock(ingest_mutex);
    ingest::Summary summary = ingester.sync(options.reports_dir, {}, &stop);
    metrics.observe_ingest(summary.seconds, summary.failed);
    log_summary("ingest", summary);
  }
  // Ready means answering from memory: the series index of what was just ingested.
  if (auto index = views.fresh(); !index) log_event("error", index.error().message);
  ready = true;
  log_event("ready", "page=http://" + options.host + ":" + std::to_string(port) + "/");
  auto watcher = ingest::FolderWatcher::open(options.reports_dir);
  if (!watcher) log_event("warning", watcher.error().message + "; looking for changes every 2 s instead");
  while (!stop.load()) {
    if (watcher) {
      if (watcher.value().wait(stop, std::chrono::seconds(30)) == ingest::FolderWatcher::Event::kStopped)
        break;
    } else {
      for (int i = 0; i < 20 && !stop.load(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      if (stop.load()) break;
    }
    std::lock_guard<std::mutex> lock(ingest_mutex);
    ingest::Summary summary = ingester.sync(options.reports_dir, {}, &stop);
    metrics.observe_ingest(summary.seconds, summary.failed);
    if (summary.added || summary.changed || summary.removed || summary.reextracted || summary.failed) {
      log_summary("ingest", summary);
    }
  }
  server.stop();
  http.join();
  signal_thread.join();
  log_event("stop", "clean");
  return 0;
}

}  // namespace jiedao::serve
