// jiedao serve: the daemon.
#include <cstdint>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>

#include "base/whole_number.h"
#include "cli/commands.h"
#include "cli/exit_status.h"
#include "cli/remote_write_options.h"
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
Remote write: after each ingest that changed the store, the whole history (as
'jiedao push' sends it) goes to this receiver too, from a thread of its own; a
receiver that fails is tried again later and never holds up an ingest:
)";

// HOST:PORT split at its last colon, the port from 0 to 65535; nothing when it is not one.
std::optional<std::pair<std::string, int>> split_listen(std::string_view text) {
  const size_t colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  auto port = parse_whole_number(text.substr(colon + 1), 0, 65535);
  if (!port) return std::nullopt;
  return std::pair{std::string(text.substr(0, colon)), static_cast<int>(port.value())};
}

bool is_listen_address(std::string_view text) { return split_listen(text).has_value(); }

// The daemon's options: DaemonOptions' defaults where the command line gives none.
serve::DaemonOptions daemon_options(const CommandLine& line) {
  constexpr int64_t kMegabyte = 1024 * 1024;
  serve::DaemonOptions o;
  o.reports_dir = line.text("--reports", o.reports_dir);
  o.db_path = line.text("--db", o.db_path);
  o.data_dir = line.text("--data", o.data_dir);
  o.token_file = line.text("--token-file", o.token_file);
  o.web_dir = line.text("--web", o.web_dir);
  if (auto listen = split_listen(line.text("--listen"))) std::tie(o.host, o.port) = *listen;
  if (line.has("--max-upload-mb"))
    o.max_upload_bytes = static_cast<size_t>(line.number("--max-upload-mb", 0) * kMegabyte);
  if (line.has("--max-report-mb"))
    o.max_report_bytes = static_cast<uint64_t>(line.number("--max-report-mb", 0) * kMegabyte);
  auto count = [&](std::string_view name, size_t fallback) {
    return static_cast<size_t>(line.number(name, static_cast<int64_t>(fallback)));
  };
  o.threads = count("--threads", o.threads);
  o.max_connections_per_address = count("--max-connections-per-address", o.max_connections_per_address);
  o.max_connections = count("--max-connections", o.max_connections);
  o.max_unknown_districts = count("--max-unknown-districts", o.max_unknown_districts);
  o.request_timeout_seconds = static_cast<int>(line.number("--request-timeout-s", o.request_timeout_seconds));
  return o;
}

}  // namespace

const CommandOptions& serve_options() {
  static const CommandOptions kOptions = [] {
    CommandOptions o{
        .command = "serve",
        .options = {text("--reports"), text("--db"),
                    checked_text("--listen", is_listen_address, "HOST:PORT (127.0.0.1:9464)"), text("--data"),
                    text("--token-file"), whole_number("--max-upload-mb", 1, 1024),
                    whole_number("--max-report-mb", 1, 4096), text("--web"),
                    whole_number("--threads", 1, 4096),
                    whole_number("--max-connections-per-address", 1, 100000),
                    whole_number("--max-connections", 1, 1000000),
                    whole_number("--request-timeout-s", 1, 3600),
                    whole_number("--max-unknown-districts", 0, 100000)},
    };
    for (Option& option : remote_write_option_table()) o.options.push_back(std::move(option));
    return o;
  }();
  return kOptions;
}

int run_serve(int argc, char** argv) {
  auto read = read_command_line(serve_options(), argc, argv);
  if (!read) return fail("serve", read.error(), Stage::kStarting);
  const CommandLine& line = read.value();
  if (line.help()) {
    std::cout << kHelp << kRemoteWriteHelp << "  -h, --help          this text\n";
    return kExitOk;
  }
  auto remote_write = remote_write_options(line);
  if (!remote_write) return fail("serve", remote_write.error(), Stage::kStarting);
  serve::DaemonOptions options = daemon_options(line);
  options.remote_write = std::move(remote_write).value();
  return serve::run_daemon(options);
}

}  // namespace jiedao::cli
