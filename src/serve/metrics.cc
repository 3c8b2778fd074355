#include "serve/metrics.h"

#include <prometheus/text_serializer.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <sstream>
#include <tuple>

#include "model/number.h"
#include "model/time.h"
#include "report/calendar.h"

namespace jiedao::serve {

namespace {

const prometheus::Histogram::BucketBoundaries kHttpBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                              0.1,   0.25,   0.5,   1,    2.5,   5};
const prometheus::Histogram::BucketBoundaries kIngestBuckets = {0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300};

constexpr const char* kHistoryHelp =
    "The value a report states for the period ending at the sample's time, in the indicator's canonical "
    "unit; one series per indicator, unit, status, span and unit of China (jiedao push, jiedao export).";

constexpr const char* kIndicatorHelp =
    "A point of an indicator series: the value in its canonical unit for the district and period "
    "(the period's last day is the point's time; see jiedao export for the history).";

prometheus::Labels point_labels(const store::SeriesPoint& p) {
  prometheus::Labels labels{{"indicator", p.indicator},
                            {"unit", p.unit},
                            {"district", p.district},
                            {"county", p.county},
                            {"status", std::string(status_name(p.status))},
                            {"period", report::period_label(p.period)},
                            {"year", std::to_string(p.period.end.year)}};
  // Empty labels are left out: Prometheus reads an empty label as an absent one anyway, and
  // most points have no `of` and many no family.
  if (!p.family.empty()) labels["family"] = p.family;
  if (!p.counts.empty()) labels["counts"] = p.counts;
  if (!p.of.empty()) labels["of"] = p.of;
  // The unit's place, when the gazetteer knows it (a district given only by reports.tsv has none).
  if (!p.code.empty()) labels["code"] = p.code;
  if (!p.city.empty()) labels["city"] = p.city;
  if (!p.province.empty()) labels["province"] = p.province;
  return labels;
}

std::string escape_label(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '"')
      out += "\\\"";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

// Appended in steps, not as "literal" + a temporary: GCC 12 at -O2 warns there
// (-Warray-bounds, -Wrestrict: GCC bug 105329).
std::string indicator_family_header() {
  std::string out = "# HELP jiedao_indicator_value ";
  out += kIndicatorHelp;
  out += "\n# TYPE jiedao_indicator_value gauge\n";
  return out;
}

// One point's sample without its line end: the name, its labels in name order, its value.
void append_point(std::string& out, const store::SeriesPoint& p) {
  out += "jiedao_indicator_value{";
  bool first = true;
  for (const auto& [name, value] : point_labels(p)) {
    if (!first) out += ',';
    out += name;
    out += "=\"";
    out += escape_label(value);
    out += '"';
    first = false;
  }
  out += "} ";
  out += number_text(p.value);
}

}  // namespace

Metrics::Metrics(const std::string& version)
    : registry_(std::make_shared<prometheus::Registry>()),
      http_requests_(prometheus::BuildCounter()
                         .Name("jiedao_http_requests_total")
                         .Help("HTTP requests answered, by handler and status code.")
                         .Register(*registry_)),
      http_duration_(prometheus::BuildHistogram()
                         .Name("jiedao_http_request_duration_seconds")
                         .Help("Time to answer an HTTP request, by handler.")
                         .Register(*registry_)),
      ingest_duration_(prometheus::BuildHistogram()
                           .Name("jiedao_ingest_duration_seconds")
                           .Help("Time of one ingest pass over the reports folder.")
                           .Register(*registry_)
                           .Add({}, kIngestBuckets)),
      ingest_errors_(
          prometheus::BuildCounter()
              .Name("jiedao_ingest_errors_total")
              .Help("Report files that could not be ingested (unreadable, not UTF-8, store failure).")
              .Register(*registry_)
              .Add({})),
      last_ingest_(prometheus::BuildGauge()
                       .Name("jiedao_last_successful_ingest_timestamp_seconds")
                       .Help("When the last ingest pass without a failed file ended (Unix time).")
                       .Register(*registry_)
                       .Add({})),
      reports_(prometheus::BuildGauge()
                   .Name("jiedao_reports_stored")
                   .Help("Reports in the store.")
                   .Register(*registry_)
                   .Add({})),
      facts_(prometheus::BuildGauge()
                 .Name("jiedao_facts_stored")
                 .Help("Facts in the store.")
                 .Register(*registry_)
                 .Add({})) {
  prometheus::BuildGauge()
      .Name("jiedao_build_info")
      .Help("The jiedao version serving; always 1.")
      .Register(*registry_)
      .Add({{"version", version}})
      .Set(1);
}

