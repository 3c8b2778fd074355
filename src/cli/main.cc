// jiedao: indicators of the work reports of China's sub-districts and towns, as time series.
#include <csignal>
#include <cstring>
#include <iostream>
#include <string_view>

#include "cli/commands.h"
#include "cli/exit_status.h"

namespace {

constexpr std::string_view kUsage =
    R"(jiedao: every quantified indicator of the work reports of China's sub-districts, towns and
townships (街道/镇/乡), normalised into dated facts keyed by indicator, period and division code.

Usage: jiedao COMMAND [OPTIONS]

Commands:
  extract   read report files and write their facts (JSON Lines, CSV or a table)
  ingest    extract report files into the SQLite database, once
  serve     ingest and watch a reports folder, and serve the HTTP API and /metrics
  export    write every point with its own time as OpenMetrics, for a Prometheus backfill
  push      send every point with its own time to a time-series database (remote write)

Run 'jiedao COMMAND --help' for the options of a command; 'jiedao --version' prints the version.
)";

}  // namespace

int main(int argc, char** argv) {
  // A file-size limit (ulimit -f, systemd's LimitFSIZE) would kill the process in the middle of
  // a write with SIGXFSZ; ignored, the write fails with EFBIG and is handled as a full disk:
  // the upload or the report is refused whole and the daemon goes on.
  std::signal(SIGXFSZ, SIG_IGN);
  if (argc < 2 || std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0 ||
      std::strcmp(argv[1], "help") == 0) {
    std::cout << kUsage;
    return argc < 2 ? jiedao::cli::kExitUsage : jiedao::cli::kExitOk;
  }
  std::string_view command = argv[1];
  if (command == "--version" || command == "-V") {
    std::cout << "jiedao " << JIEDAO_VERSION << "\n";
    return jiedao::cli::kExitOk;
  }
  if (command == "extract") return jiedao::cli::run_extract(argc - 1, argv + 1);
  if (command == "ingest") return jiedao::cli::run_ingest(argc - 1, argv + 1);
  if (command == "serve") return jiedao::cli::run_serve(argc - 1, argv + 1);
  if (command == "export") return jiedao::cli::run_export(argc - 1, argv + 1);
  if (command == "push") return jiedao::cli::run_push(argc - 1, argv + 1);
  std::cerr << "jiedao: unknown command '" << command << "'; run 'jiedao --help' for the list\n";
  return jiedao::cli::kExitUsage;
}
