// jiedao ingest: extract report files into the database, once.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <functional>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "cli/commands.h"
#include "ingest/ingester.h"
#include "report/resources.h"
#include "store/store.h"

namespace jiedao::cli {

namespace {

constexpr std::string_view kHelp = R"(Usage: jiedao ingest --db FILE [--data DIR] [--max-report-mb N] PATH...

Extracts the report files (*.txt, *.html, *.htm, *.pdf) given, and those inside the
folders given, into the SQLite database FILE (created when missing). An unchanged file is
skipped; a changed one replaces its facts in one transaction. Only regular files are read:
a symbolic link, a FIFO or a device is skipped with a message, and so is a file over the
size limit. On a terminal a progress bar shows reports done, facts and rate; otherwise one
summary line is printed. Exit status 1 when a file failed or was skipped.

Options:
  --db FILE           the SQLite database (required)
  --data DIR          the folder of the data files (default: $JIEDAO_DATA, else ./data)
  --max-report-mb N   the largest report file read (default: 64)
  -h, --help          this text
)";

}  // namespace

int run_ingest(int argc, char** argv) {
  std::string db, data_dir;
  uint64_t max_report_bytes = ingest::Ingester::kDefaultMaxReportBytes;
  std::vector<std::string> paths;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      std::cout << kHelp;
      return 0;
    }
    if (arg == "--max-report-mb") {
      const std::string value = i + 1 < argc ? argv[++i] : "";
      long long mb = value.empty() || value.size() > 5 ? -1 : 0;
      for (char c : value) mb = (mb >= 0 && c >= '0' && c <= '9') ? mb * 10 + (c - '0') : -1;
      if (mb < 1 || mb > 4096) {
        std::cerr << "jiedao ingest: --max-report-mb takes a whole number from 1 to 4096, not '" << value
                  << "'\n";
        return 2;
      }
      max_report_bytes = static_cast<uint64_t>(mb) * 1024 * 1024;
    } else if (arg == "--db" || arg == "--data") {
      if (i + 1 >= argc) {
        std::cerr << "jiedao ingest: " << arg << " needs a value\n";
        return 2;
      }
      (arg == "--db" ? db : data_dir) = argv[++i];
    } else if (arg.size() > 1 && arg[0] == '-') {
      std::cerr << "jiedao ingest: unknown option '" << arg << "'; run 'jiedao ingest --help'\n";
      return 2;
    } else {
      paths.emplace_back(arg);
    }
  }
  if (db.empty() || paths.empty()) {
    std::cerr << "jiedao ingest: needs --db FILE and at least one PATH; run 'jiedao ingest --help'\n";
    return 2;
  }
  if (data_dir.empty()) data_dir = report::default_data_dir();
  auto resources = report::load_resources(data_dir);
  if (!resources) {
    std::cerr << "jiedao ingest: " << resources.error().message << "\n";
    return 2;
  }
  auto fingerprint = ingest::data_fingerprint(data_dir);
  if (!fingerprint) {
    std::cerr << "jiedao ingest: " << fingerprint.error().message << "\n";
    return 2;
  }
  auto store = store::Store::open(db);
  if (!store) {
    std::cerr << "jiedao ingest: " << store.error().message << "\n";
    return 2;
  }
  ingest::Ingester ingester(store.value(), resources.value(), fingerprint.value());
  ingester.set_max_report_bytes(max_report_bytes);
  const bool terminal = ::isatty(STDERR_FILENO) == 1;
  const auto started = std::chrono::steady_clock::now();
  auto progress = [&](const ingest::Progress& p) {
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const int width = 30;
    const int filled = p.total ? static_cast<int>(width * p.done / p.total) : width;
    std::fprintf(stderr, "\r[%s%s] %zu/%zu reports, %lld facts, %.1f reports/s ",
                 std::string(filled, '#').c_str(), std::string(width - filled, '.').c_str(), p.done, p.total,
                 static_cast<long long>(p.facts), seconds > 0 ? static_cast<double>(p.done) / seconds : 0.0);
    std::fflush(stderr);
  };
  ingest::Summary summary =
      ingester.ingest_paths(paths, terminal ? progress : std::function<void(const ingest::Progress&)>{});
  if (terminal) std::fprintf(stderr, "\n");
  for (const std::string& error : summary.errors) std::cerr << "jiedao ingest: " << error << "\n";
  for (const std::string& skip : summary.skips) std::cerr << "jiedao ingest: skipped: " << skip << "\n";
  std::cerr << "jiedao ingest: " << summary.line() << "\n";
  return summary.failed || summary.skipped ? 1 : 0;
}

}  // namespace jiedao::cli