void Metrics::observe_request(const std::string& handler, int status, double seconds) {
  http_requests_.Add({{"handler", handler}, {"code", std::to_string(status)}}).Increment();
  http_duration_.Add({{"handler", handler}}, kHttpBuckets).Observe(seconds);
}

void Metrics::observe_ingest(double seconds, size_t failed_files) {
  ingest_duration_.Observe(seconds);
  ingest_errors_.Increment(static_cast<double>(failed_files));
  if (failed_files == 0) {
    last_ingest_.Set(
        std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count());
  }
}

std::string Metrics::render(const std::vector<store::SeriesPoint>& points, int64_t reports,
                            int64_t facts) const {
  return render(render_points(points), reports, facts);
}

std::string Metrics::render_points(const std::vector<store::SeriesPoint>& points) {
  const std::string lines = render_lines(points);
  return render_points({&lines}, count_conflicts(points));
}

std::string Metrics::render_lines(const std::vector<store::SeriesPoint>& points) {
  // Written here rather than by prometheus-cpp's TextSerializer, which prints 17 significant
  // digits (8.3 as 8.300000000000001): the value is written as everywhere else (model/number.h).
  std::string out;
  for (const store::SeriesPoint& p : points) {
    append_point(out, p);
    out += '\n';
  }
  return out;
}

size_t Metrics::count_conflicts(const std::vector<store::SeriesPoint>& points) {
  return static_cast<size_t>(
      std::count_if(points.begin(), points.end(), [](const store::SeriesPoint& p) { return p.conflict; }));
}

std::string Metrics::render_points(const std::vector<const std::string*>& lines, size_t conflicts) {
  size_t size = 0;
  for (const std::string* block : lines) size += block->size();
  std::string out = indicator_family_header();
  out.reserve(size + 512);
  for (const std::string* block : lines) out += *block;
  // The work waiting for the person who checks the data (GET /api/v1/conflicts lists it).
  out +=
      "# HELP jiedao_conflicting_points Points whose facts state values that differ beyond rounding, "
      "with no correction choosing one (GET /api/v1/conflicts).\n"
      "# TYPE jiedao_conflicting_points gauge\n"
      "jiedao_conflicting_points ";
  out += std::to_string(conflicts);
  out += '\n';
  return out;
}

std::string Metrics::render(const std::string& points_text, int64_t reports, int64_t facts) const {
  reports_.Set(static_cast<double>(reports));
  facts_.Set(static_cast<double>(facts));
  std::string text = prometheus::TextSerializer().Serialize(registry_->Collect());
  text.reserve(text.size() + points_text.size());
  text += points_text;
  return text;
}

std::string render_openmetrics(const push::History& history) {
  struct Line {
    int64_t ms;
    const push::HistorySeries* series;
    double value;
  };
  std::vector<Line> lines;
  lines.reserve(history.samples);
  for (const auto& s : history.series) {
    for (const auto& sample : s.samples) lines.push_back({sample.timestamp_ms, &s, sample.value});
  }
  std::stable_sort(lines.begin(), lines.end(), [](const Line& a, const Line& b) { return a.ms < b.ms; });
  std::string out = "# HELP ";
  out += push::kHistoryMetric;
  out += ' ';
  out += kHistoryHelp;
  out += "\n# TYPE ";
  out += push::kHistoryMetric;
  out += " gauge\n";
  for (const Line& line : lines) {
    out += push::kHistoryMetric;
    out += '{';
    bool first = true;
    for (const auto& label : line.series->labels) {
      if (label.name == "__name__") continue;
      if (!first) out += ',';
      out += label.name;
      out += "=\"";
      out += escape_label(label.value);
      out += '"';
      first = false;
    }
    out += "} ";
    out += number_text(line.value);
    // Three appends, not " " + a temporary: GCC 12 at -O3 warns (-Wrestrict) there (GCC bug 105329).
    out += ' ';
    out += std::to_string(line.ms / 1000);
    out += '\n';
  }
  out += "# EOF\n";
  return out;
}

}  // namespace jiedao::serve
