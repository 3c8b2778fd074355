#include "serve/rows.h"

#include <cmath>
#include <unordered_map>

#include "base/csv.h"
#include "extract/subject.h"
#include "report/calendar.h"
#include "report/corrections.h"
#include "report/fact_record.h"
#include "serve/answer.h"

namespace jiedao::serve {

using nlohmann::json;

namespace {

// Text (report words, names) through base/csv.h; numbers and booleans, which the
// API formats itself, as they are: a value of -36.7 is a number, not a formula.
std::string csv_field(const json& value) {
  if (value.is_string()) return jiedao::csv_field(value.get<std::string>());
  if (value.is_null()) return "";
  return jiedao::csv_field(dump(value));
}

std::string period_start(const Period& p) { return p.empty() ? "" : iso_date(p.start); }
std::string period_end(const Period& p) { return p.empty() ? "" : iso_date(p.end); }

// What a point or a fact counts: its family, its measure class and, for a completion rate,
// the indicator whose task it completes (only when known).
void add_kind(json& row, const ApiContext& ctx, const std::string& family, const std::string& counts,
              const std::string& of) {
  row["family"] = family;
  row["counts"] = counts;
  row["counts_label"] = counts_label(ctx, counts);
  if (!of.empty()) row["of"] = of;
}

// What a report's facts wait for before they form points: a district the gazetteer does not
// know, a period its text does not give (both can be given in the folder's reports.tsv).
std::string waiting_for(const store::ReportRecord& r) {
  std::string waits;
  if (r.district.empty()) waits = "district";
  if (r.period.empty()) waits += std::string(waits.empty() ? "" : " ") + "period";
  return waits;
}

}  // namespace

json number(double value) { return report::json_number(value); }

std::string to_csv(const json& rows, const std::vector<std::string>& columns, bool header) {
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

void send_rows(httplib::Response& res, const Question& q, const json& rows,
               const std::vector<std::string>& columns) {
  if (q.csv()) {
    res.status = 200;
    res.set_content(to_csv(rows, columns), "text/csv; charset=utf-8");
  } else {
    send_json(res, 200, rows);
  }
}

std::string counts_label(const ApiContext& ctx, const std::string& counts) {
  return counts.empty() ? std::string() : ctx.units.class_label(counts);
}

json point_json(const ApiContext& ctx, const store::SeriesPoint& p) {
  json row{{"time", p.time},
           {"district", p.district},
           {"county", p.county},
           {"city", p.city},
           {"province", p.province},
           {"code", p.code},
           {"indicator", p.indicator},
           {"unit", p.unit},
           {"status", status_name(p.status)},
           {"period", report::period_label(p.period)},
           {"span", span_name(span_of(p.period))},
           {"period_start", period_start(p.period)},
           {"period_end", period_end(p.period)},
           {"year", p.period.end.year},
           {"value", number(p.value)},
           {"report", p.report},
           {"fact_id", p.fact_id},
           {"sources", p.sources},
           {"year_value", p.year_value},
           {"conflict", p.conflict},
           {"reviewed", p.reviewed}};
  add_kind(row, ctx, p.family, p.counts, p.of);
  return row;
}

Result<std::vector<std::vector<store::StoredFact>>> stated_facts(
    const ApiContext& ctx, const std::vector<const store::SeriesPoint*>& points) {
  std::vector<int64_t> ids;
  for (const store::SeriesPoint* p : points) {
    ids.push_back(p->fact_id);
    ids.insert(ids.end(), p->also_stated_by.begin(), p->also_stated_by.end());
  }
  std::vector<std::vector<store::StoredFact>> stated(points.size());
  if (ids.empty()) return stated;
  auto facts = ctx.store.facts_by_id(ids);
  if (!facts) return facts.error();
  std::unordered_map<int64_t, store::StoredFact*> by_id;
  for (store::StoredFact& f : facts.value()) by_id[f.id] = &f;
  for (size_t i = 0; i < points.size(); ++i) {
    const auto add = [&](int64_t id) {
      if (auto it = by_id.find(id); it != by_id.end()) stated[i].push_back(*it->second);
    };
    add(points[i]->fact_id);
    for (int64_t id : points[i]->also_stated_by) add(id);
  }
  return stated;
}

Result<Done> add_stated(const ApiContext& ctx, const std::vector<const store::SeriesPoint*>& points,
                        json& rows) {
  std::vector<const store::SeriesPoint*> conflicts;
  std::vector<size_t> rows_of;
  for (size_t i = 0; i < points.size(); ++i) {
    if (!points[i]->conflict) continue;
    conflicts.push_back(points[i]);
    rows_of.push_back(i);
  }
  auto stated = stated_facts(ctx, conflicts);
  if (!stated) return stated.error();
  for (size_t c = 0; c < conflicts.size(); ++c) {
    json brief = json::array();
    for (const store::StoredFact& f : stated.value()[c]) {
      brief.push_back(json{{"fact_id", f.id},
                           {"report", f.report},
                           {"value", number(f.fact.value)},
                           {"quote", f.quote},
                           {"span", json::array({f.fact.begin, f.fact.end})}});
    }
    rows[rows_of[c]]["stated"] = std::move(brief);
  }
  return Done{};
}

const std::vector<std::string> kSeriesColumns = {
    "time",    "district", "county", "city",         "province",   "code",       "indicator", "unit",
    "status",  "period",   "span",   "period_start", "period_end", "year",       "value",     "report",
    "fact_id", "family",   "counts", "counts_label", "of",         "year_value", "conflict",  "reviewed"};

namespace {

report::FactRecord record_of(const store::StoredFact& s) {
  return {s.report, s.district, s.county, s.city, s.province, s.code, s.fact, s.quote};
}

// What the API adds to a fact's record: the fact's id in the store, its sentence, its period's
// label and what its count counts, as people read them.
const std::vector<std::string> kFactExtras = {"id", "period_label", "counts_label", "sentence"};

}  // namespace

json fact_json(const ApiContext& ctx, const store::StoredFact& s) {
  json row = report::fact_json_sorted(record_of(s));
  row["id"] = s.id;
  row["period_label"] = report::period_label(s.fact.period);
  row["counts_label"] = counts_label(ctx, s.fact.counts);
  row["sentence"] = s.sentence;
  row["how"] = s.how;
  row["confidence"] = s.fact.indicator.empty() ? "none" : extract::indicator_confidence(s.how);
  // A corrected fact keeps what was extracted beside what a person said (corrections.tsv).
  if (auto review = report::Review::from_json(s.review)) {
    row["extracted"] = review->extracted;
    row["correction"] =
        json{{"fields", review->fields}, {"note", review->note}, {"by", review->by}, {"at", review->at}};
    row["chosen"] = review->chosen;
  }
  return row;
}

std::string facts_csv_header() {
  std::string out;
  for (const auto& c : report::fact_csv_columns()) out += (out.empty() ? "" : ",") + c;
  for (const auto& c : kFactExtras) out += "," + c;
  return out + "\r\n";
}

std::string fact_csv(const ApiContext& ctx, const store::StoredFact& s) {
  return report::fact_csv_row(record_of(s)) + "," + std::to_string(s.id) + "," +
         report::period_label(s.fact.period) + "," + jiedao::csv_field(counts_label(ctx, s.fact.counts)) +
         "," + jiedao::csv_field(s.sentence) + "\r\n";
}

json report_json(const store::ReportRecord& r) {
  return json{{"id", r.id},
              {"path", r.path},
              {"sha256", r.sha256},
              {"district", r.district},
              {"county", r.county},
              {"city", r.city},
              {"province", r.province},
              {"code", r.code},
              {"kind", r.kind},
              {"period_start", period_start(r.period)},
              {"period_end", period_end(r.period)},
              {"published", r.published ? iso_date(*r.published) : ""},
              {"ingested_at", r.ingested_at},
              {"facts", r.fact_count},
              {"waiting_for", waiting_for(r)}};
}

const std::vector<std::string> kReportColumns = {
    "id",   "path",         "sha256",     "district",  "county",      "city",  "province",   "code",
    "kind", "period_start", "period_end", "published", "ingested_at", "facts", "waiting_for"};

}  // namespace jiedao::serve
