// The answers that list what was read: facts (/api/v1/facts) and reports (/api/v1/reports and
// /api/v1/reports/{id}, with its text in pages).
#include <algorithm>
#include <nlohmann/json.hpp>

#include "report/calendar.h"
#include "serve/answer.h"
#include "serve/handlers.h"
#include "serve/params.h"
#include "serve/rows.h"
#include "store/substring_index.h"
#include "text/utf8.h"

namespace jiedao::serve {

using nlohmann::json;

namespace {

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

}  // namespace

void answer_facts(const ApiContext& ctx, const Question& q, httplib::Response& res) {
  store::FactFilter filter;
  filter.report = q.get("report");
  filter.indicator = q.get("indicator");
  filter.district = q.get("district");
  filter.county = q.get("county");
  filter.text = q.get("q");
  // One character is in most facts, and the text index looks up pairs (store/substring_index.h).
  if (!filter.text.empty() && !store::indexable_query(filter.text))
    return send_error(res, 400, "q must be at least two characters (one is in too many facts to search for)");
  if (!code_param(q, res, filter.code) || !family_param(ctx, q, res, filter.family) ||
      !int_param(q, res, "limit", 0, 10000, 100, filter.limit) ||
      !int_param(q, res, "offset", 0, 1000000000, 0, filter.offset)) {
    return;
  }
  auto facts = ctx.store.facts(filter);
  if (!stored(ctx, facts, res)) return;
  json rows = json::array();
  if (q.csv()) {
    std::string text = facts_csv_header();
    for (const auto& f : facts.value()) text += fact_csv(ctx, f);
    res.status = 200;
    return res.set_content(text, "text/csv; charset=utf-8");
  }
  for (const auto& f : facts.value()) rows.push_back(fact_json(ctx, f));
  send_json(res, 200, rows);
}

void answer_reports(const ApiContext& ctx, const Question& q, httplib::Response& res) {
  int64_t limit = 0, offset = 0;
  if (!int_param(q, res, "limit", 0, 10000, 1000, limit) ||
      !int_param(q, res, "offset", 0, 1000000000, 0, offset))
    return;
  auto reports = ctx.store.reports(limit, offset);
  if (!stored(ctx, reports, res)) return;
  json rows = json::array();
  for (const auto& r : reports.value()) rows.push_back(report_json(r));
  send_rows(res, q, rows, kReportColumns);
}

void answer_report(const ApiContext& ctx, const Question& q, httplib::Response& res) {
  int64_t text_offset = 0;
  if (!int_param(q, res, "text_offset", 0, 1000000000000, 0, text_offset)) return;
  const std::string id = q.path_part(1);
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
  const bool csv = q.csv();
  std::string facts_text = csv ? facts_csv_header() : "[";
  for (size_t i = 0; i < facts.value().size(); ++i) {
    if (csv) {
      facts_text += fact_csv(ctx, facts.value()[i]);
    } else {
      if (i) facts_text += ',';
      facts_text += dump(fact_json(ctx, facts.value()[i]));
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

}  // namespace jiedao::serve
