// The daemon: ingest a reports folder, watch it, serve the API, stop cleanly.
//
// run() ingests the folder (the API answers meanwhile; /readyz says 503 until
// this first ingest is done), then re-syncs whenever the watcher sees a change
// (within about a second) and at least every 30 s. SIGTERM and SIGINT stop
// it: the listener closes, requests in flight finish, the ingest in flight
// finishes the report it is writing (each report is one transaction) and no
// other starts. Logs are one line per event on stderr.
#pragma once

#include <string>

#include "base/result.h"

namespace jiedao::serve {

struct DaemonOptions {
  std::string reports_dir = "data/reports";
  std::string db_path = "data/jiedao.db";
  std::string data_dir;  // empty: report::default_data_dir()
  std::string host = "127.0.0.1";
  int port = 9464;
  std::string token_file;  // empty: uploads refused
  size_t max_upload_bytes = 16 * 1024 * 1024;
  std::string web_dir;      // the built-in page's files; empty: serve::default_web_dir()
};

// Runs until SIGTERM or SIGINT; returns the process exit status (0 on a clean stop).
int run_daemon(const DaemonOptions& options);

// One log line on stderr: "2026-11-23T10:00:00+08:00 jiedao EVENT details".
void log_event(const std::string& event, const std::string& details);

}  // namespace jiedao::serve
