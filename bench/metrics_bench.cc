// /metrics over a large store: a scrape between two ingests, and the work the first scrape
// after an ingest adds (the series view read from SQLite and rendered). The store is
// $JIEDAO_BENCH_DB (bench/run.sh builds it from the scale corpus). Prints the time, the series and the size.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <iostream>

#include "serve/metrics.h"
#include "store/series_view.h"

namespace {

const jiedao::store::Store* bench_store(benchmark::State& state) {
  const char* path = std::getenv("JIEDAO_BENCH_DB");
  if (path == nullptr) {
    state.SkipWithError("set JIEDAO_BENCH_DB to a database (bench/run.sh does)");
    return nullptr;
  }
  static auto store = jiedao::store::Store::open(path);
  if (!store) {
    state.SkipWithError(store.error().message.c_str());
    return nullptr;
  }
  return &store.value();
}

// What a scrape costs when the store has not changed since the last one: the daemon keeps
// the points' text and renders the health metrics before it.
void BM_MetricsScrape(benchmark::State& state) {
  const auto* store = bench_store(state);
  if (store == nullptr) return;
  const auto points = jiedao::store::series_view(*store, {}).value();
  const std::string points_text = jiedao::serve::Metrics::render_points(points);
  jiedao::serve::Metrics metrics("bench");
  size_t size = 0;
  for (auto _ : state) {
    const std::string text = metrics.render(points_text, 0, 0);
    size = text.size();
    benchmark::DoNotOptimize(text);
  }
  state.counters["series"] = static_cast<double>(points.size());
  state.counters["MB"] = static_cast<double>(size) / 1e6;
}
BENCHMARK(BM_MetricsScrape)->Unit(benchmark::kMillisecond)->Iterations(20);

// The first scrape after an ingest renders the points (serve/metrics.cc writes them)...
void BM_MetricsRender(benchmark::State& state) {
  const auto* store = bench_store(state);
  if (store == nullptr) return;
  const auto points = jiedao::store::series_view(*store, {}).value();
  size_t size = 0;
  for (auto _ : state) {
    const std::string text = jiedao::serve::Metrics::render_points(points);
    size = text.size();
    benchmark::DoNotOptimize(text);
  }
  state.counters["series"] = static_cast<double>(points.size());
  state.counters["MB"] = static_cast<double>(size) / 1e6;
}
BENCHMARK(BM_MetricsRender)->Unit(benchmark::kMillisecond)->Iterations(5);

// ...after reading the series view from SQLite (in the background, once the store is quiet).
void BM_SeriesView(benchmark::State& state) {
  const auto* store = bench_store(state);
  if (store == nullptr) return;
  size_t series = 0;
  for (auto _ : state) {
    auto points = jiedao::store::series_view(*store, {});
    series = points.value().size();
    benchmark::DoNotOptimize(points);
  }
  state.counters["series"] = static_cast<double>(series);
}
BENCHMARK(BM_SeriesView)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
