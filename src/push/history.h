// The history of the series as a time-series database keeps it: the path of `jiedao push`
// (Prometheus remote write) and of `jiedao export` (OpenMetrics for promtool's backfill).
//
// One series per indicator, unit, measure class (counts), task (of), status and span (year, half,
// quarter, months, multi_year: model/date.h), and unit of China (district, county, code, with its
// city and province), named jiedao_reported_value; its samples are the points' values at their
// periods' ends, in time order. Nothing that changes with time is a label, so a district's jobs
// added over ten years are one series with ten samples, and a span is never drawn beside
// another. /metrics, for scraping, keeps its `period` and `year` labels (serve/metrics.h).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "store/store.h"

namespace jiedao::push {

inline constexpr std::string_view kHistoryMetric = "jiedao_reported_value";

struct Label {
  std::string name, value;
  auto operator<=>(const Label&) const = default;
};

struct Sample {
  int64_t timestamp_ms = 0;  // 00:00 Asia/Shanghai of the period's last day (model/time.h)
  double value = 0;
};

struct HistorySeries {
  std::vector<Label> labels;    // sorted by name (__name__ first), no empty value
  std::vector<Sample> samples;  // ascending time, one per timestamp
};

struct History {
  std::vector<HistorySeries> series;  // in label order
  size_t samples = 0;
  // Points that ended on the same day as a longer one of their series (2016-2020 beside
  // 2011-2020, both multi_year): a series has one value per time, the one over more days.
  size_t dropped = 0;
};

History history_of(const std::vector<store::SeriesPoint>& points);
History history_of(const std::vector<const store::SeriesPoint*>& points);

}  // namespace jiedao::push
