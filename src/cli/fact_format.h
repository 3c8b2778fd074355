// Writing facts out: JSON Lines (FACTS.md §4) and CSV (RFC 4180), both from the one fact record of
// report/fact_record.h, and a table for people.
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

}  // namespace jiedao::cli
