// Writing facts out: JSON Lines (FACTS.md §4), CSV (RFC 4180) and a table for people.
#pragma once

#include <ostream>
#include <string>
#include <string_view>

#include "report/report.h"

namespace jiedao::cli {

enum class FactFormat { kJsonLines, kCsv, kTable };

// Parses "jsonl", "csv" or "table".
bool parse_fact_format(std::string_view name, FactFormat& format);

// Writes the header line a format needs before the first report (CSV, table).
void write_fact_header(std::ostream& out, FactFormat format);

// Writes every fact of `report`; `text` is the report's text, for the quotes.
void write_facts(std::ostream& out, FactFormat format, const report::Report& report, std::string_view text);

// A JSON string literal of `s` (UTF-8 kept as is, control characters escaped).
std::string json_string(std::string_view s);

// A value as a JSON number: number_text() (model/number.h), null when it is not finite.
std::string json_number(double value);

}  // namespace jiedao::cli
