// jiedao export: every point of the series with its own time, for a Prometheus backfill.
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <string>
#include <string_view>

#include "base/file.h"
#include "cli/commands.h"
#include "serve/metrics.h"
#include "store/series_view.h"

namespace jiedao::cli {

namespace {

constexpr std::string_view kHelp = R"(Usage: jiedao export [--db FILE] [--format openmetrics] [--output FILE]

Writes every point of the series view (what /metrics shows, derived completion rates
included) with its own timestamp, the last day of its period at 00:00 Asia/Shanghai, as
OpenMetrics text ending in '# EOF', sorted by time: the input of

  promtool tsdb create-blocks-from openmetrics FILE DATA_DIR

which gives Prometheus (and Grafana) a real time axis over years. See the README.

Options:
  --db FILE        the database to read (default: data/jiedao.db)
  --format F       openmetrics (the only format so far)
  --output FILE    write there instead of standard output (written whole, then renamed)
  -h, --help       this text
)";

}  // namespace

int run_export(int argc, char** argv) {
  std::string db = "data/jiedao.db", format = "openmetrics", output;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      std::cout << kHelp;
      return 0;
    }
    if (arg != "--db" && arg != "--format" && arg != "--output") {
      std::cerr << "jiedao export: unknown option '" << arg << "'; run 'jiedao export --help'\n";
      return 2;
    }
    if (i + 1 >= argc) {
      std::cerr << "jiedao export: " << arg << " needs a value\n";
      return 2;
    }
    (arg == "--db" ? db : arg == "--format" ? format : output) = argv[++i];
  }
  if (format != "openmetrics") {
    std::cerr << "jiedao export: unknown format '" << format << "'; the format is openmetrics\n";
    return 2;
  }
  auto store = store::Store::open(db);
  if (!store) {
    std::cerr << "jiedao export: " << store.error().message << "\n";
    return 2;
  }
  auto points = store::series_view(store.value(), {});
  if (!points) {
    std::cerr << "jiedao export: " << points.error().message << "\n";
    return 1;
  }
  const std::string text = serve::render_openmetrics(points.value());
  if (output.empty()) {
    std::cout << text << std::flush;
    return std::cout ? 0 : 1;
  }
  // Through a temporary file, fsync and rename, as uploads are written: a reader (a
  // backfill tool) sees the old file or the whole new one.
  const std::filesystem::path path(output);
  const std::string dir = path.has_parent_path() ? path.parent_path().string() : ".";
  const std::string name = path.filename().string();
  if (auto written =
          write_atomically(dir, name, text, "." + name + "." + std::to_string(::getpid()) + ".tmp");
      !written) {
    std::cerr << "jiedao export: " << written.error().message << "\n";
    return 1;
  }
  std::cerr << "jiedao export: " << points.value().size() << " points written to " << output << "\n";
  return 0;
}

}  // namespace jiedao::cli
