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
#include "cli/exit_status.h"
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

constexpr uint64_t kMegabyte = 1024 * 1024;

}  // namespace

const CommandOptions& ingest_options() {
  static const CommandOptions kOptions{
      .command = "ingest",
      .options = {text("--db"), text("--data"), whole_number("--max-report-mb", 1, 4096)},
      .operands = true,
      .required = {"--db"},
      .missing = "needs --db FILE and at least one PATH; run 'jiedao ingest --help'",
  };
  return kOptions;
}

int run_ingest(int argc, char** argv) {
  auto read = read_command_line(ingest_options(), argc, argv);
  if (!read) return fail("ingest", read.error(), Stage::kStarting);
  const CommandLine& line = read.value();
  if (line.help()) {
    std::cout << kHelp;
    return kExitOk;
  }
  std::string data_dir = line.text("--data");
  if (data_dir.empty()) data_dir = report::default_data_dir();
  auto resources = report::load_resources(data_dir);
  if (!resources) return fail("ingest", resources.error(), Stage::kStarting);
  auto fingerprint = ingest::data_fingerprint(data_dir);
  if (!fingerprint) return fail("ingest", fingerprint.error(), Stage::kStarting);
  auto store = store::Store::open(line.text("--db"));
  if (!store) return fail("ingest", store.error(), Stage::kStarting);
  ingest::Ingester ingester(store.value(), resources.value(), fingerprint.value());
  if (line.has("--max-report-mb"))
    ingester.set_max_report_bytes(static_cast<uint64_t>(line.number("--max-report-mb", 0)) * kMegabyte);
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
  ingest::Summary summary = ingester.ingest_paths(
      line.operands(), terminal ? progress : std::function<void(const ingest::Progress&)>{});
  if (terminal) std::fprintf(stderr, "\n");
  for (const std::string& error : summary.errors) std::cerr << "jiedao ingest: " << error << "\n";
  for (const std::string& skip : summary.skips) std::cerr << "jiedao ingest: skipped: " << skip << "\n";
  for (const std::string& stale : summary.stale) std::cerr << "jiedao ingest: " << stale << "\n";
  std::cerr << "jiedao ingest: " << summary.line() << "\n";
  return summary.failed || summary.skipped ? kExitSomeFailed : kExitOk;
}

}  // namespace jiedao::cli
