// Extraction throughput on one core: the sample reports through report::analyze
// (decode, frame, facts, time), as the ingester runs it. Prints MB/s. And what the national
// gazetteer costs every start: the time to load it and the memory it holds.
#include <benchmark/benchmark.h>
#include <malloc.h>

#include <filesystem>
#include <string>
#include <vector>

#include "base/file.h"
#include "formats/decode.h"
#include "report/report.h"
#include "report/resources.h"

namespace {

const std::string kSource = JIEDAO_SOURCE_DIR;

std::vector<std::string> sample_texts() {
  std::vector<std::string> texts;
  for (const auto& entry : std::filesystem::directory_iterator(kSource + "/data/reports")) {
    if (entry.path().extension() == ".txt") texts.push_back(jiedao::read_file(entry.path().string()).value());
  }
  return texts;
}

void BM_Extract(benchmark::State& state) {
  static const auto resources = jiedao::report::load_resources(kSource + "/data");
  static const auto texts = sample_texts();
  int64_t bytes = 0, facts = 0;
  for (auto _ : state) {
    for (const std::string& text : texts) {
      auto decoded = jiedao::formats::decode_report(text);
      // As the ingester and jiedao extract do: decode_report's text is valid UTF-8.
      auto report = jiedao::report::analyze_utf8("bench", decoded.value().text, resources.value());
      facts += static_cast<int64_t>(report.facts.size());
      bytes += static_cast<int64_t>(text.size());
      benchmark::DoNotOptimize(report);
    }
  }
  state.SetBytesProcessed(bytes);
  state.counters["facts/s"] = benchmark::Counter(static_cast<double>(facts), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Extract)->Unit(benchmark::kMillisecond)->MinTime(2.0);

// Loading data/divisions.tsv and the hand-kept tables (report::load_gazetteer), as each start does.
void BM_LoadGazetteer(benchmark::State& state) {
  const size_t before = mallinfo2().uordblks;
  {
    auto held = jiedao::report::load_gazetteer(kSource + "/data");
    state.counters["MB"] = static_cast<double>(mallinfo2().uordblks - before) / 1e6;
    state.counters["units"] = static_cast<double>(held.value().divisions().size());
  }
  for (auto _ : state) {
    auto gazetteer = jiedao::report::load_gazetteer(kSource + "/data");
    benchmark::DoNotOptimize(gazetteer);
  }
}
BENCHMARK(BM_LoadGazetteer)->Unit(benchmark::kMillisecond)->MinTime(1.0);

}  // namespace

BENCHMARK_MAIN();
