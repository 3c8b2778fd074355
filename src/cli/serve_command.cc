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
  --web DIR           the built-in page's files (default: $JIEDAO_WEB, else ./web)
  -h, --help          this text
)";

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
    const bool takes_value = arg == "--reports" || arg == "--db" || arg == "--listen" || arg == "--data" ||
                             arg == "--token-file" || arg == "--max-upload-mb" || arg == "--web";
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
    } else if (arg == "--max-upload-mb") {
      int mb = 0;
      for (char c : value) mb = (c >= '0' && c <= '9' && mb < 100000) ? mb * 10 + (c - '0') : -1000000;
      if (value.empty() || mb <= 0 || mb > 1024) {
        std::cerr << "jiedao serve: --max-upload-mb takes a whole number from 1 to 1024, not '" << value
                  << "'\n";
        return 2;
      }
      options.max_upload_bytes = static_cast<size_t>(mb) * 1024 * 1024;
    }
  }
  return serve::run_daemon(options);
}

}  // namespace jiedao::cli
