#include "serve/daemon.h"

#include <fcntl.h>
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "base/file.h"
#include "ingest/ingester.h"
#include "ingest/upload.h"
#include "ingest/watcher.h"
#include "model/time.h"
#include "push/forwarder.h"
#include "report/resources.h"
#include "serve/api.h"
#include "serve/exposition.h"
#include "serve/guarded_server.h"
#include "serve/metrics.h"
#include "serve/page.h"
#include "serve/view_cache.h"
#include "store/store.h"

namespace jiedao::serve {

namespace fs = std::filesystem;

void log_event(const std::string& event, const std::string& details) {
  // One write per line, so that lines of two threads never interleave.
  std::string line = now_iso() + " jiedao " + event + (details.empty() ? "" : " " + details) + "\n";
  std::cerr << line << std::flush;
}

namespace {

constexpr const char* kVersion = JIEDAO_VERSION;

// The soft limit of open descriptors raised to the hard one: each connection is one.
size_t raise_descriptor_limit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024;
  if (limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
    ::getrlimit(RLIMIT_NOFILE, &limit);
  }
  return limit.rlim_cur == RLIM_INFINITY ? size_t{1} << 20 : static_cast<size_t>(limit.rlim_cur);
}

void log_summary(const std::string& event, const ingest::Summary& summary) {
  log_event(event, summary.line());
  for (const std::string& error : summary.errors) log_event("report_error", error);
  for (const std::string& stale : summary.stale) log_event("correction_stale", stale);
}

// Skipped files (links, FIFOs, devices, files over the size limit) are seen again at every
// sync: each is logged when it first appears, not every 30 s.
void log_new_skips(const ingest::Summary& summary, std::set<std::string>& logged) {
  std::set<std::string> now(summary.skips.begin(), summary.skips.end());
  for (const std::string& skip : now) {
    if (!logged.count(skip)) log_event("report_skipped", skip);
  }
  logged = std::move(now);
}

// What the connection limits refused since the last line, when they refused anything.
void log_refusals(const ConnectionCounts& now, ConnectionCounts& last) {
  if (now.refused_per_address == last.refused_per_address && now.refused_total == last.refused_total &&
      now.timed_out == last.timed_out && now.headers_too_large == last.headers_too_large &&
      now.idle_closed == last.idle_closed)
    return;
  log_event("connections",
            "refused_per_address=" + std::to_string(now.refused_per_address - last.refused_per_address) +
                " refused_over_total=" + std::to_string(now.refused_total - last.refused_total) +
                " timed_out=" + std::to_string(now.timed_out - last.timed_out) +
                " headers_too_large=" + std::to_string(now.headers_too_large - last.headers_too_large) +
                " idle_closed=" + std::to_string(now.idle_closed - last.idle_closed) +
                " open=" + std::to_string(now.open) + " waiting=" + std::to_string(now.waiting));
  last = now;
}

Result<std::string> read_token(const std::string& path) {
  auto token = read_secret_file(path);
  if (!token) return token.error();
  if (token.value().size() < 16) return Error{path + ": the token must be at least 16 characters"};
  return token;
}

// The identity of a folder (device and inode), or nothing when it is not there.
std::optional<std::pair<dev_t, ino_t>> folder_identity(const std::string& dir) {
  struct stat info {};
  if (::stat(dir.c_str(), &info) != 0 || !S_ISDIR(info.st_mode)) return std::nullopt;
  return std::pair{info.st_dev, info.st_ino};
}

// Syncs the folder on each change it reports (every 2 s when it cannot watch) until `stop`.
// A reports folder that disappears is logged and not synced (its reports stay stored) until
// it returns, when it is watched again; a database file replaced or removed is logged, and
// nothing more is ingested into it (the store refuses, /readyz says 503) until a restart.
void sync_until_stopped(const std::string& reports_dir, const store::Store& store, ingest::Ingester& ingester,
                        std::mutex& ingest_mutex, std::atomic<bool>& stop, Metrics& metrics,
                        const GuardedServer& server, std::set<std::string>& skips_logged) {
  ConnectionCounts refusals_logged;
  std::optional<Result<ingest::FolderWatcher>> watcher;
  auto watch = [&] {
    watcher.reset();
    watcher.emplace(ingest::FolderWatcher::open(reports_dir));
    if (!*watcher) log_event("warning", watcher->error().message + "; looking for changes every 2 s instead");
  };
  watch();
  auto folder = folder_identity(reports_dir);
  bool folder_missing = false, store_replaced = false;
  while (!stop.load()) {
    if (*watcher && !folder_missing) {
      if (watcher->value().wait(stop, std::chrono::seconds(30)) == ingest::FolderWatcher::Event::kStopped)
        break;
    } else {
      for (int i = 0; i < 20 && !stop.load(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      if (stop.load()) break;
    }
    if (auto same = store.same_file(); !same) {
      if (!store_replaced) log_event("error", same.error().message);
      store_replaced = true;
      continue;
    }
    const auto now = folder_identity(reports_dir);
    if (!now) {
      if (!folder_missing)
        log_event("warning",
                  "the reports folder " + reports_dir +
                      " is gone; its reports stay stored, and it is watched again when it returns");
      folder_missing = true;
      continue;
    }
    if (folder_missing || now != folder) {
      log_event("reports_folder",
                reports_dir + " is back (or another folder is in its place): watching it again");
      watch();
      folder = now;
      folder_missing = false;
    }
    std::lock_guard<std::mutex> lock(ingest_mutex);
    ingest::Summary summary = ingester.sync(reports_dir, {}, &stop);
    metrics.observe_ingest(summary.seconds, summary.failed);
    if (summary.added || summary.changed || summary.removed || summary.reextracted || summary.failed) {
      log_summary("ingest", summary);
    }
    log_new_skips(summary, skips_logged);
    log_refusals(server.counts(), refusals_logged);
  }
}

// What the daemon needs before it may listen: the data files, the reports folder, the token
// and the store. Any of them missing is an error the user can act on, and nothing has started.
struct Startup {
  std::string data_dir;
  report::Resources resources;
  std::string fingerprint;
  ApiConfig config;
  store::Store store;
};

Result<Startup> start_up(const DaemonOptions& options) {
  std::string data_dir = options.data_dir.empty() ? report::default_data_dir() : options.data_dir;
  auto resources = report::load_resources(data_dir);
  if (!resources) return resources.error();
  auto fingerprint = ingest::data_fingerprint(data_dir);
  if (!fingerprint) return fingerprint.error();
  std::error_code ec;
  if (!fs::is_directory(options.reports_dir, ec))
    return Error{options.reports_dir + ": the reports folder does not exist (set it with --reports DIR)"};
  ApiConfig config;
  config.max_upload_bytes = options.max_upload_bytes;
  config.max_unknown_districts = options.max_unknown_districts;
  if (!options.token_file.empty()) {
    auto token = read_token(options.token_file);
    if (!token) return token.error();
    config.token = token.value();
  }
  auto opened = store::Store::open(options.db_path);
  if (!opened) return opened.error();
  return Startup{std::move(data_dir), std::move(resources).value(), std::move(fingerprint).value(), config,
                 std::move(opened).value()};
}

ConnectionLimits connection_limits(const DaemonOptions& options) {
  ConnectionLimits limits;
  limits.threads = options.threads;
  limits.per_address = options.max_connections_per_address;
  // Each connection is a descriptor. The rest is kept for the store (a reader connection per
  // worker at most, each its database and WAL files), report files, uploads, the watcher and
  // the listener: 64 and three per worker.
  const size_t descriptors = raise_descriptor_limit();
  const size_t kept = 64 + 3 * options.threads;
  limits.max_connections =
      std::min(options.max_connections, descriptors > kept + 16 ? descriptors - kept : 16);
  limits.request_timeout = std::chrono::seconds(options.request_timeout_seconds);
  limits.drain_bytes = 2 * options.max_upload_bytes + 1024 * 1024;
  return limits;
}

void tune(GuardedServer& server) {
  // Connections are kept for many requests: one closed after httplib's default of 5 would
  // reconnect behind the others, seconds at the tail under load.
  server.set_keep_alive_max_count(1000);
  // Headers and body go out in two writes: with Nagle on, the body waits for the client's
  // delayed ACK, 40 ms on Linux, in every keep-alive answer.
  server.set_tcp_nodelay(true);
}

// The port the server is bound to (any free one for port 0), or -1.
//
// cpp-httplib 0.11 (Debian's shared library) listens with a backlog of 5: 64 clients connecting
// at once overflow it, and the kernel drops their SYNs, which come back a second later. Its
// socket-options hook (public) is given the listening socket before it is bound, and Linux lets
// listen() be called again on a listening socket to change its backlog.
int bind_listener(GuardedServer& server, const DaemonOptions& options) {
  int listening = -1;
  server.set_socket_options([&listening](socket_t sock) {
    httplib::default_socket_options(sock);
    listening = sock;  // the last one tried is the one bound
  });
  const int port = options.port == 0 ? server.bind_to_any_port(options.host)
                                     : (server.bind_to_port(options.host, options.port) ? options.port : -1);
  server.set_socket_options(httplib::default_socket_options);  // `listening` is about to go
  if (port > 0 && listening >= 0) ::listen(listening, SOMAXCONN);
  return port;
}

// Where the process's memory and signals are set before any thread starts.
//
// glibc raises its mmap threshold to the largest block freed (up to 32 MB), after which large
// answers come from per-thread arenas and stay there once freed: with a hundred workers the
// daemon's memory would grow to workers × the largest answer. A fixed threshold returns every
// block over 1 MB to the system when it is freed, and a few arenas, not one per worker, let the
// next answer reuse what one freed. Signals are taken by one thread with sigwait; every other
// thread blocks them.
sigset_t prepare_process() {
  mallopt(M_MMAP_THRESHOLD, 1 << 20);
  mallopt(M_ARENA_MAX, 4);
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return signals;
}

// The running daemon: what start_up() opened, the ingester, the caches and the server. Its
// steps, in order: serve() binds and starts answering, watch() ingests the folder and keeps
// it in line until a signal, stop() joins the threads.
class Daemon {
 public:
  Daemon(const DaemonOptions& options, Startup& up)
      : options_(options),
        up_(up),
        ingester_(up.store, up.resources, up.fingerprint),
        server_(connection_limits(options)),
        views_(up.store),
        // Two heavy answers per core at once, a quarter of the workers waiting for them at most
        // 10 s: enough for dashboards, and a bound on what a burst of large lists takes.
        heavy_(std::max<size_t>(4, 2 * std::thread::hardware_concurrency()),
               std::max<size_t>(1, options.threads / 4), std::chrono::seconds(10)),
        context_{
            .store = up.store,
            .catalogue = up.resources.catalogue,
            .families = up.resources.families,
            .units = up.resources.units,
            .ready = ready_,
            .upload = [this](
                          const std::string& name, const std::string& body,
                          const report::ReportOverrides& overrides) { return upload(name, body, overrides); },
            .correct = [this](int64_t id,
                              const ingest::CorrectionRequest& request) { return correct(id, request); },
            .config = up.config,
            // The series view changes only when the store does: answers and scrapes between
            // two ingests read it from memory.
            .series_index = [this] { return views_.current(); },
            .answers = &answers_,
            .render_metrics = [this] { return exposition_.render(views_, up_.store, metrics_); },
            .observe = [this](const std::string& handler, int status,
                              double seconds) { metrics_.observe_request(handler, status, seconds); },
            .log = log_event,
            .kinds = &up.resources.kinds,
            .gazetteer = &up.resources.gazetteer,
            .heavy = &heavy_,
            .labels = &up.resources.labels} {
    ingester_.set_max_report_bytes(options.max_report_bytes);
  }

  // Binds the listener and starts the HTTP and signal threads; false (logged) when it cannot listen.
  bool serve(sigset_t signals) {
    tune(server_);
    install_api(server_, context_);
    install_page(server_, options_.web_dir.empty() ? default_web_dir() : options_.web_dir);
    port_ = bind_listener(server_, options_);
    if (port_ <= 0) {
      log_event("error",
                "cannot listen on " + options_.host + ":" + std::to_string(options_.port) +
                    " (in use, or not an address of this machine); choose another with --listen HOST:PORT");
      return false;
    }
    log_event("start", "listen=http://" + options_.host + ":" + std::to_string(port_) +
                           " reports=" + options_.reports_dir + " db=" + options_.db_path +
                           " data=" + up_.data_dir + " uploads=" + (up_.config.token.empty() ? "off" : "on"));
    http_ = std::thread([this] {
      if (!server_.listen_after_bind() && !stop_.load())
        log_event("error", "the HTTP server stopped unexpectedly");
      if (!stop_.exchange(true)) ::kill(::getpid(), SIGTERM);  // wakes the signal thread
    });
    signal_thread_ = std::thread([this, signals] {
      int received = 0;
      sigwait(&signals, &received);
      if (!stop_.exchange(true))
        log_event("stopping", std::string("signal=") + (received == SIGINT ? "SIGINT" : "SIGTERM"));
      server_.stop();
    });
    return true;
  }

  // The first ingest, then ready, then the folder kept in line until a signal.
  void watch() {
    {
      std::lock_guard<std::mutex> lock(ingest_mutex_);
      ingest::Summary summary = ingester_.sync(options_.reports_dir, {}, &stop_);
      metrics_.observe_ingest(summary.seconds, summary.failed);
      log_summary("ingest", summary);
      log_new_skips(summary, skips_logged_);
    }
    // Ready means answering from memory: the series index of what was just ingested.
    if (auto index = views_.fresh(); !index) log_event("error", index.error().message);
    ready_ = true;
    if (options_.remote_write) {
      forwarder_ = std::make_unique<push::Forwarder>(
          *options_.remote_write, [this] { return views_.current(); }, log_event);
    }
    log_event("ready", "page=http://" + options_.host + ":" + std::to_string(port_) + "/");
    sync_until_stopped(options_.reports_dir, up_.store, ingester_, ingest_mutex_, stop_, metrics_, server_,
                       skips_logged_);
  }

  void stop() {
    forwarder_.reset();  // joins its thread: it reads the views
    server_.stop();
    http_.join();
    signal_thread_.join();
    log_event("stop", "clean");
  }

 private:
  Result<UploadResult> upload(const std::string& name, const std::string& body,
                              const report::ReportOverrides& overrides) {
    std::lock_guard<std::mutex> lock(ingest_mutex_);
    return ingest::upload_for_client(options_.reports_dir, up_.store, ingester_, name, body, overrides,
                                     log_event);
  }

  Result<ingest::CorrectionResult> correct(int64_t id, const ingest::CorrectionRequest& request) {
    std::lock_guard<std::mutex> lock(ingest_mutex_);
    return ingest::correct_fact(options_.reports_dir, up_.store, ingester_, up_.resources.catalogue, id,
                                request, log_event);
  }

  const DaemonOptions& options_;
  Startup& up_;
  ingest::Ingester ingester_;
  std::mutex ingest_mutex_;  // one sync, upload or correction at a time
  std::atomic<bool> stop_{false};
  std::atomic<bool> ready_{false};
  std::set<std::string> skips_logged_;
  Metrics metrics_{kVersion};
  GuardedServer server_;
  ViewCache views_;
  AnswerCache answers_;
  HeavyGate heavy_;
  StoreExposition exposition_;
  ApiContext context_;
  int port_ = -1;
  std::thread http_, signal_thread_;
  std::unique_ptr<push::Forwarder> forwarder_;
};

}  // namespace

int run_daemon(const DaemonOptions& options) {
  const sigset_t signals = prepare_process();
  auto started = start_up(options);
  if (!started) {
    log_event("error", started.error().message);
    return 2;
  }
  if (const size_t stale = ingest::remove_stale_uploads(options.reports_dir); stale > 0)
    log_event("cleanup", "removed " + std::to_string(stale) + " temporary files of interrupted uploads");
  Daemon daemon(options, started.value());
  if (!daemon.serve(signals)) return 2;
  daemon.watch();
  daemon.stop();
  return 0;
}

}  // namespace jiedao::serve
