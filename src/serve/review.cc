// The answers of the person who checks the data: the points whose facts disagree
// (/api/v1/conflicts) and what corrections.tsv says and whether it still holds
// (/api/v1/corrections).
#include <nlohmann/json.hpp>

#include "serve/answer.h"
#include "serve/handlers.h"
#include "serve/rows.h"

namespace jiedao::serve {

using nlohmann::json;

namespace {

void failed(const ApiContext& ctx, httplib::Response& res, const Error& error) {
  send_failure(res, error, [&](const std::string& message) {
    if (ctx.log) ctx.log("error", "store: " + message);
  });
}

}  // namespace

void answer_conflicts(const ApiContext& ctx, const Question& q, httplib::Response& res) {
  store::SeriesFilter filter;
  std::string span;
  if (!series_question(ctx, q, res, filter, span)) return;
  std::shared_ptr<const void> keep;
  auto points = series_points(ctx, filter, span, keep);
  if (!points) return failed(ctx, res, points.error());
  std::vector<const store::SeriesPoint*> conflicts;
  for (const store::SeriesPoint* p : points.value()) {
    if (p->conflict && !p->derived()) conflicts.push_back(p);
  }
  auto facts = stated_facts(ctx, conflicts);
  if (!facts) return failed(ctx, res, facts.error());
  json rows = json::array();
  for (size_t i = 0; i < conflicts.size(); ++i) {
    json row = point_json(ctx, *conflicts[i]);
    json stated = json::array();
    for (const store::StoredFact& f : facts.value()[i]) stated.push_back(fact_json(ctx, f));
    row["stated"] = std::move(stated);
    rows.push_back(std::move(row));
  }
  if (q.csv()) {
    // One row per point, its values side by side: 30000 | 30075 | 400.
    for (json& row : rows) {
      std::string values;
      for (const json& f : row["stated"]) values += (values.empty() ? "" : " | ") + dump(f["value"]);
      row["values"] = values;
    }
    std::vector<std::string> columns = kSeriesColumns;
    columns.push_back("values");
    return send_rows(res, q, rows, columns);
  }
  send_json(res, 200, rows);
}

void answer_corrections(const ApiContext& ctx, const Question& q, httplib::Response& res) {
  auto rows = ctx.store.corrections(q.get("report"));
  if (!rows) return failed(ctx, res, rows.error());
  json out = json::array();
  for (const store::StoredCorrection& c : rows.value()) {
    out.push_back(json{{"report", c.report},
                       {"span", json::array({c.span_begin, c.span_end})},
                       {"quote", c.quote},
                       {"field", c.field},
                       {"value", c.value},
                       {"note", c.note},
                       {"by", c.by},
                       {"at", c.at},
                       {"state", c.applied ? "applied" : "stale"}});
  }
  send_rows(res, q, out, {"report", "span", "quote", "field", "value", "note", "by", "at", "state"});
}

}  // namespace jiedao::serve
