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

// The shortest decimal that reads back as `value`, without an exponent: 3188, 36100, -36.7,
// 666.6666666666666 (a 亩 in m2).
std::string number_text(double value);

}  // namespace jiedao::cli
