#include "cli/fact_format.h"

#include "model/number.h"
#include "report/calendar.h"
#include "report/fact_record.h"

namespace jiedao::cli {

bool parse_fact_format(std::string_view name, FactFormat& format) {
  if (name == "jsonl" || name == "json")
    format = FactFormat::kJsonLines;
  else if (name == "csv")
    format = FactFormat::kCsv;
  else if (name == "table")
    format = FactFormat::kTable;
  else
    return false;
  return true;
}

void write_fact_header(std::ostream& out, FactFormat format) {
  if (format == FactFormat::kCsv) {
    const auto& columns = report::fact_csv_columns();
    for (size_t i = 0; i < columns.size(); ++i) out << (i ? "," : "") << columns[i];
    out << '\n';
  } else if (format == FactFormat::kTable) {
    out << "doc\tperiod\tstatus\tindicator\tvalue\tunit\tqualifier\tchange\tquote\tsubject\n";
  }
}

namespace {

// One line of the table people read in a terminal: the quote on one line, "-" for what is empty.
void write_table_row(std::ostream& out, const report::FactRecord& r) {
  const Fact& f = r.fact;
  std::string flat(r.quote);
  for (char& c : flat) {
    if (c == '\n' || c == '\t' || c == '\r') c = ' ';
  }
  out << r.doc << '\t' << (f.period.empty() ? "-" : report::period_label(f.period)) << '\t'
      << status_name(f.status) << '\t' << (f.indicator.empty() ? "-" : f.indicator) << '\t'
      << number_text(f.value);
  if (f.value_max) out << '~' << number_text(*f.value_max);  // not "~" + a temporary: GCC bug 105329
  out << '\t' << f.unit << '\t' << f.qualifier << '\t' << (f.change.empty() ? "-" : f.change) << '\t' << flat
      << '\t' << f.subject << '\n';
}

}  // namespace

void write_facts(std::ostream& out, FactFormat format, const report::Report& report, std::string_view text) {
  const auto& where = report.frame.location;
  for (const Fact& f : report.facts) {
    const report::FactRecord record{report.id,
                                    where.district,
                                    where.county,
                                    where.city,
                                    where.province,
                                    where.code,
                                    f,
                                    text.substr(f.begin, f.end - f.begin)};
    switch (format) {
      case FactFormat::kJsonLines:
        out << report::fact_json_text(record) << '\n';
        break;
      case FactFormat::kCsv:
        out << report::fact_csv_row(record) << '\n';
        break;
      case FactFormat::kTable:
        write_table_row(out, record);
        break;
    }
  }
}

}  // namespace jiedao::cli
