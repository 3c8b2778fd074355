#include "report/overrides.h"

#include <algorithm>
#include <filesystem>
#include <optional>
#include <utility>

#include "base/file.h"
#include "base/whole_number.h"
#include "report/calendar.h"
#include "text/tsv.h"
#include "text/utf8.h"

namespace jiedao::report {

namespace {

std::string_view given(std::string_view field) { return field == "-" ? std::string_view() : field; }

std::string_view stem(std::string_view name) {
  const size_t dot = name.rfind('.');
  return dot == std::string_view::npos || dot == 0 ? name : name.substr(0, dot);
}

constexpr size_t kMaxFieldBytes = 64;

// A field of reports.tsv as its own column: one line of the file's text, not a control character
// (a tab would start another column, a line break another row), at most 64 bytes.
std::optional<Error> bad_field(std::string_view column, std::string_view value) {
  if (value.size() > kMaxFieldBytes)
    return Error{std::string(column) + " is longer than " + std::to_string(kMaxFieldBytes) + " bytes"};
  if (text::find_invalid_utf8(value)) return Error{std::string(column) + " is not valid UTF-8"};
  for (unsigned char c : value) {
    if (c < 0x20 || c == 0x7F)
      return Error{std::string(column) + " holds a tab, a line break or another control character"};
  }
  return std::nullopt;
}

// A period or a date is digits, the letters of 2019H1 or 2020Q3, and - . / only: nothing after it.
bool is_date_text(std::string_view value) {
  return std::all_of(value.begin(), value.end(), [](char c) {
    return (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '/' || c == 'H' || c == 'Q';
  });
}

// A district the gazetteer does not know (yet: the national one is to come) is taken only as a
// plain name: 2 to 20 Chinese characters, such as 高庄镇 or 城关街道.
bool is_plain_name(std::string_view name) {
  size_t count = 0, length = 0;
  for (size_t i = 0; i < name.size(); i += length, ++count) {
    if (!text::is_han(text::decode_at(name, i, length))) return false;
  }
  return count >= 2 && count <= 20;
}

}  // namespace

Result<ReportOverrides> make_overrides(std::string file, std::string_view district, std::string_view county,
                                       std::string_view period, std::string_view kind,
                                       std::string_view published, const ReportKinds& kinds,
                                       const Gazetteer& gazetteer) {
  for (auto [column, value] :
       {std::pair{"district", district}, std::pair{"county", county}, std::pair{"period", period},
        std::pair{"kind", kind}, std::pair{"published", published}}) {
    if (auto error = bad_field(column, value)) return *error;
  }
  if (!is_date_text(given(period)))
    return Error{"period '" + std::string(period) + "' holds more than a period such as 2016 or 2016-2020"};
  if (!is_date_text(given(published)))
    return Error{"published '" + std::string(published) + "' holds more than a date such as 2021-12-15"};
  ReportOverrides o;
  o.file = std::move(file);
  o.district = std::string(given(district));
  o.county = std::string(given(county));
  o.kind = std::string(given(kind));
  if (!given(period).empty()) {
    o.period = parse_period(period);
    if (!o.period) {
      return Error{"period '" + std::string(period) +
                   "' is not a year (2016), a half year (2019H1), years (2016-2020) or dates "
                   "(2018-01-01..2018-10-31)"};
    }
  }
  if (!given(published).empty()) {
    o.published = parse_date(published);
    if (!o.published)
      return Error{"published '" + std::string(published) + "' is not a date such as 2021-12-15"};
  }
  if (!o.kind.empty() && std::none_of(kinds.rules().begin(), kinds.rules().end(),
                                      [&](const KindRule& r) { return r.kind == o.kind; })) {
    std::string known;
    for (const KindRule& r : kinds.rules()) {
      if (known.find(r.kind) == std::string::npos) known += (known.empty() ? "" : ", ") + r.kind;
    }
    return Error{"kind '" + o.kind + "' is not a kind of report_kinds.tsv (" + known + ")"};
  }
  // A division code names the unit whatever the county column says.
  if (o.district.size() == 9 && all_ascii_digits(o.district)) {
    const Division* unit = gazetteer.find_code(o.district);
    if (unit == nullptr) return Error{"district " + o.district + " is not a division code of the gazetteer"};
    const Location where = gazetteer.location_of(*unit);
    if (!o.county.empty() && o.county != where.county)
      return Error{"district " + o.district + " (" + where.district + ") is in " + where.county +
                   ", not in " + o.county};
    o.district = where.district;
    o.county = where.county;
  }
  if (!o.district.empty()) {
    const auto units = gazetteer.named(o.district);
    if (units.empty() && !is_plain_name(o.district)) {
      return Error{
          "district '" + o.district +
          "' is not in the gazetteer; a district it does not know must be 2 to 20 Chinese characters"};
    }
    if (!units.empty() && gazetteer.find(o.district, o.county) == nullptr) {
      std::string counties;
      for (size_t i = 0; i < units.size() && i < 5; ++i) {
        if (i > 0) counties += ", ";
        counties += gazetteer.location_of(*units[i]).county;
      }
      if (units.size() > 5) {  // appended in steps: GCC 12 at -O3 warns on "…" + a temporary (bug 105329)
        counties += ", … (";
        counties += std::to_string(units.size());
        counties += " in all)";
      }
      if (o.county.empty())
        return Error{"district " + o.district + " is a unit of several counties (" + counties +
                     "); give its county"};
      return Error{"district " + o.district + " is in " + counties + ", not in " + o.county};
    }
    if (!units.empty() && o.county.empty()) o.county = gazetteer.location_of(*units.front()).county;
  }
  return o;
}

Result<OverrideTable> OverrideTable::parse(std::string_view content, std::string_view source,
                                           const ReportKinds& kinds, const Gazetteer& gazetteer) {
  auto rows = parse_tsv(content, source, 6);
  if (!rows) return rows.error();
  OverrideTable table;
  for (const TsvRow& row : rows.value()) {
    const std::string where = row_place(source, row);
    if (row.fields[0].empty() || row.fields[0].find('/') != std::string::npos) {
      return Error{where + "file '" + row.fields[0] + "' must be a file name of the folder, without folders"};
    }
    auto o = make_overrides(row.fields[0], row.fields[1], row.fields[2], row.fields[3], row.fields[4],
                            row.fields[5], kinds, gazetteer);
    if (!o) return Error{where + o.error().message, o.error().kind};
    if (table.find(o.value().file) != nullptr)
      return Error{where + "file '" + o.value().file + "' listed twice"};
    for (const std::string& f : row.fields) o.value().row += f + "\t";
    table.rows_.push_back(std::move(o).value());
  }
  return table;
}

const ReportOverrides* OverrideTable::find(std::string_view file_name) const {
  for (const ReportOverrides& o : rows_) {
    if (stem(o.file) == stem(file_name)) return &o;  // a folder holds one file per stem
  }
  return nullptr;
}

Result<OverrideTable> load_overrides(const std::string& folder, const ReportKinds& kinds,
                                     const Gazetteer& gazetteer) {
  const std::filesystem::path path =
      std::filesystem::path(folder.empty() ? "." : folder) / OverrideTable::kFileName;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return OverrideTable{};
  auto content = read_file(path.string());
  if (!content) return content.error();
  return OverrideTable::parse(content.value(), path.string(), kinds, gazetteer);
}

std::string with_row(std::string_view content, const ReportOverrides& o) {
  auto field = [](const std::string& s) { return s.empty() ? std::string("-") : s; };
  const std::string row = o.file + "\t" + field(o.district) + "\t" + field(o.county) + "\t" +
                          (o.period ? period_label(*o.period) : "-") + "\t" + field(o.kind) + "\t" +
                          (o.published ? iso_date(*o.published) : "-") + "\n";
  std::string out;
  bool placed = false;
  size_t pos = 0;
  while (pos < content.size()) {
    size_t end = content.find('\n', pos);
    end = end == std::string_view::npos ? content.size() : end + 1;
    const std::string_view line = content.substr(pos, end - pos);
    const std::string_view file = line.substr(0, line.find('\t'));
    if (!line.empty() && line.front() != '#' && stem(file) == stem(o.file)) {
      if (!placed) out += row;
      placed = true;
    } else {
      out += line;
      if (!line.empty() && line.back() != '\n') out += '\n';
    }
    pos = end;
  }
  if (out.empty()) out = "# file\tdistrict\tcounty\tperiod\tkind\tpublished\n";
  if (!placed) out += row;
  return out;
}

}  // namespace jiedao::report
