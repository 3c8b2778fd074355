#include "cli/fact_format.h"

#include <charconv>
#include <cmath>

#include "base/csv.h"
#include "model/number.h"
#include "report/calendar.h"

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

std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          char buffer[8];
          std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
          out += buffer;
        } else {
          out += ch;
        }
    }
  }
  out += '"';
  return out;
}

std::string json_number(double value) { return std::isfinite(value) ? number_text(value) : "null"; }

namespace {

// The one CSV field writer of base/csv.h, which neutralises formula-like text.
std::string csv_field(std::string_view s) { return jiedao::csv_field(s); }

}  // namespace

void write_fact_header(std::ostream& out, FactFormat format) {
  if (format == FactFormat::kCsv) {
    out << "doc,district,county,period_start,period_end,status,indicator,family,of,subject,value,value_max,"
           "unit,"
           "measure,counts,qualifier,change,quote,span_start,span_end\n";
  } else if (format == FactFormat::kTable) {
    out << "doc\tperiod\tstatus\tindicator\tvalue\tunit\tqualifier\tchange\tquote\tsubject\n";
  }
}

void write_facts(std::ostream& out, FactFormat format, const report::Report& report, std::string_view text) {
  const auto& where = report.frame.location;
  for (const Fact& f : report.facts) {
    const std::string_view quote = text.substr(f.begin, f.end - f.begin);
    const std::string start = f.period.empty() ? "" : iso_date(f.period.start);
    const std::string end = f.period.empty() ? "" : iso_date(f.period.end);
    switch (format) {
      case FactFormat::kJsonLines:
        out << "{\"doc\":" << json_string(report.id) << ",\"district\":" << json_string(where.district)
            << ",\"county\":" << json_string(where.county) << ",\"period\":";
        if (f.period.empty()) {
          out << "null";
        } else {
          out << "{\"start\":\"" << start << "\",\"end\":\"" << end << "\"}";
        }
        out << ",\"status\":\"" << status_name(f.status) << "\",\"indicator\":" << json_string(f.indicator)
            << ",\"family\":" << json_string(f.family);
        if (!f.of.empty()) out << ",\"of\":" << json_string(f.of);
        out << ",\"subject\":" << json_string(f.subject) << ",\"value\":" << json_number(f.value);
        if (f.value_max) out << ",\"value_max\":" << json_number(*f.value_max);
        out << ",\"unit\":" << json_string(f.unit) << ",\"measure\":" << json_string(f.measure)
            << ",\"counts\":" << json_string(f.counts) << ",\"qualifier\":\"" << f.qualifier
            << "\",\"change\":\"" << f.change << "\",\"quote\":" << json_string(quote) << ",\"span\":["
            << f.begin << "," << f.end << "]}\n";
        break;
      case FactFormat::kCsv:
        out << csv_field(report.id) << ',' << csv_field(where.district) << ',' << csv_field(where.county)
            << ',' << start << ',' << end << ',' << status_name(f.status) << ',' << csv_field(f.indicator)
            << ',' << csv_field(f.family) << ',' << csv_field(f.of) << ',' << csv_field(f.subject) << ','
            << number_text(f.value) << ',' << (f.value_max ? number_text(*f.value_max) : "") << ','
            << csv_field(f.unit) << ',' << csv_field(f.measure) << ',' << csv_field(f.counts) << ','
            << f.qualifier << ',' << f.change << ',' << csv_field(quote) << ',' << f.begin << ',' << f.end
            << '\n';
        break;
      case FactFormat::kTable: {
        std::string flat(quote);
        for (char& c : flat) {
          if (c == '\n' || c == '\t' || c == '\r') c = ' ';
        }
        std::string period =
            f.period.empty() ? "-"
            : f.period.start.year == f.period.end.year
                ? std::to_string(f.period.start.year)
                : std::to_string(f.period.start.year) + "-" + std::to_string(f.period.end.year);
        out << report.id << '\t' << period << '\t' << status_name(f.status) << '\t'
            << (f.indicator.empty() ? "-" : f.indicator) << '\t' << number_text(f.value);
        if (f.value_max) out << '~' << number_text(*f.value_max);  // not "~" + a temporary: GCC bug 105329
        out << '\t' << f.unit << '\t' << f.qualifier << '\t' << (f.change.empty() ? "-" : f.change) << '\t'
            << flat << '\t' << f.subject << '\n';
        break;
      }
    }
  }
}

}  // namespace jiedao::cli
