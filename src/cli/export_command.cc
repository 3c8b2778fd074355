// jiedao export: every point of the series with its own time, for a Prometheus backfill.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>

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
  const std::string temp = output + ".tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) {
      std::cerr << "jiedao export: " << temp << ": cannot write\n";
      std::remove(temp.c_str());
      return 1;
    }
  }
  if (std::rename(temp.c_str(), output.c_str()) != 0) {
    std::cerr << "jiedao export: " << output << ": cannot rename into place\n";
    std::remove(temp.c_str());
    return 1;
  }
  std::cerr << "jiedao export: " << points.value().size() << " points written to " << output << "\n";
  return 0;
}

}  // namespace jiedao::cli
