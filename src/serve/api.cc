#include "serve/api.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "base/csv.h"
#include "report/calendar.h"
#include "serve/answer.h"
#include "serve/guarded_server.h"
#include "serve/query.h"
#include "serve/upload.h"
#include "store/series_view.h"
#include "store/substring_index.h"
#include "text/utf8.h"

namespace jiedao::serve {

using nlohmann::json;

namespace {

std::string param(const httplib::Request& req, const char* name);

// ---- answers ----

// 3188 rather than 3188.0: values are counts more often than not.
json number(double value) {
  if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 1e15) {
    return static_cast<int64_t>(value);
  }
  return value;
}

// Text (report words, names) through base/csv.h; numbers and booleans, which the
// API formats itself, as they are: a value of -36.7 is a number, not a formula.
std::string csv_field(const json& value) {
  if (value.is_string()) return jiedao::csv_field(value.get<std::string>());
  if (value.is_null()) return "";
  return jiedao::csv_field(dump(value));
}

// Flat rows as CSV (RFC 4180), columns in the order given; without the header line when
// `header` is false (the later parts of a streamed answer).
std::string to_csv(const json& rows, const std::vector<std::string>& columns, bool header = true) {
  std::string out;
  if (header) {
    for (size_t i = 0; i < columns.size(); ++i) out += (i ? "," : "") + columns[i];
    out += "\r\n";
  }
  for (const json& row : rows) {
    for (size_t i = 0; i < columns.size(); ++i) {
      if (i) out += ',';
      auto it = row.find(columns[i]);
      if (it != row.end()) out += csv_field(*it);
    }
    out += "\r\n";
  }
  return out;
}

void send_rows(httplib::Response& res, const httplib::Request& req, const json& rows,
               const std::vector<std::string>& columns) {
  if (param(req, "format") == "csv") {
    res.status = 200;
    res.set_content(to_csv(rows, columns), "text/csv; charset=utf-8");
  } else {
    send_json(res, 200, rows);
  }
}

// ---- questions ----

// The parameters of the URL's query only (serve/query.h says why).
std::string param(const httplib::Request& req, const char* name) {
  const httplib::Params params = split_query(req.target);
  auto it = params.find(name);
  return it == params.end() ? std::string() : it->second;
}

bool has_param(const httplib::Request& req, const char* name) {
  return split_query(req.target).count(name) > 0;
}

// Rejects unknown parameters, repeated ones, malformed UTF-8 and a format other than json/csv.
bool check_params(const httplib::Request& req, httplib::Response& res,
                  std::initializer_list<const char*> allowed) {
  std::set<std::string> names(allowed.begin(), allowed.end());
  names.insert("format");
  const auto params = parse_query(req.target, names, req.path);
  if (!params) {
    send_error(res, 400, params.error().message);
    return false;
  }
  const std::string format = param(req, "format");
  if (!format.empty() && format != "json" && format != "csv") {
    send_error(res, 400, "format must be json or csv, not '" + format + "'");
    return false;
  }
  return true;
}

// An integer parameter within [low, high]; `fallback` when absent.
bool int_param(const httplib::Request& req, httplib::Response& res, const char* name, int64_t low,
               int64_t high, int64_t fallback, int64_t& out) {
  if (!has_param(req, name)) {
    out = fallback;
    return true;
  }
  const auto value = parse_bounded_int(param(req, name), low, high);
  if (!value) {
    send_error(res, 400, std::string(name) + " " + value.error().message);
    return false;
  }
  out = value.value();
  return true;
}

bool status_param(const httplib::Request& req, httplib::Response& res, std::optional<Status>& out) {
  const std::string text = param(req, "status");
  out = parse_status(text);
  if (!text.empty() && !out) {
    send_error(res, 400, "status must be actual or target, not '" + text + "'");
    return false;
  }
  return true;
}

// family= names a family of data/families.tsv or is absent: a misspelt family would otherwise
// answer an empty list that reads like "no data".
bool family_param(const ApiContext& ctx, const httplib::Request& req, httplib::Response& res,
                  std::string& out) {
  out = param(req, "family");
  if (!out.empty() && !ctx.families.contains(out)) {
    send_error(res, 400, "unknown family '" + out + "'; GET /api/v1/families lists them");
    return false;
  }
  return true;
}

std::string period_start(const Period& p) { return p.empty() ? "" : iso_date(p.start); }
std::string period_end(const Period& p) { return p.empty() ? "" : iso_date(p.end); }

// A count's measure class as people read it ("户 households"), from the unit lexicon; "" for
// what is not a count.
std::string counts_label(const ApiContext& ctx, const std::string& counts) {
  return counts.empty() ? std::string() : ctx.units.class_label(counts);
}

// What a point or a fact counts: its family, its measure class and, for a completion rate,
// the indicator whose task it completes (only when known).
void add_kind(json& row, const ApiContext& ctx, const std::string& family, const std::string& counts,
              const std::string& of) {
  row["family"] = family;
  row["counts"] = counts;
  row["counts_label"] = counts_label(ctx, counts);
  if (!of.empty()) row["of"] = of;
}

json point_json(const ApiContext& ctx, const store::SeriesPoint& p) {
  json row{{"time", p.time},
           {"district", p.district},
           {"county", p.county},
           {"indicator", p.indicator},
           {"unit", p.unit},
           {"status", status_name(p.status)},
           {"period", report::period_label(p.period)},
           {"period_start", period_start(p.period)},
           {"period_end", period_end(p.period)},
           {"year", p.period.end.year},
           {"value", number(p.value)},
           {"report", p.report},
           {"fact_id", p.fact_id},
           {"sources", p.sources}};
  add_kind(row, ctx, p.family, p.counts, p.of);
  return row;
}

const std::vector<std::string> kSeriesColumns = {
    "time",    "district",     "county",     "indicator",    "unit",  "status",
    "period",  "period_start", "period_end", "year",         "value", "report",
    "fact_id", "family",       "counts",     "counts_label", "of"};

json fact_json(const ApiContext& ctx, const store::StoredFact& s) {
  const Fact& f = s.fact;
  json row{{"id", s.id},
           {"report", s.report},
           {"district", s.district},
           {"county", s.county},
           {"period_start", period_start(f.period)},
           {"period_end", period_end(f.period)},
           {"status", status_name(f.status)},
           {"indicator", f.indicator},
           {"subject", f.subject},
           {"value", number(f.value)},
           {"value_max", f.value_max ? number(*f.value_max) : json(nullptr)},
           {"unit", f.unit},
           {"measure", f.measure},
           {"qualifier", f.qualifier},
           {"change", f.change},
           {"quote", s.quote},
           {"span_begin", f.begin},
           {"span_end", f.end},
           {"sentence", s.sentence}};
  add_kind(row, ctx, f.family, f.counts, f.of);
  return row;
}

const std::vector<std::string> kFactColumns = {
    "id",         "report",   "district",  "county", "period_start", "period_end",   "status", "indicator",
    "subject",    "value",    "value_max", "unit",   "measure",      "qualifier",    "change", "quote",
    "span_begin", "span_end", "sentence",  "family", "counts",       "counts_label", "of"};

// What a report's facts wait for before they form points: a district the gazetteer does not
// know, a period its text does not give (both can be given in the folder's reports.tsv).
std::string waiting_for(const store::ReportRecord& r) {
  std::string waits;
  if (r.district.empty()) waits = "district";
  if (r.period.empty()) waits += std::string(waits.empty() ? "" : " ") + "period";
  return waits;
}

json report_json(const store::ReportRecord& r) {
  return json{{"id", r.id},
              {"path", r.path},
              {"sha256", r.sha256},
              {"district", r.district},
              {"county", r.county},
              {"kind", r.kind},
              {"period_start", period_start(r.period)},
              {"period_end", period_end(r.period)},
              {"published", r.published ? iso_date(*r.published) : ""},
              {"ingested_at", r.ingested_at},
              {"facts", r.fact_count},
              {"waiting_for", waiting_for(r)}};
}

const std::vector<std::string> kReportColumns = {"id",        "path",        "sha256",       "district",
                                                 "county",    "kind",        "period_start", "period_end",
                                                 "published", "ingested_at", "facts",        "waiting_for"};

// A store failure is the server's problem, not the user's: a 500 whose details (paths,
// SQLite's words) go to the log, not to the client.
template <class T>
bool stored(const ApiContext& ctx, const Result<T>& result, httplib::Response& res) {
  if (result) return true;
  send_failure(res, result.error(), [&](const std::string& message) {
    if (ctx.log) ctx.log("error", "store: " + message);
  });
  return false;
}

// A page of a report's text: at most `max_bytes` from `offset`, both moved back to the start
// of a character, with the total and where the next page starts (null after the last), so
// that a report of megabytes is not one answer of megabytes per request. `window` holds the
// text's bytes from offset - 3 to offset + max_bytes + 4 (what text_window() reads).
void add_text_page(json& answer, const store::TextWindow& window, size_t offset, size_t max_bytes) {
  const size_t total = window.total;
  auto byte_at = [&](size_t i) { return static_cast<unsigned char>(window.bytes[i - window.begin]); };
  auto character_start = [&](size_t i) {
    while (i > window.begin && i < total && i - window.begin < window.bytes.size() &&
           (byte_at(i) & 0xC0) == 0x80)
      --i;
    return std::min(i, total);
  };
  const size_t begin = character_start(offset);
  size_t end = begin + max_bytes >= total ? total : character_start(begin + max_bytes);
  if (end <= begin && begin < total) end = std::min(total, begin + max_bytes + 4);
  answer["text"] = window.bytes.substr(begin - window.begin, end - begin);
  answer["text_offset"] = begin;
  answer["text_bytes"] = total;
  answer["text_next"] = end < total ? json(end) : json(nullptr);
}

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

using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;
// The answer of one route: what a handler does with the context it is installed with.
using Answer = void (*)(const ApiContext& ctx, const httplib::Request& req, httplib::Response& res);

// Times every handler and reports it under its route, not its path (no label per report id).
Handler observed(const ApiContext& ctx, std::string route, Handler handler) {
  return [&ctx, route = std::move(route), handler = std::move(handler)](const httplib::Request& req,
                                                                        httplib::Response& res) {
    const auto started = std::chrono::steady_clock::now();
    handler(req, res);
    if (ctx.observe) {
      // A handler that sets no status answers 200: cpp-httplib sets it after the handler returns.
      ctx.observe(route, res.status == -1 ? 200 : res.status,
                  std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    }
  };
}

// Answers that only read the store are kept until it changes (answer_cache.h): the
// generation is read before the answer is computed, so a write during it leaves the
// answer unkept, never kept as older than it is. The same question asked by several
// clients at once is computed once, by the first; the others wait for its answer.
Handler cached(const ApiContext& ctx, Handler handler) {
  if (ctx.answers == nullptr) return handler;
  return [&ctx, handler = std::move(handler)](const httplib::Request& req, httplib::Response& res) {
    std::string key = req.path;
    for (const auto& [name, value] : req.params) key += '\x1f' + name + '=' + value;
    const uint64_t generation = ctx.store.generation();
    auto serve_kept = [&res](const CachedAnswer& answer) {
      res.status = answer.status;
      res.set_content(answer.body, answer.content_type);
    };
    if (auto answer = ctx.answers->find(key, generation)) return serve_kept(*answer);
    bool answered_here = false;
    auto shared = ctx.answers->compute(key, generation, [&]() -> std::shared_ptr<const CachedAnswer> {
      answered_here = true;
      handler(req, res);
      // A streamed answer (res.body empty, a content provider) is neither kept nor shared.
      if ((res.status != 200 && res.status != 404) || res.is_chunked_content_provider_) return nullptr;
      return std::make_shared<const CachedAnswer>(
          CachedAnswer{res.status, res.get_header_value("Content-Type"), res.body});
    });
    if (answered_here) return;
    if (shared) return serve_kept(*shared);
    handler(req, res);  // the computation waited for had nothing to share
  };
}

// A heavy answer takes a slot of the gate (heavy_gate.h) while it is computed, or 503.
Handler heavy(const ApiContext& ctx, Handler handler) {
  if (ctx.heavy == nullptr) return handler;
  return [&ctx, handler = std::move(handler)](const httplib::Request& req, httplib::Response& res) {
    auto slot = ctx.heavy->enter();
    if (!slot) {
      res.set_header("Retry-After", "5");
      GuardedServer::close_after_answer(res);  // and what it pipelined after this is not read
      return send_error(res, 503,
                        "the server is answering as many large lists as it can; try again in a few seconds");
    }
    handler(req, res);
    // A streamed answer holds the slot until it is sent.
    if (res.is_chunked_content_provider_) {
      res.content_provider_resource_releaser_ =
          [slot, release = std::move(res.content_provider_resource_releaser_)](bool success) {
            if (release) release(success);
          };
    }
  };
}

Handler bound(const ApiContext& ctx, Answer answer) {
  return [&ctx, answer](const httplib::Request& req, httplib::Response& res) { answer(ctx, req, res); };
}

void answer_health(const ApiContext& /*ctx*/, const httplib::Request& req, httplib::Response& res) {
  if (!check_params(req, res, {})) return;
  send_json(res, 200, json{{"status", "ok"}});
}

void answer_ready(const ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
  if (!check_params(req, res, {})) return;
  // Not ready before the first ingest, nor once the database file was replaced or removed.
  const bool ready = ctx.ready.load() && ctx.store.same_file();
  send_json(res, ready ? 200 : 503, json{{"ready", ready}});
}

void answer_metrics(const ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
  if (!check_params(req, res, {})) return;
  if (!ctx.render_metrics) return send_error(res, 404, "metrics are not enabled");
  auto text = ctx.render_metrics();
  if (!stored(ctx, text, res)) return;
  res.set_content(text.value(), "text/plain; version=0.0.4; charset=utf-8");
}

void answer_indicators(const ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
  if (!check_params(req, res, {})) return;
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
  send_rows(res, req, rows,
            {"indicator", "category", "family", "counts", "counts_label", "unit", "units", "name_en",
             "name_zh", "facts"});
}

// The families of data/families.tsv, each with the catalogue ids that belong to it and the
// facts stored of it (a fact may carry a family without an id: a part of a total).
void answer_families(const ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
  if (!check_params(req, res, {})) return;
  auto counts = ctx.store.family_counts();
  if (!stored(ctx, counts, res)) return;
  std::map<std::string, int64_t> facts;
  for (const auto& c : counts.value()) facts[c.family] = c.facts;
  std::map<std::string, std::vector<std::string>> ids;
  for (const auto& i : ctx.catalogue.indicators()) {
    if (!i.family.empty()) ids[i.family].push_back(i.id);
  }
  // CSV has no arrays: there the ids are one field, separated by spaces.
  const bool csv = param(req, "format") == "csv";
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
  send_rows(res, req, rows, {"family", "units", "description", "indicators", "facts"});
}

void answer_districts(const ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
  if (!check_params(req, res, {})) return;
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
                        {"years", d.years},
                        {"first_year", d.years.empty() ? 0 : d.years.front()},
                        {"last_year", d.years.empty() ? 0 : d.years.back()},
                        {"reports", d.reports},
                        {"facts", d.facts}});
  }
  send_rows(res, req, rows, {"district", "county", "first_year", "last_year", "reports", "facts"});
}

