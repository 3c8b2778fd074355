// The records the API answers with, each written one way: a point, a fact and a report as JSON
// rows with their CSV columns, and numbers as the API writes them (3188, not 3188.0). Lists go
// out as JSON arrays or, with format=csv, as RFC 4180 CSV whose text fields base/csv.h
// neutralises for spreadsheets.
#pragma once

#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "serve/api.h"
#include "serve/query.h"
#include "store/store.h"

namespace jiedao::serve {

// A value as a JSON number: an integer when it is one.
nlohmann::json number(double value);

// Flat rows as CSV, columns in the order given; without the header line when `header` is false
// (the later parts of a streamed answer).
std::string to_csv(const nlohmann::json& rows, const std::vector<std::string>& columns, bool header = true);

// Answers `rows` (200) as the question's format asks.
void send_rows(httplib::Response& res, const Question& q, const nlohmann::json& rows,
               const std::vector<std::string>& columns);

// A count's measure class as people read it ("户 households"), from the unit lexicon; "" for
// what is not a count.
std::string counts_label(const ApiContext& ctx, const std::string& counts);

nlohmann::json point_json(const ApiContext& ctx, const store::SeriesPoint& p);
// The facts each of `points` states, read at once: [i] is points[i]'s, the shown fact first,
// then its also_stated_by (a fact replaced since the point was made is left out).
Result<std::vector<std::vector<store::StoredFact>>> stated_facts(
    const ApiContext& ctx, const std::vector<const store::SeriesPoint*>& points);
// Gives each row of a conflicting point (rows[i] is points[i]'s) the values its facts state,
// with their quotes: "stated": [{fact_id, report, value, quote, span}], the shown fact first.
Result<Done> add_stated(const ApiContext& ctx, const std::vector<const store::SeriesPoint*>& points,
                        nlohmann::json& rows);
// A fact: its record (report/fact_record.h: FACTS.md's fields and names) and the API's own
// fields: id, period_label, counts_label, sentence, how (the construction that chose its indicator)
// and, when corrections.tsv changed it, extracted, correction and chosen. As CSV: the record's
// columns, then id, period_label, counts_label, sentence.
nlohmann::json fact_json(const ApiContext& ctx, const store::StoredFact& s);
std::string facts_csv_header();                                           // with its line end
std::string fact_csv(const ApiContext& ctx, const store::StoredFact& s);  // with its line end
nlohmann::json report_json(const store::ReportRecord& r);

// The CSV columns of each record, in order.
extern const std::vector<std::string> kSeriesColumns, kReportColumns;

}  // namespace jiedao::serve
