#include "report/fact_record.h"

#include <cmath>
#include <cstdint>
#include <optional>

#include "base/csv.h"
#include "model/number.h"

namespace jiedao::report {

namespace {

using Json = nlohmann::ordered_json;

// What a column holds, which says how JSON and CSV write it.
enum class Shape {
  kText,      // a string; CSV neutralises it
  kWord,      // a string of a closed set (status, qualifier, change); CSV writes it as is
  kNumber,    // a value
  kOptional,  // a value that may be absent: JSON leaves the key out, CSV the field empty
  kPeriod,    // JSON {"start","end"} or null; CSV two columns
  kSpan,      // JSON [start, end]; CSV two columns
};

// One cell of a record: the shape decides which of these is read.
struct Cell {
  std::string_view text;
  std::optional<double> number;
  const Period* period = nullptr;
  size_t begin = 0, end = 0;
};

Cell text(std::string_view t) {
  Cell c;
  c.text = t;
  return c;
}
Cell number(std::optional<double> n) {
  Cell c;
  c.number = n;
  return c;
}
Cell period(const Period& p) {
  Cell c;
  c.period = &p;
  return c;
}
Cell span(size_t begin, size_t end) {
  Cell c;
  c.begin = begin;
  c.end = end;
  return c;
}

struct Column {
  const char* name;
  Shape shape;
  Cell (*cell)(const FactRecord&);
  bool omit_when_empty = false;  // a text JSON leaves out when "" (of)
};

// FACTS.md §4, in its order.
const Column kColumns[] = {
    {"doc", Shape::kText, [](const FactRecord& r) { return text(r.doc); }},
    {"district", Shape::kText, [](const FactRecord& r) { return text(r.district); }},
    {"county", Shape::kText, [](const FactRecord& r) { return text(r.county); }},
    {"city", Shape::kText, [](const FactRecord& r) { return text(r.city); }},
    {"province", Shape::kText, [](const FactRecord& r) { return text(r.province); }},
    {"code", Shape::kText, [](const FactRecord& r) { return text(r.code); }},
    {"period", Shape::kPeriod, [](const FactRecord& r) { return period(r.fact.period); }},
    {"status", Shape::kWord, [](const FactRecord& r) { return text(status_name(r.fact.status)); }},
    {"indicator", Shape::kText, [](const FactRecord& r) { return text(r.fact.indicator); }},
    {"family", Shape::kText, [](const FactRecord& r) { return text(r.fact.family); }},
    {"of", Shape::kText, [](const FactRecord& r) { return text(r.fact.of); }, true},
    {"subject", Shape::kText, [](const FactRecord& r) { return text(r.fact.subject); }},
    {"value", Shape::kNumber, [](const FactRecord& r) { return number(r.fact.value); }},
    {"value_max", Shape::kOptional, [](const FactRecord& r) { return number(r.fact.value_max); }},
    {"unit", Shape::kText, [](const FactRecord& r) { return text(r.fact.unit); }},
    {"measure", Shape::kText, [](const FactRecord& r) { return text(r.fact.measure); }},
    {"counts", Shape::kText, [](const FactRecord& r) { return text(r.fact.counts); }},
    {"qualifier", Shape::kWord, [](const FactRecord& r) { return text(r.fact.qualifier); }},
    {"change", Shape::kWord, [](const FactRecord& r) { return text(r.fact.change); }},
    {"quote", Shape::kText, [](const FactRecord& r) { return text(r.quote); }},
    {"span", Shape::kSpan, [](const FactRecord& r) { return span(r.fact.begin, r.fact.end); }},
};

std::vector<std::string> csv_columns() {
  std::vector<std::string> names;
  for (const Column& c : kColumns) {
    if (c.shape == Shape::kPeriod || c.shape == Shape::kSpan) {
      names.push_back(std::string(c.name) + "_start");
      names.push_back(std::string(c.name) + "_end");
    } else {
      names.push_back(c.name);
    }
  }
  return names;
}

template <class J>
J value_as(double value) {
  if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 1e15)
    return static_cast<int64_t>(value);
  return value;
}

template <class J>
J record_json(const FactRecord& record) {
  J row = J::object();
  for (const Column& c : kColumns) {
    const Cell cell = c.cell(record);
    switch (c.shape) {
      case Shape::kText:
      case Shape::kWord:
        if (!(c.omit_when_empty && cell.text.empty())) row[c.name] = std::string(cell.text);
        break;
      case Shape::kNumber:
        row[c.name] = value_as<J>(*cell.number);
        break;
      case Shape::kOptional:
        if (cell.number) row[c.name] = value_as<J>(*cell.number);
        break;
      case Shape::kPeriod:
        row[c.name] = cell.period->empty()
                          ? J(nullptr)
                          : J{{"start", iso_date(cell.period->start)}, {"end", iso_date(cell.period->end)}};
        break;
      case Shape::kSpan:
        row[c.name] = J::array({cell.begin, cell.end});
        break;
    }
  }
  return row;
}

}  // namespace

nlohmann::json json_number(double value) { return value_as<nlohmann::json>(value); }

Json fact_json(const FactRecord& record) { return record_json<Json>(record); }
nlohmann::json fact_json_sorted(const FactRecord& record) { return record_json<nlohmann::json>(record); }

std::string fact_json_text(const FactRecord& record) {
  return fact_json(record).dump(-1, ' ', false, Json::error_handler_t::replace);
}

const std::vector<std::string>& fact_csv_columns() {
  static const std::vector<std::string> names = csv_columns();
  return names;
}

std::string fact_csv_row(const FactRecord& record) {
  std::string out;
  bool first = true;
  auto field = [&](std::string_view text) {
    if (!first) out += ',';
    out += text;
    first = false;
  };
  for (const Column& c : kColumns) {
    const Cell cell = c.cell(record);
    switch (c.shape) {
      case Shape::kText:
        field(csv_field(cell.text));
        break;
      case Shape::kWord:
        field(cell.text);
        break;
      case Shape::kNumber:
      case Shape::kOptional:
        field(cell.number ? number_text(*cell.number) : "");
        break;
      case Shape::kPeriod:
        field(cell.period->empty() ? "" : iso_date(cell.period->start));
        field(cell.period->empty() ? "" : iso_date(cell.period->end));
        break;
      case Shape::kSpan:
        field(std::to_string(cell.begin));
        field(std::to_string(cell.end));
        break;
    }
  }
  return out;
}

}  // namespace jiedao::report
