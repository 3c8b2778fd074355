// Prometheus metrics: the indicator series and the daemon's own health.
//
// jiedao_indicator_value{indicator, unit, district, county, code, city, province, status, period,
// year, family, counts, of} has one series per point of the series view (series_view.h), rendered
// from the same in-memory index the API answers from, so what Prometheus sees is what the API
// answers (the daemon keeps each district's lines until an ingest touches it: exposition.h). family
// (jobs_added, garbage, ...) and counts (households, items, ...) are there when the point has them; a
// completion rate, stated or derived, carries of="illegal_structures_demolished" when its task is known. The
// health metrics live in a registry of prometheus-cpp and are safe to update from any thread.
//
// render_openmetrics() writes the history instead (push/history.h): the series a time-series
// database keeps, jiedao_reported_value without period or year labels, each sample at its period's
// last day (00:00 Asia/Shanghai), for `promtool tsdb create-blocks-from openmetrics`: the history a
// scrape cannot give, as `jiedao push` sends it by remote write.
#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <memory>
#include <string>
#include <vector>

#include "push/history.h"
#include "store/store.h"

namespace jiedao::serve {

class Metrics {
 public:
  explicit Metrics(const std::string& version);

  void observe_request(const std::string& handler, int status, double seconds);
  // One ingest pass: its duration, its failed files, and (when none failed) the time it ended.
  void observe_ingest(double seconds, size_t failed_files);

  // The text exposition format (version 0.0.4) of the health metrics and of `points`.
  std::string render(const std::vector<store::SeriesPoint>& points, int64_t reports, int64_t facts) const;
  // The same in two parts, so that a scrape between two ingests reuses the points' text:
  // render_points() gives the jiedao_indicator_value family alone (the megabytes, and it
  // changes only with the store), render() the health metrics followed by that text.
  static std::string render_points(const std::vector<store::SeriesPoint>& points);
  // render_points() in parts, so that the daemon renders again only the districts an ingest
  // changed (exposition.h): the sample lines of some points, how many of them conflict, and the
  // family written around blocks of lines.
  static std::string render_lines(const std::vector<store::SeriesPoint>& points);
  static size_t count_conflicts(const std::vector<store::SeriesPoint>& points);
  static std::string render_points(const std::vector<const std::string*>& lines, size_t conflicts);
  std::string render(const std::string& points_text, int64_t reports, int64_t facts) const;

 private:
  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Family<prometheus::Counter>& http_requests_;
  prometheus::Family<prometheus::Histogram>& http_duration_;
  prometheus::Histogram& ingest_duration_;
  prometheus::Counter& ingest_errors_;
  prometheus::Gauge& last_ingest_;
  prometheus::Gauge& reports_;
  prometheus::Gauge& facts_;
};

// Every sample of `history` as OpenMetrics text with its timestamp, sorted by time, ending in "# EOF".
std::string render_openmetrics(const push::History& history);

}  // namespace jiedao::serve