// A list of more points than this is streamed, a batch at a time, from the series index
// (which the answer keeps alive), never built whole: an answer over a whole store (tens of
// megabytes of JSON, hundreds as a tree of json values) then costs a batch of memory.
constexpr size_t kStreamPointsAbove = 5000;

void stream_points(const ApiContext& ctx, const httplib::Request& req, httplib::Response& res,
                   SelectedPoints selected) {
  const bool csv = param(req, "format") == "csv";
  auto points = std::make_shared<SelectedPoints>(std::move(selected));
  res.status = 200;
  res.set_chunked_content_provider(
      csv ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
      [&ctx, points, csv, next = size_t{0}](size_t, httplib::DataSink& sink) mutable {
        constexpr size_t kBatch = 512;
        const size_t end = std::min(points->points.size(), next + kBatch);
        json rows = json::array();
        for (size_t i = next; i < end; ++i) rows.push_back(point_json(ctx, *points->points[i]));
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

void answer_series(const ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
  if (!check_params(req, res, {"indicator", "district", "county", "status", "family", "of", "from", "to"}))
    return;
  store::SeriesFilter filter;
  filter.indicator = param(req, "indicator");
  filter.district = param(req, "district");
  filter.county = param(req, "county");
  filter.of = param(req, "of");
  int64_t from = 0, to = 0;
  if (!status_param(req, res, filter.status) || !family_param(ctx, req, res, filter.family) ||
      !int_param(req, res, "from", kFirstYear, kLastYear, 0, from) ||
      !int_param(req, res, "to", kFirstYear, kLastYear, 0, to)) {
    return;
  }
  if (from && to && from > to) return send_error(res, 400, "from is after to");
  filter.from_year = static_cast<int>(from);
  filter.to_year = static_cast<int>(to);
  auto points = select_points(ctx, filter);
  if (!stored(ctx, points, res)) return;
  if (points.value().points.size() > kStreamPointsAbove)
    return stream_points(ctx, req, res, std::move(points).value());
  json rows = json::array();
  for (const auto* p : points.value().points) rows.push_back(point_json(ctx, *p));
  send_rows(res, req, rows, kSeriesColumns);
}

// The point that answers "the value of the year": the unit asked for (only it, when one is
// asked), the calendar year first, then the catalogue's usual unit, then a period that starts
// in the year.
const store::SeriesPoint* best_of_year(const ApiContext& ctx,
                                       const std::vector<const store::SeriesPoint*>& points,
                                       const std::string& indicator, const std::string& asked_unit,
                                       int year) {
  std::string unit = asked_unit;
  if (unit.empty()) {
    for (const auto& i : ctx.catalogue.indicators()) {
      if (i.id == indicator) unit = i.units.front();
    }
  }
  auto rank = [&](const store::SeriesPoint& p) {
    const bool calendar_year =
        p.period.start == CivilDate{year, 1, 1} && p.period.end == CivilDate{year, 12, 31};
    return std::make_tuple(!calendar_year, p.unit != unit, p.period.start.year == year ? 0 : 1);
  };
  const store::SeriesPoint* best = nullptr;
  for (const auto* p : points) {
    if (!asked_unit.empty() && p->unit != unit) continue;
    if (best == nullptr || rank(*p) < rank(*best)) best = p;
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

void answer_value(const ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
  if (!check_params(req, res, {"indicator", "district", "year", "status", "unit", "of"})) return;
  for (const char* required : {"indicator", "district", "year"}) {
    if (!has_param(req, required) || param(req, required).empty()) {
      return send_error(res, 400,
                        std::string(required) + " is required: " +
                            "/api/v1/value?indicator=jobs_added&district=江川路街道&year=2018");
    }
  }
  int64_t year = 0;
  store::SeriesFilter filter;
  if (!int_param(req, res, "year", kFirstYear, kLastYear, 0, year) || !status_param(req, res, filter.status))
    return;
  if (!filter.status) filter.status = Status::kActual;
  filter.indicator = param(req, "indicator");
  filter.district = param(req, "district");
  filter.of = param(req, "of");  // a completion rate: the task's indicator
  filter.from_year = filter.to_year = static_cast<int>(year);
  auto points = select_points(ctx, filter);
  if (!stored(ctx, points, res)) return;
  const store::SeriesPoint* best =
      best_of_year(ctx, points.value().points, filter.indicator, param(req, "unit"), static_cast<int>(year));
  if (best == nullptr) {
    return send_error(res, 404,
                      "no " + std::string(status_name(*filter.status)) + " value of " + filter.indicator +
                          " for " + filter.district + " in " + std::to_string(year));
  }
  auto fact = ctx.store.fact(best->fact_id);
  if (!stored(ctx, fact, res)) return;
  json answer = point_json(ctx, *best);
  if (fact.value()) {
    const auto& f = *fact.value();
    answer["provenance"] = json{{"report", f.report},     {"fact_id", f.id},
                                {"quote", f.quote},       {"subject", f.fact.subject},
                                {"sentence", f.sentence}, {"span", json::array({f.fact.begin, f.fact.end})}};
  }
  json others = json::array();
  auto stated = ctx.store.facts_by_id(best->also_stated_by);
  if (!stored(ctx, stated, res)) return;
  for (const auto& f : stated.value()) {
    others.push_back(json{{"report", f.report},
                          {"fact_id", f.id},
                          {"value", number(f.fact.value)},
                          {"quote", f.quote},
                          {"span", json::array({f.fact.begin, f.fact.end})}});
  }
  answer["also_stated_by"] = others;
  if (param(req, "format") == "csv") return send_value_csv(res, answer);
  send_json(res, 200, answer);
}

void answer_facts(const ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
  if (!check_params(req, res, {"report", "indicator", "district", "family", "q", "limit", "offset"})) return;
  store::FactFilter filter;
  filter.report = param(req, "report");
  filter.indicator = param(req, "indicator");
  filter.district = param(req, "district");
  filter.text = param(req, "q");
  // One character is in most facts, and the text index looks up pairs (store/substring_index.h).
  if (!filter.text.empty() && !store::indexable_query(filter.text))
    return send_error(res, 400, "q must be at least two characters (one is in too many facts to search for)");
  if (!family_param(ctx, req, res, filter.family) ||
      !int_param(req, res, "limit", 0, 10000, 100, filter.limit) ||
      !int_param(req, res, "offset", 0, 1000000000, 0, filter.offset)) {
    return;
  }
  auto facts = ctx.store.facts(filter);
  if (!stored(ctx, facts, res)) return;
  json rows = json::array();
  for (const auto& f : facts.value()) rows.push_back(fact_json(ctx, f));
  send_rows(res, req, rows, kFactColumns);
}

void answer_reports(const ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
  if (!check_params(req, res, {"limit", "offset"})) return;
  int64_t limit = 0, offset = 0;
  if (!int_param(req, res, "limit", 0, 10000, 1000, limit) ||
      !int_param(req, res, "offset", 0, 1000000000, 0, offset))
    return;
  auto reports = ctx.store.reports(limit, offset);
  if (!stored(ctx, reports, res)) return;
  json rows = json::array();
  for (const auto& r : reports.value()) rows.push_back(report_json(r));
  send_rows(res, req, rows, kReportColumns);
}

void answer_report(const ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
  if (!check_params(req, res, {"text_offset"})) return;
  int64_t text_offset = 0;
  if (!int_param(req, res, "text_offset", 0, 1000000000000, 0, text_offset)) return;
  const std::string id = req.matches[1];
  if (text::find_invalid_utf8(id)) return send_error(res, 400, "report id is not valid UTF-8");
  auto report = ctx.store.report_without_text(id);
  if (!stored(ctx, report, res)) return;
  if (!report.value()) return send_error(res, 404, "no report '" + id + "'; GET /api/v1/reports lists them");
  // Only the page's bytes are read, with a character's worth on each side to find where it starts.
  const size_t offset = static_cast<size_t>(text_offset), max_bytes = ctx.config.max_text_bytes;
  auto window = ctx.store.report_text(id, offset > 3 ? offset - 3 : 0, max_bytes + 8);
  if (!stored(ctx, window, res)) return;
  if (!window.value()) return send_error(res, 404, "no report '" + id + "'; GET /api/v1/reports lists them");
  store::FactFilter filter;
  filter.report = id;
  filter.limit = 10000;
  auto facts = ctx.store.facts(filter);
  if (!stored(ctx, facts, res)) return;
  // The facts are written one at a time, never as one tree of json values (ten times the
  // size of their text): the answer's memory is about its own size.
  const bool csv = param(req, "format") == "csv";
  std::string facts_text = csv ? to_csv(json::array(), kFactColumns) : "[";
  for (size_t i = 0; i < facts.value().size(); ++i) {
    const json row = fact_json(ctx, facts.value()[i]);
    if (csv) {
      facts_text += to_csv(json::array({row}), kFactColumns, false);
    } else {
      if (i) facts_text += ',';
      facts_text += dump(row);
    }
  }
  if (csv) {
    res.status = 200;
    return res.set_content(facts_text, "text/csv; charset=utf-8");
  }
  json answer = report_json(*report.value());
  answer["period"] = report::period_label(report.value()->period);
  add_text_page(answer, *window.value(), std::min(offset, window.value()->total), max_bytes);
  answer["fact_count"] = answer["facts"];
  answer.erase("facts");
  std::string body = dump(answer);
  body.pop_back();  // the closing brace: the facts go last
  body += ",\"facts\":";
  body += facts_text;
  body += "]}";
  res.status = 200;
  res.set_content(body, "application/json; charset=utf-8");
}

}  // namespace

void install_api(httplib::Server& server, const ApiContext& ctx) {
  server.set_payload_max_length(ctx.config.max_upload_bytes);
  server.Get("/healthz", observed(ctx, "/healthz", bound(ctx, answer_health)));
  server.Get("/readyz", observed(ctx, "/readyz", bound(ctx, answer_ready)));
  server.Get("/metrics", observed(ctx, "/metrics", bound(ctx, answer_metrics)));
  server.Get("/api/v1/indicators",
             observed(ctx, "/api/v1/indicators", cached(ctx, heavy(ctx, bound(ctx, answer_indicators)))));
  server.Get("/api/v1/families",
             observed(ctx, "/api/v1/families", cached(ctx, heavy(ctx, bound(ctx, answer_families)))));
  server.Get("/api/v1/districts",
             observed(ctx, "/api/v1/districts", cached(ctx, heavy(ctx, bound(ctx, answer_districts)))));
  server.Get("/api/v1/series",
             observed(ctx, "/api/v1/series", cached(ctx, heavy(ctx, bound(ctx, answer_series)))));
  server.Get("/api/v1/value", observed(ctx, "/api/v1/value", cached(ctx, bound(ctx, answer_value))));
  server.Get("/api/v1/facts",
             observed(ctx, "/api/v1/facts", cached(ctx, heavy(ctx, bound(ctx, answer_facts)))));
  server.Get("/api/v1/reports",
             observed(ctx, "/api/v1/reports", cached(ctx, heavy(ctx, bound(ctx, answer_reports)))));
  server.Get(R"(/api/v1/reports/([^/]+))",
             observed(ctx, "/api/v1/reports/{id}", cached(ctx, heavy(ctx, bound(ctx, answer_report)))));

  install_upload(server, ctx);

  server.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    switch (res.status) {
      case 404:
        return send_error(res, 404,
                          "no such path: " + req.path + " (the API is under /api/v1/; see the README)");
      case 413:
        return send_error(res, 413, "the body is larger than the upload limit");
      case 400:
        return send_error(res, 400, "malformed request");
      default:
        return send_error(res, res.status, "request failed");
    }
  });
  server.set_exception_handler(
      [&ctx](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "unknown error";
        try {
          if (ep) std::rethrow_exception(ep);
        } catch (const std::exception& e) {
          what = e.what();
        } catch (...) {
        }
        if (ctx.log) ctx.log("error", "internal error in " + req.method + " " + req.path + ": " + what);
        send_error(res, 500, "internal error (the daemon's log says which)");
      });
}

}  // namespace jiedao::serve
