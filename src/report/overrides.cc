#include "report/overrides.h"

#include <algorithm>
#include <filesystem>

#include "base/file.h"
#include "report/calendar.h"
#include "text/tsv.h"

namespace jiedao::report {

namespace {

std::string_view given(std::string_view field) { return field == "-" ? std::string_view() : field; }

std::string_view stem(std::string_view name) {
  const size_t dot = name.rfind('.');
  return dot == std::string_view::npos || dot == 0 ? name : name.substr(0, dot);
}

}  // namespace

Result<ReportOverrides> make_overrides(std::string file, std::string_view district, std::string_view county,
                                       std::string_view period, std::string_view kind,
                                       std::string_view published, const ReportKinds& kinds,
                                       const Gazetteer& gazetteer) {
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
  if (!o.district.empty()) {
    const Place* place = gazetteer.find_district(o.district);
    if (place != nullptr && o.county.empty()) o.county = place->county;
    if (place != nullptr && !o.county.empty() && place->county != o.county) {
      return Error{"district " + o.district + " is in " + place->county + ", not in " + o.county};
    }
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
    if (!o) return Error{where + o.error().message};
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
