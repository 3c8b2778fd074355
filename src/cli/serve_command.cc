// jiedao serve: the daemon.
#include <iostream>
#include <string>
#include <string_view>

#include "cli/commands.h"
#include "serve/daemon.h"

namespace jiedao::cli {

namespace {

constexpr std::string_view kHelp = R"(Usage: jiedao serve [OPTIONS]

Ingests the reports folder into the database, watches the folder (new, changed and removed
files show up within seconds), and serves the HTTP API until SIGTERM or SIGINT, then stops
cleanly. Logs are one line per event on standard error.

Options:
  --reports DIR       the reports folder (default: data/reports)
  --db FILE           the SQLite database, created when missing (default: data/jiedao.db)
  --listen HOST:PORT  where to serve (default: 127.0.0.1:9464; port 0 picks a free one)
  --data DIR          the folder of units.tsv, catalogue.tsv, names.tsv and gazetteer.tsv
                      (default: $JIEDAO_DATA, else ./data)
  --token-file FILE   accept report uploads (POST /api/v1/reports) with
                      'Authorization: Bearer TOKEN', TOKEN being the file's content;
                      without it uploads are refused
  --max-upload-mb N   the largest upload accepted (default: 16)
  --max-report-mb N   the largest report file read from the folder; larger ones are
                      skipped with a log line (default: 64)
  --web DIR           the built-in page's files (default: $JIEDAO_WEB, else ./web)
  --threads N         HTTP workers: requests answered at once (default: 128); a
                      connection waiting for its request holds none
  --max-connections-per-address N
                      open connections one client address may hold (default: 64;
                      behind a proxy, above the proxy's connections to the daemon)
  --max-connections N open connections in all (default: 4000, or what the
                      descriptor limit allows)
  --request-timeout-s N
                      seconds for a request's headers and body to arrive (default: 30)
  --max-unknown-districts N
                      districts the gazetteer does not know that uploads may add,
                      each a label value of /metrics (default: 100)
  -h, --help          this text
)";

// A whole number from `low` to `high`, or -1.
long long parse_count(std::string_view text, long long low, long long high) {
  long long value = 0;
  if (text.empty() || text.size() > 9) return -1;
  for (char c : text) {
    if (c < '0' || c > '9') return -1;
    value = value * 10 + (c - '0');
  }
  return value >= low && value <= high ? value : -1;
}

// The numeric options: name, range, and where the value goes.
bool set_number(std::string_view arg, const std::string& value, serve::DaemonOptions& options) {
  struct Numeric {
    std::string_view name;
    long long low, high;
  };
  static const Numeric kNumeric[] = {{"--max-upload-mb", 1, 1024},
                                     {"--max-report-mb", 1, 4096},
                                     {"--threads", 1, 4096},
                                     {"--max-connections-per-address", 1, 100000},
                                     {"--max-connections", 1, 1000000},
                                     {"--request-timeout-s", 1, 3600},
                                     {"--max-unknown-districts", 0, 100000}};
  for (const Numeric& n : kNumeric) {
    if (arg != n.name) continue;
    const long long v = parse_count(value, n.low, n.high);
    if (v < 0) {
      std::cerr << "jiedao serve: " << arg << " takes a whole number from " << n.low << " to " << n.high
                << ", not '" << value << "'\n";
      return false;
    }
    if (arg == "--max-upload-mb") options.max_upload_bytes = static_cast<size_t>(v) * 1024 * 1024;
    if (arg == "--max-report-mb") options.max_report_bytes = static_cast<uint64_t>(v) * 1024 * 1024;
    if (arg == "--threads") options.threads = static_cast<size_t>(v);
    if (arg == "--max-connections-per-address") options.max_connections_per_address = static_cast<size_t>(v);
    if (arg == "--max-connections") options.max_connections = static_cast<size_t>(v);
    if (arg == "--request-timeout-s") options.request_timeout_seconds = static_cast<int>(v);
    if (arg == "--max-unknown-districts") options.max_unknown_districts = static_cast<size_t>(v);
    return true;
  }
  return false;
}

bool parse_listen(std::string_view text, serve::DaemonOptions& options) {
  const size_t colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == text.size()) return false;
  const std::string_view port = text.substr(colon + 1);
  int value = 0;
  for (char c : port) {
    if (c < '0' || c > '9' || value > 65535) return false;
    value = value * 10 + (c - '0');
  }
  if (value > 65535) return false;
  options.host = std::string(text.substr(0, colon));
  options.port = value;
  return true;
}

}  // namespace

int run_serve(int argc, char** argv) {
  serve::DaemonOptions options;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      std::cout << kHelp;
      return 0;
    }
    const bool numeric = arg == "--max-upload-mb" || arg == "--max-report-mb" || arg == "--threads" ||
                         arg == "--max-connections-per-address" || arg == "--max-connections" ||
                         arg == "--request-timeout-s" || arg == "--max-unknown-districts";
    const bool takes_value = numeric || arg == "--reports" || arg == "--db" || arg == "--listen" ||
                             arg == "--data" || arg == "--token-file" || arg == "--web";
    if (!takes_value) {
      std::cerr << "jiedao serve: unknown option '" << arg << "'; run 'jiedao serve --help'\n";
      return 2;
    }
    if (i + 1 >= argc) {
      std::cerr << "jiedao serve: " << arg << " needs a value\n";
      return 2;
    }
    const std::string value = argv[++i];
    if (arg == "--reports")
      options.reports_dir = value;
    else if (arg == "--db")
      options.db_path = value;
    else if (arg == "--data")
      options.data_dir = value;
    else if (arg == "--token-file")
      options.token_file = value;
    else if (arg == "--web")
      options.web_dir = value;
    else if (arg == "--listen" && !parse_listen(value, options)) {
      std::cerr << "jiedao serve: --listen takes HOST:PORT (127.0.0.1:9464), not '" << value << "'\n";
      return 2;
    } else if (numeric && !set_number(arg, value, options)) {
      return 2;
    }
  }
  return serve::run_daemon(options);
}

}  // namespace jiedao::cli
