// /metrics over a large store: a scrape between two ingests, the first scrape after an ingest
// of one report (its district read again and rendered), and the first after a start (all of it). The store is
// $JIEDAO_BENCH_DB (bench/run.sh builds it from the scale corpus). Prints the time, the series and the size.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <iostream>

#include "serve/exposition.h"
#include "serve/metrics.h"
#include "serve/view_cache.h"
#include "store/series_view.h"

namespace {

jiedao::store::Store* bench_store(benchmark::State& state) {
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

// The first scrape after an ingest of one report, as the daemon makes it (serve/exposition.h):
// the series index updated for the report's district, its lines rendered again, the text put
// together. Each iteration stores one report again as it was (not timed), the i-th of the store.
void BM_FirstScrapeAfterIngest(benchmark::State& state) {
  auto* store = bench_store(state);
  if (store == nullptr) return;
  jiedao::serve::ViewCache views(*store);
  jiedao::serve::StoreExposition exposition;
  jiedao::serve::Metrics metrics("bench");
  if (auto first = exposition.render(views, *store, metrics); !first) {
    state.SkipWithError(first.error().message.c_str());
    return;
  }
  const auto reports = store->reports().value();
  size_t next = 0, size = 0;
  for (auto _ : state) {
    state.PauseTiming();
    const std::string id = reports[(next++ * 7919) % reports.size()].id;
    const auto report = store->report(id).value().value();
    jiedao::store::FactFilter filter;
    filter.report = id;
    filter.limit = 1000000;
    if (auto put = store->put_report(report, store->facts(filter).value()); !put) {
      state.SkipWithError(put.error().message.c_str());
      return;
    }
    state.ResumeTiming();
    const std::string text = exposition.render(views, *store, metrics).value();
    size = text.size();
    benchmark::DoNotOptimize(text);
  }
  state.counters["MB"] = static_cast<double>(size) / 1e6;
}
BENCHMARK(BM_FirstScrapeAfterIngest)->Unit(benchmark::kMillisecond)->Iterations(10);

// The first scrape after a start: the whole series view read from SQLite and rendered.
void BM_FirstScrapeAfterStart(benchmark::State& state) {
  auto* store = bench_store(state);
  if (store == nullptr) return;
  jiedao::serve::Metrics metrics("bench");
  for (auto _ : state) {
    jiedao::serve::ViewCache views(*store);
    jiedao::serve::StoreExposition exposition;
    const std::string text = exposition.render(views, *store, metrics).value();
    benchmark::DoNotOptimize(text);
  }
}
BENCHMARK(BM_FirstScrapeAfterStart)->Unit(benchmark::kMillisecond)->Iterations(2);

}  // namespace

BENCHMARK_MAIN();
