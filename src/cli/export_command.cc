// jiedao export: every point of the series with its own time, for a Prometheus backfill.
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <string>
#include <string_view>

#include "base/file.h"
#include "cli/commands.h"
#include "cli/exit_status.h"
#include "push/history.h"
#include "serve/metrics.h"
#include "store/series_view.h"

namespace jiedao::cli {

namespace {

constexpr std::string_view kHelp = R"(Usage: jiedao export [--db FILE] [--format openmetrics] [--output FILE]

Writes every point of the series view (what /metrics shows, derived completion rates
included) as the history a time-series database keeps: jiedao_reported_value, one series per
indicator, unit, status, span and sub-district, without period or year labels, each sample
at the last day of its period, 00:00 Asia/Shanghai (what jiedao push sends by remote write),
as OpenMetrics text ending in '# EOF', sorted by time: the input of

  promtool tsdb create-blocks-from openmetrics FILE DATA_DIR

which gives Prometheus (and Grafana) a real time axis over years. See the README.

Options:
  --db FILE        the database to read (default: data/jiedao.db)
  --format F       openmetrics (the only format so far)
  --output FILE    write there instead of standard output (written whole, then renamed)
  -h, --help       this text
)";

}  // namespace

const CommandOptions& export_options() {
  static const CommandOptions kOptions{
      .command = "export",
      .options = {text("--db"), word("--format", {"openmetrics"}), text("--output")},
  };
  return kOptions;
}

int run_export(int argc, char** argv) {
  auto read = read_command_line(export_options(), argc, argv);
  if (!read) return fail("export", read.error(), Stage::kStarting);
  const CommandLine& line = read.value();
  if (line.help()) {
    std::cout << kHelp;
    return kExitOk;
  }
  auto store = store::Store::open(line.text("--db", "data/jiedao.db"));
  if (!store) return fail("export", store.error(), Stage::kStarting);
  auto points = store::series_view(store.value(), {});
  if (!points) return fail("export", points.error(), Stage::kWorking);
  const push::History history = push::history_of(points.value());
  const std::string openmetrics = serve::render_openmetrics(history);
  const std::string output = line.text("--output");
  if (output.empty()) {
    std::cout << openmetrics << std::flush;
    if (!std::cout)
      return fail("export", Error{"standard output: write failed", ErrorKind::kIO}, Stage::kWorking);
    return kExitOk;
  }
  // Through a temporary file, fsync and rename, as uploads are written: a reader (a
  // backfill tool) sees the old file or the whole new one.
  const std::filesystem::path path(output);
  const std::string dir = path.has_parent_path() ? path.parent_path().string() : ".";
  const std::string name = path.filename().string();
  if (auto written =
          write_atomically(dir, name, openmetrics, "." + name + "." + std::to_string(::getpid()) + ".tmp");
      !written) {
    return fail("export", written.error(), Stage::kWorking);
  }
  std::cerr << "jiedao export: " << history.samples << " samples of " << history.series.size()
            << " series written to " << output << "\n";
  return kExitOk;
}

}  // namespace jiedao::cli
