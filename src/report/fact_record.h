// A fact as every output writes it: the fields of FACTS.md §4, with their names and in its
// order, declared once as a table of columns. `jiedao extract` (JSON Lines and CSV) and the
// API's facts (/api/v1/facts, /api/v1/reports/{id}) are written from this table, so that a
// field added to a fact is added here, once, for all of them.
//
// JSON: {"doc", "district", "county", "city", "province", "code", "period": {"start","end"} or null,
// "status", "indicator", "family", "of" (when set), "subject", "value", "value_max" (a range's upper bound,
// when set), "unit", "measure", "counts", "qualifier", "change", "quote", "span": [start, end)}. CSV: the
// same columns, a period as period_start,period_end and a span as span_start,span_end; text fields
// neutralised for spreadsheets by base/csv.h.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "extract/fact.h"

namespace jiedao::report {

// A fact and where it was stated: its report (doc), the report's district, county, city, province
// and division code (report/gazetteer.h), and the quote its span points at.
struct FactRecord {
  std::string_view doc, district, county, city, province, code;
  const Fact& fact;
  std::string_view quote;
};

// The record as JSON, its keys in FACTS.md's order; and the same with its keys sorted, as the
// API's answers have them.
nlohmann::ordered_json fact_json(const FactRecord& record);
nlohmann::json fact_json_sorted(const FactRecord& record);

// The record as one line of JSON (no line end): FACTS.md's order, UTF-8 kept, a byte that is not
// UTF-8 written as U+FFFD.
std::string fact_json_text(const FactRecord& record);

// The CSV header's column names, in order.
const std::vector<std::string>& fact_csv_columns();

// The record as one CSV line (RFC 4180 fields, no line end), in fact_csv_columns()'s order.
std::string fact_csv_row(const FactRecord& record);

// A value as a JSON number: an integer when it is whole (3188, not 3188.0), else the double.
nlohmann::json json_number(double value);

}  // namespace jiedao::report
