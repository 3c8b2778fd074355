// The daemon: ingest a reports folder, watch it, serve the API, stop cleanly.
//
// run() ingests the folder (the API answers meanwhile; /readyz says 503 until
// this first ingest is done), then re-syncs whenever the watcher sees a change
// (within about a second) and at least every 30 s. SIGTERM and SIGINT stop
// it: the listener closes, requests in flight finish, the ingest in flight
// finishes the report it is writing (each report is one transaction) and no
// other starts. Logs are one line per event on stderr. Stale temporary files of
// uploads killed midway (.upload-*.tmp) are removed at start. HTTP goes through
// serve/guarded_server.h (slow and numerous clients) and serve/upload.h (bodies).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "base/result.h"
#include "push/remote_write.h"

namespace jiedao::serve {

struct DaemonOptions {
  std::string reports_dir = "data/reports";
  std::string db_path = "data/jiedao.db";
  std::string data_dir;  // empty: report::default_data_dir()
  std::string host = "127.0.0.1";
  int port = 9464;
  std::string token_file;  // empty: uploads refused
  size_t max_upload_bytes = 16 * 1024 * 1024;
  std::string web_dir;  // the built-in page's files; empty: serve::default_web_dir()
  uint64_t max_report_bytes = 64ull * 1024 * 1024;  // larger report files are skipped
  size_t threads = 128;                             // HTTP workers (requests being answered)
  size_t max_connections_per_address = 64;
  size_t max_connections = 4000;       // in all; lowered to what the descriptor limit allows
  int request_timeout_seconds = 30;    // for a request's headers and body
  size_t max_unknown_districts = 100;  // districts outside the gazetteer that uploads may add
  // A receiver the history goes to after each ingest that changed the store (push/forwarder.h).
  std::optional<push::RemoteWriteOptions> remote_write;
};

// Runs until SIGTERM or SIGINT; returns the process exit status (0 on a clean stop).
int run_daemon(const DaemonOptions& options);

// One log line on stderr: "2026-11-23T10:00:00+08:00 jiedao EVENT details".
void log_event(const std::string& event, const std::string& details);

}  // namespace jiedao::serve
