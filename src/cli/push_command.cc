// jiedao push: the history of the series, sent to a time-series database by remote write.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <string>
#include <string_view>

#include "cli/commands.h"
#include "cli/exit_status.h"
#include "cli/remote_write_options.h"
#include "push/history.h"
#include "push/remote_write.h"
#include "store/series_view.h"

namespace jiedao::cli {

namespace {

constexpr std::string_view kHelp = R"(Usage: jiedao push --remote-write URL [--db FILE] [options]

Sends every point of the series view to a time-series database by the Prometheus
remote-write protocol 1.0, as real time series: jiedao_reported_value, one series per
indicator, unit, status, span and sub-district, each sample at 00:00 Asia/Shanghai of the
last day of its period. The same points sent again change nothing. A receiver that answers
5xx or 429, or cannot be reached, is asked again with a growing pause (at most 8 times a
request); one that refuses a request (another 4xx) stops the push with its message.

Options:
  --db FILE           the database to read (default: data/jiedao.db)
)";

}  // namespace

const CommandOptions& push_options() {
  static const CommandOptions kOptions = [] {
    CommandOptions o{.command = "push", .options = {text("--db")}};
    for (Option& option : remote_write_option_table()) o.options.push_back(std::move(option));
    o.required = {"--remote-write"};
    o.missing = "--remote-write URL is needed: where to send the series";
    return o;
  }();
  return kOptions;
}

int run_push(int argc, char** argv) {
  auto read = read_command_line(push_options(), argc, argv);
  if (!read) return fail("push", read.error(), Stage::kStarting);
  const CommandLine& line = read.value();
  if (line.help()) {
    std::cout << kHelp << kRemoteWriteHelp << "  -h, --help          this text\n";
    return kExitOk;
  }
  auto options = remote_write_options(line);
  if (!options) return fail("push", options.error(), Stage::kStarting);
  push::RemoteWriteOptions o = std::move(*options.value());
  auto store = store::Store::open(line.text("--db", "data/jiedao.db"));
  if (!store) return fail("push", store.error(), Stage::kStarting);
  const auto began = std::chrono::steady_clock::now();
  auto points = store::series_view(store.value(), {});
  if (!points) return fail("push", points.error(), Stage::kWorking);
  const push::History history = push::history_of(points.value());
  const auto history_ready = std::chrono::steady_clock::now();
  // A progress line on a terminal only: a log or a pipe gets the summary alone.
  const bool terminal = ::isatty(STDERR_FILENO) == 1;
  if (terminal) {
    o.progress = [](size_t sent, size_t total) {
      std::fprintf(stderr, "\rjiedao push: %zu of %zu samples sent (%zu%%)", sent, total,
                   total ? sent * 100 / total : 100);
      std::fflush(stderr);
    };
  }
  auto pushed = push::push_history(history, o);
  const std::chrono::duration<double> reading = history_ready - began,
                                      sending = std::chrono::steady_clock::now() - history_ready;
  if (terminal) std::fputc('\n', stderr);
  if (!pushed) return fail("push", pushed.error(), Stage::kWorking);
  const push::PushSummary& s = pushed.value();
  std::cerr << "jiedao push: " << s.samples << " samples of " << s.series << " series sent to " << o.url
            << " in " << s.requests << " requests (" << s.retries << " retried); " << std::fixed
            << std::setprecision(1) << reading.count() << " s reading the series, " << sending.count()
            << " s sending (" << std::setprecision(0)
            << (sending.count() > 0 ? static_cast<double>(s.samples) / sending.count() : 0) << " samples/s)";
  if (history.dropped)
    std::cerr << "; " << history.dropped
              << " points left out: a longer one of their series ends the same day";
  std::cerr << "\n";
  return kExitOk;
}

}  // namespace jiedao::cli
