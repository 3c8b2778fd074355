#include "report/corrections.h"

#include <charconv>
#include <cmath>
#include <filesystem>
#include <map>

#include "base/file.h"
#include "report/calendar.h"
#include "report/fact_record.h"
#include "text/tsv.h"
#include "text/utf8.h"

namespace jiedao::report {

namespace {

constexpr const char* kHeader = "# report\tspan\tquote\tfield\tvalue\tnote\tby\tat\n";
constexpr std::string_view kNone = "none";  // an indicator correction that takes the indicator away

std::string dash(std::string_view s) { return s.empty() ? std::string("-") : std::string(s); }
std::string undash(std::string_view s) { return s == "-" ? std::string() : std::string(s); }

std::optional<double> parse_number(std::string_view text) {
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

// "6416-6430" as a span whose end follows its begin.
bool parse_span(std::string_view text, size_t& begin, size_t& end) {
  const size_t dash_at = text.find('-');
  if (dash_at == std::string_view::npos) return false;
  const std::string_view a = text.substr(0, dash_at), b = text.substr(dash_at + 1);
  auto read = [](std::string_view digits, size_t& out) {
    const auto [at, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out);
    return ec == std::errc() && at == digits.data() + digits.size() && !digits.empty();
  };
  return read(a, begin) && read(b, end) && begin < end;
}

// A text field of the file: one line of UTF-8 without tabs (the TSV reading ensures the tabs).
bool plain_text(std::string_view s) {
  return !text::find_invalid_utf8(s) && s.find('\n') == std::string_view::npos &&
         s.find('\r') == std::string_view::npos && s.find('\t') == std::string_view::npos;
}

}  // namespace

std::string_view correction_field_name(CorrectionField field) {
  switch (field) {
    case CorrectionField::kIndicator:
      return "indicator";
    case CorrectionField::kPeriod:
      return "period";
    case CorrectionField::kStatus:
      return "status";
    case CorrectionField::kValue:
      return "value";
    case CorrectionField::kDrop:
      return "drop";
    case CorrectionField::kChoose:
      return "choose";
  }
  return "drop";
}

std::optional<CorrectionField> parse_correction_field(std::string_view text) {
  for (CorrectionField f : {CorrectionField::kIndicator, CorrectionField::kPeriod, CorrectionField::kStatus,
                            CorrectionField::kValue, CorrectionField::kDrop, CorrectionField::kChoose})
    if (correction_field_name(f) == text) return f;
  return std::nullopt;
}

std::string Correction::row() const {
  std::string out = report;
  out += '\t';
  out += std::to_string(begin) + "-" + std::to_string(end);
  out += '\t';
  out += quote;
  out += '\t';
  out += correction_field_name(field);
  for (const std::string* s : {&value, &note, &by, &at}) {
    out += '\t';
    out += dash(*s);
  }
  return out;
}

Result<Correction> make_correction(Correction c, const extract::Catalogue& catalogue) {
  if (c.report.empty() || c.report.find('/') != std::string::npos || !plain_text(c.report))
    return Error{"report '" + c.report + "' must be a report id (its file name without folders)"};
  if (c.quote.empty() || !plain_text(c.quote))
    return Error{"the quote must be the fact's quote, on one line"};
  if (c.end - c.begin != c.quote.size())
    return Error{std::string("the span ").append(std::to_string(c.begin)) + "-" + std::to_string(c.end) +
                 " is not as long as its quote"};
  for (const std::string* s : {&c.value, &c.note, &c.by, &c.at})
    if (!plain_text(*s)) return Error{"a note, a name or a value must be one line of UTF-8 without tabs"};
  if (c.note.size() > 1000 || c.by.size() > 100 || c.at.size() > 40)
    return Error{"note is longer than 1000 bytes, by than 100, or at than 40"};
  switch (c.field) {
    case CorrectionField::kIndicator:
      if (c.value != kNone && catalogue.find(c.value) == nullptr)
        return Error{"indicator '" + c.value + "' is not an id of the catalogue (or none, to take it away)"};
      break;
    case CorrectionField::kPeriod:
      if (!parse_period(c.value))
        return Error{"period '" + c.value + "' is not a period label such as 2019, 2019H1 or 2016-2020"};
      break;
    case CorrectionField::kStatus:
      if (!parse_status(c.value)) return Error{"status '" + c.value + "' is not actual or target"};
      break;
    case CorrectionField::kValue:
      if (!parse_number(c.value))
        return Error{"value '" + c.value + "' is not a number (such as 30075 or 8.5)"};
      break;
    case CorrectionField::kDrop:
    case CorrectionField::kChoose:
      if (!c.value.empty())
        return Error{std::string(correction_field_name(c.field)) + " takes no value (write -)"};
      break;
  }
  return c;
}

Result<CorrectionTable> CorrectionTable::parse(std::string_view content, std::string_view source,
                                               const extract::Catalogue& catalogue) {
  auto rows = parse_tsv(content, source, 8);
  if (!rows) return rows.error();
  CorrectionTable table;
  for (const TsvRow& row : rows.value()) {
    const std::string where = row_place(source, row);
    Correction c;
    c.report = row.fields[0];
    if (!parse_span(row.fields[1], c.begin, c.end))
      return Error{where + "span '" + row.fields[1] + "' is not two byte offsets such as 6416-6430"};
    c.quote = row.fields[2];
    auto field = parse_correction_field(row.fields[3]);
    if (!field)
      return Error{where + "field '" + row.fields[3] +
                   "' is not one of indicator, period, status, value, drop, choose"};
    c.field = *field;
    c.value = undash(row.fields[4]);
    c.note = undash(row.fields[5]);
    c.by = undash(row.fields[6]);
    c.at = undash(row.fields[7]);
    c.line = row.line;
    auto checked = make_correction(std::move(c), catalogue);
    if (!checked) return Error{where + checked.error().message};
    table.rows_.push_back(std::move(checked).value());
  }
  return table;
}

std::vector<const Correction*> CorrectionTable::of_report(std::string_view id) const {
  std::vector<const Correction*> out;
  for (const Correction& c : rows_)
    if (c.report == id) out.push_back(&c);
  return out;
}

Result<CorrectionTable> load_corrections(const std::string& folder, const extract::Catalogue& catalogue) {
  const std::filesystem::path path =
      std::filesystem::path(folder.empty() ? "." : folder) / CorrectionTable::kFileName;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return CorrectionTable{};
  auto content = read_file(path.string());
  if (!content) return content.error();
  return CorrectionTable::parse(content.value(), path.string(), catalogue);
}

std::string with_corrections(std::string_view content, const std::vector<Correction>& rows) {
  std::string out(content);
  if (out.empty()) out = kHeader;
  if (out.back() != '\n') out += '\n';
  for (const Correction& c : rows) out += c.row() + "\n";
  return out;
}

std::string Review::to_json() const {
  nlohmann::ordered_json j{{"fields", fields}, {"extracted", extracted}, {"note", note}, {"by", by},
                           {"at", at},         {"chosen", chosen}};
  return j.dump();
}

std::optional<Review> Review::from_json(std::string_view text) {
  if (text.empty()) return std::nullopt;
  const auto j = nlohmann::ordered_json::parse(text, nullptr, false);
  if (!j.is_object()) return std::nullopt;
  Review r;
  r.fields = j.value("fields", std::vector<std::string>{});
  if (auto it = j.find("extracted"); it != j.end() && it->is_object()) r.extracted = *it;
  r.note = j.value("note", "");
  r.by = j.value("by", "");
  r.at = j.value("at", "");
  r.chosen = j.value("chosen", false);
  return r;
}

namespace {

// The extracted value of `field` as FACTS.md writes it.
nlohmann::json extracted_value(const Fact& f, CorrectionField field) {
  switch (field) {
    case CorrectionField::kIndicator:
      return f.indicator;
    case CorrectionField::kPeriod:
      return f.period.empty() ? nullptr : nlohmann::json(period_label(f.period));
    case CorrectionField::kStatus:
      return status_name(f.status);
    case CorrectionField::kValue:
      return json_number(f.value);
    default:
      return nullptr;
  }
}

void apply_one(const Correction& c, Fact& f, Review& review, const extract::Catalogue& catalogue) {
  const std::string name(correction_field_name(c.field));
  if (c.field != CorrectionField::kChoose && !review.extracted.contains(name)) {
    review.extracted[name] = extracted_value(f, c.field);
    review.fields.push_back(name);
  }
  switch (c.field) {
    case CorrectionField::kIndicator: {
      const extract::Indicator* i = c.value == kNone ? nullptr : catalogue.find(c.value);
      f.indicator = i ? i->id : "";
      f.family = i ? i->family : "";
      f.of.clear();
      break;
    }
    case CorrectionField::kPeriod:
      f.period = parse_period(c.value).value_or(f.period);
      break;
    case CorrectionField::kStatus:
      f.status = parse_status(c.value).value_or(f.status);
      break;
    case CorrectionField::kValue:
      f.value = parse_number(c.value).value_or(f.value);
      f.value_max.reset();
      break;
    case CorrectionField::kChoose:
      review.chosen = true;
      break;
    case CorrectionField::kDrop:
      break;
  }
  review.note = c.note;
  review.by = c.by;
  review.at = c.at;
}

}  // namespace

Corrected apply_corrections(const std::vector<const Correction*>& rows, std::string_view text,
                            std::vector<Fact> facts, const extract::Catalogue& catalogue) {
  Corrected out;
  std::map<std::pair<size_t, size_t>, size_t> by_span;  // a span: its fact's index
  for (size_t i = 0; i < facts.size(); ++i) by_span.emplace(std::pair{facts[i].begin, facts[i].end}, i);
  std::vector<std::optional<Review>> reviews(facts.size());
  std::vector<bool> dropped(facts.size(), false);
  for (const Correction* c : rows) {
    auto it = by_span.find({c->begin, c->end});
    const bool stands = c->end <= text.size() && text.substr(c->begin, c->end - c->begin) == c->quote;
    out.states.push_back({*c, stands && it != by_span.end()});
    if (!out.states.back().applied) continue;
    const size_t i = it->second;
    if (!reviews[i]) reviews[i].emplace();
    if (c->field == CorrectionField::kDrop) dropped[i] = true;
    apply_one(*c, facts[i], *reviews[i], catalogue);
  }
  for (size_t i = 0; i < facts.size(); ++i) {
    if (dropped[i]) continue;
    out.facts.push_back(std::move(facts[i]));
    out.reviews.push_back(std::move(reviews[i]));
  }
  return out;
}

}  // namespace jiedao::report
