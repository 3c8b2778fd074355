// The answers of the API's read routes (serve/handlers.h); serve/routes.cc says which path
// each answers and checks each question's parameters before it comes here.
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "report/calendar.h"
#include "serve/answer.h"
#include "serve/handlers.h"
#include "serve/params.h"
#include "serve/rows.h"
#include "store/series_view.h"

namespace jiedao::serve {

using nlohmann::json;

namespace {

// The points of a series filter, from the in-memory index when it is of the store's
// current generation (no query), else from the store itself.
struct SelectedPoints {
  std::shared_ptr<const store::SeriesIndex> index;  // keeps `points` alive
  std::vector<store::SeriesPoint> queried;
  std::vector<const store::SeriesPoint*> points;
};

Result<SelectedPoints> select_points(const ApiContext& ctx, const store::SeriesFilter& filter) {
  SelectedPoints selected;
  if (ctx.series_index) selected.index = ctx.series_index();
  if (selected.index) {
    selected.points = selected.index->select(filter);
    return selected;
  }
  auto queried = store::series_view(ctx.store, filter);
  if (!queried) return queried.error();
  selected.queried = std::move(queried).value();
  for (const auto& p : selected.queried) selected.points.push_back(&p);
  return selected;
}

// A list of more points than this is streamed, a batch at a time, from the series index
// (which the answer keeps alive), never built whole: an answer over a whole store (tens of
// megabytes of JSON, hundreds as a tree of json values) then costs a batch of memory.
constexpr size_t kStreamPointsAbove = 5000;

void stream_points(const ApiContext& ctx, const Question& q, httplib::Response& res,
                   SelectedPoints selected) {
  const bool csv = q.csv();
  auto points = std::make_shared<SelectedPoints>(std::move(selected));
  res.status = 200;
  res.set_chunked_content_provider(
      csv ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
      [&ctx, points, csv, next = size_t{0}](size_t, httplib::DataSink& sink) mutable {
        constexpr size_t kBatch = 512;
        const size_t end = std::min(points->points.size(), next + kBatch);
        json rows = json::array();
        for (size_t i = next; i < end; ++i) rows.push_back(point_json(ctx, *points->points[i]));
        if (!csv) {
          const std::vector<const store::SeriesPoint*> batch(points->points.begin() + next,
                                                             points->points.begin() + end);
          if (!add_stated(ctx, batch, rows)) return false;  // the store failed: the answer is cut off
        }
        std::string out;
        if (csv) {
          out = to_csv(rows, kSeriesColumns, next == 0);
        } else {
          for (const json& row : rows) {
            out += out.empty() && next == 0 ? '[' : ',';
            out += dump(row);
          }
          if (end == points->points.size()) out += "]";
        }
        next = end;
        if (!sink.write(out.data(), out.size())) return false;
        if (next == points->points.size()) sink.done();
        return true;
      });
}

// The point that answers "the value of the year": a value of its year (SeriesPoint::year_value,
// store/series_view.h) in the unit asked for, or when none is asked, in the catalogue's usual
// unit first.
const store::SeriesPoint* best_of_year(const ApiContext& ctx,
                                       const std::vector<const store::SeriesPoint*>& points,
                                       const std::string& indicator, const std::string& asked_unit,
                                       int year) {
  std::string unit = asked_unit;
  if (unit.empty()) {
    if (const extract::Indicator* i = ctx.catalogue.find(indicator); i != nullptr) unit = i->units.front();
  }
  const store::SeriesPoint* best = nullptr;
  for (const auto* p : points) {
    if (!p->year_value || p->period.end.year != year) continue;
    if (!asked_unit.empty() && p->unit != unit) continue;
    if (best == nullptr || (best->unit != unit && p->unit == unit)) best = p;
  }
  return best;
}

// One value as a CSV row: the point's columns, then its quote and sentence.
void send_value_csv(httplib::Response& res, const json& answer) {
  json row = answer;
  if (answer.contains("provenance")) {
    row["quote"] = answer["provenance"]["quote"];
    row["sentence"] = answer["provenance"]["sentence"];
  }
  std::vector<std::string> columns = kSeriesColumns;
  columns.push_back("quote");
  columns.push_back("sentence");
  res.set_content(to_csv(json::array({row}), columns), "text/csv; charset=utf-8");
}

}  // namespace

void answer_health(const ApiContext& /*ctx*/, const Question& /*q*/, httplib::Response& res) {
  send_json(res, 200, json{{"status", "ok"}});
}

void answer_ready(const ApiContext& ctx, const Question& /*q*/, httplib::Response& res) {
  // Not ready before the first ingest, nor once the database file was replaced or removed.
  const bool ready = ctx.ready.load() && ctx.store.same_file();
  send_json(res, ready ? 200 : 503, json{{"ready", ready}});
}

void answer_metrics(const ApiContext& ctx, const Question& /*q*/, httplib::Response& res) {
  if (!ctx.render_metrics) return send_error(res, 404, "metrics are not enabled");
  auto text = ctx.render_metrics();
  if (!stored(ctx, text, res)) return;
  res.set_content(text.value(), "text/plain; version=0.0.4; charset=utf-8");
}

void answer_indicators(const ApiContext& ctx, const Question& q, httplib::Response& res) {
  auto counts = ctx.store.indicator_counts();
  if (!stored(ctx, counts, res)) return;
  std::map<std::string, std::map<std::string, int64_t>> by_id;
  for (const auto& c : counts.value()) by_id[c.indicator][c.unit] = c.facts;
  json rows = json::array();
  for (const auto& i : ctx.catalogue.indicators()) {
    int64_t total = 0;
    json per_unit = json::object();
    for (const auto& [unit, n] : by_id[i.id]) {
      per_unit[unit] = n;
      total += n;
    }
    std::string units;
    for (const auto& u : i.units) units += (units.empty() ? "" : ",") + u;
    std::string wordings;
    for (const auto& w : i.wordings) wordings += (wordings.empty() ? "" : "|") + w;
    rows.push_back(json{{"indicator", i.id},
                        {"category", i.category},
                        {"family", i.family},
                        {"counts", i.counts},
                        {"counts_label", counts_label(ctx, i.counts)},
                        {"unit", i.units.front()},
                        {"units", units},
                        {"name_en", i.name_en},
                        {"name_zh", i.wordings.front()},
                        {"wordings", wordings},
                        {"facts", total},
                        {"facts_by_unit", per_unit}});
  }
  send_rows(res, q, rows,
            {"indicator", "category", "family", "counts", "counts_label", "unit", "units", "name_en",
             "name_zh", "facts"});
}

// The families of data/families.tsv, each with the catalogue ids that belong to it and the
// facts stored of it (a fact may carry a family without an id: a part of a total).
void answer_families(const ApiContext& ctx, const Question& q, httplib::Response& res) {
  auto counts = ctx.store.family_counts();
  if (!stored(ctx, counts, res)) return;
  std::map<std::string, int64_t> facts;
  for (const auto& c : counts.value()) facts[c.family] = c.facts;
  std::map<std::string, std::vector<std::string>> ids;
  for (const auto& i : ctx.catalogue.indicators()) {
    if (!i.family.empty()) ids[i.family].push_back(i.id);
  }
  // CSV has no arrays: there the ids are one field, separated by spaces.
  const bool csv = q.csv();
  json rows = json::array();
  for (const auto& f : ctx.families.families()) {
    std::string joined;
    for (const auto& id : ids[f.key]) joined += (joined.empty() ? "" : " ") + id;
    rows.push_back(json{{"family", f.key},
                        {"units", f.units},
                        {"description", f.description},
                        {"indicators", csv ? json(joined) : json(ids[f.key])},
                        {"facts", facts[f.key]}});
  }
  send_rows(res, q, rows, {"family", "units", "description", "indicators", "facts"});
}

// The labels of units, statuses, categories and spans, by kind and key: {"units": {"m2": {"zh":
// "平方米", "en": "m²"}}, "statuses": {...}, "categories": {...}, "spans": {...}}.
void answer_labels(const ApiContext& ctx, const Question& /*q*/, httplib::Response& res) {
  if (ctx.labels == nullptr) return send_error(res, 404, "labels are not loaded");
  json answer = json::object();
  for (const auto& [kind, key] :
       {std::pair{"unit", "units"}, {"status", "statuses"}, {"category", "categories"}, {"span", "spans"}}) {
    json labels = json::object();
    for (const auto& [name, label] : ctx.labels->of(kind))
      labels[name] = json{{"zh", label.zh}, {"en", label.en}};
    answer[key] = labels;
  }
  send_json(res, 200, answer);
}

void answer_districts(const ApiContext& ctx, const Question& q, httplib::Response& res) {
  auto districts = ctx.store.districts();
  if (!stored(ctx, districts, res)) return;
  json rows = json::array();
  for (const auto& d : districts.value()) {
    std::string years;
    for (int y : d.years) {
      // Two appends, not "," + to_string(y): GCC 12 at -O3 warns (-Wrestrict) on a
      // literal plus a temporary string, a false positive (GCC bug 105329).
      if (!years.empty()) years += ',';
      years += std::to_string(y);
    }
    rows.push_back(json{{"district", d.district},
                        {"county", d.county},
                        {"city", d.city},
                        {"province", d.province},
                        {"code", d.code},
                        {"years", d.years},
                        {"first_year", d.years.empty() ? 0 : d.years.front()},
                        {"last_year", d.years.empty() ? 0 : d.years.back()},
                        {"reports", d.reports},
                        {"facts", d.facts}});
  }
  send_rows(
      res, q, rows,
      {"district", "county", "city", "province", "code", "first_year", "last_year", "reports", "facts"});
}

bool series_question(const ApiContext& ctx, const Question& q, httplib::Response& res,
                     store::SeriesFilter& filter, std::string& span) {
  filter.indicator = q.get("indicator");
  filter.district = q.get("district");
  filter.county = q.get("county");
  filter.of = q.get("of");
  if (!place_params(q, res, filter)) return false;
  int64_t from = 0, to = 0;
  if (!status_param(q, res, filter.status) || !family_param(ctx, q, res, filter.family) ||
      !int_param(q, res, "from", kFirstYear, kLastYear, 0, from) ||
      !int_param(q, res, "to", kFirstYear, kLastYear, 0, to)) {
    return false;
  }
  if (from && to && from > to) {
    send_error(res, 400, "from is after to");
    return false;
  }
  filter.from_year = static_cast<int>(from);
  filter.to_year = static_cast<int>(to);
  // A span (year, half, quarter, months, multi_year): the points of one line of a chart.
  span = q.get("span");
  constexpr Span kSpans[] = {Span::kYear, Span::kHalf, Span::kQuarter, Span::kMonths, Span::kMultiYear};
  if (!span.empty() &&
      std::none_of(std::begin(kSpans), std::end(kSpans), [&](Span s) { return span_name(s) == span; })) {
    send_error(res, 400, "unknown span '" + span + "' (year, half, quarter, months or multi_year)");
    return false;
  }
  return true;
}

// The points of a series filter whose period is of `span` (year, half, ...; "": any).
Result<SelectedPoints> select_points(const ApiContext& ctx, const store::SeriesFilter& filter,
                                     const std::string& span) {
  auto selected = select_points(ctx, filter);
  if (selected && !span.empty())
    std::erase_if(selected.value().points,
                  [&](const store::SeriesPoint* p) { return span_name(span_of(p->period)) != span; });
  return selected;
}

Result<std::vector<const store::SeriesPoint*>> series_points(const ApiContext& ctx,
                                                             const store::SeriesFilter& filter,
                                                             const std::string& span,
                                                             std::shared_ptr<const void>& keep) {
  auto points = select_points(ctx, filter, span);
  if (!points) return points.error();
  auto selected = std::make_shared<SelectedPoints>(std::move(points).value());
  keep = selected;
  return selected->points;
}

void answer_series(const ApiContext& ctx, const Question& q, httplib::Response& res) {
  store::SeriesFilter filter;
  std::string span;
  if (!series_question(ctx, q, res, filter, span)) return;
  auto points = select_points(ctx, filter, span);
  if (!stored(ctx, points, res)) return;
  if (points.value().points.size() > kStreamPointsAbove)
    return stream_points(ctx, q, res, std::move(points).value());
  json rows = json::array();
  for (const auto* p : points.value().points) rows.push_back(point_json(ctx, *p));
  if (!q.csv() && !stored(ctx, add_stated(ctx, points.value().points, rows), res)) return;
  send_rows(res, q, rows, kSeriesColumns);
}

void answer_value(const ApiContext& ctx, const Question& q, httplib::Response& res) {
  for (const char* required : {"indicator", "district", "year"}) {
    if (std::string_view(required) == "district" && !q.get("code").empty()) continue;  // or the unit's code
    if (!q.has(required) || q.get(required).empty()) {
      return send_error(res, 400,
                        std::string(required) + " is required: " +
                            "/api/v1/value?indicator=jobs_added&district=江川路街道&year=2018");
    }
  }
  int64_t year = 0;
  store::SeriesFilter filter;
  if (!int_param(q, res, "year", kFirstYear, kLastYear, 0, year) || !status_param(q, res, filter.status))
    return;
  if (!filter.status) filter.status = Status::kActual;
  filter.indicator = q.get("indicator");
  filter.district = q.get("district");
  filter.county = q.get("county");  // a name several units bear: in this county
  filter.of = q.get("of");          // a completion rate: the task's indicator
  if (!place_params(q, res, filter)) return;
  filter.from_year = filter.to_year = static_cast<int>(year);
  auto points = select_points(ctx, filter);
  if (!stored(ctx, points, res)) return;
  const std::string& asked = filter.district.empty() ? filter.code : filter.district;  // in messages
  // One unit's value: a name that units of several counties bear (新华路街道) needs county= or code=,
  // and the few that two counties of one name bear (解放街道 of 铁东区, in 鞍山 and 四平) code=.
  std::set<std::tuple<std::string_view, std::string_view, std::string_view>> units;
  for (const auto* p : points.value().points) units.emplace(p->district, p->county, p->code);
  if (units.size() > 1) {
    std::string counties;
    for (const auto& [district, county, code] : units) {
      if (!counties.empty()) counties += ", ";
      counties += county;
      if (!code.empty()) (counties += ' ') += code;
    }
    return send_error(res, 400,
                      asked + " is a unit of several counties (" + counties + "); give county= or code=");
  }
  const store::SeriesPoint* best =
      best_of_year(ctx, points.value().points, filter.indicator, q.get("unit"), static_cast<int>(year));
  if (best == nullptr) {
    return send_error(res, 404,
                      "no " + std::string(status_name(*filter.status)) + " value of " + filter.indicator +
                          " for " + asked + " in " + std::to_string(year));
  }
  // The fact shown and the others that state the point, in one read of the store.
  std::vector<int64_t> ids = {best->fact_id};
  ids.insert(ids.end(), best->also_stated_by.begin(), best->also_stated_by.end());
  auto stated = ctx.store.facts_by_id(ids);
  if (!stored(ctx, stated, res)) return;
  json answer = point_json(ctx, *best);
  json others = json::array();
  for (const auto& f : stated.value()) {
    if (f.id == best->fact_id) {
      answer["provenance"] =
          json{{"report", f.report},     {"fact_id", f.id},
               {"quote", f.quote},       {"subject", f.fact.subject},
               {"sentence", f.sentence}, {"span", json::array({f.fact.begin, f.fact.end})}};
      continue;
    }
    others.push_back(json{{"report", f.report},
                          {"fact_id", f.id},
                          {"value", number(f.fact.value)},
                          {"quote", f.quote},
                          {"span", json::array({f.fact.begin, f.fact.end})}});
  }
  answer["also_stated_by"] = others;
  if (q.csv()) return send_value_csv(res, answer);
  send_json(res, 200, answer);
}

}  // namespace jiedao::serve
