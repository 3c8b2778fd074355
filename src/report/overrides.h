// What the user says of a report that its text does not (reports.tsv in the reports folder):
// its district and county, period, kind and publication date. jiedao extract, ingest and
// serve read the same file; a field left empty (or -) leaves what the text gives.
//
//   # file<TAB>district<TAB>county<TAB>period<TAB>kind<TAB>published
//   s08_sichuanbeilu.txt	四川北路街道	虹口区	2016	-	2016-04-09
//
// period is a label as the API writes it (2016, 2019H1, 2016-2020, 2018-01-01..2018-10-31);
// kind one of data/report_kinds.tsv. An OverrideTable is immutable after parse().
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "extract/fact.h"
#include "report/gazetteer.h"
#include "report/kinds.h"

namespace jiedao::report {

struct ReportOverrides {
  std::string file;  // the report's file name, as in the folder (or its stem)
  std::string district, county, kind;
  std::optional<Period> period;
  std::optional<CivilDate> published;
  std::string row;  // the row as written, so that a change of it re-extracts the report
  bool empty() const { return district.empty() && county.empty() && kind.empty() && !period && !published; }
};

class OverrideTable {
 public:
  // The name of the file in a reports folder.
  static constexpr const char* kFileName = "reports.tsv";

  // Parses the file's content; `source` names it in messages. A district the gazetteer knows
  // gets its county when the row gives none; a kind must be one of `kinds`.
  static Result<OverrideTable> parse(std::string_view content, std::string_view source,
                                     const ReportKinds& kinds, const Gazetteer& gazetteer);

  // The row of a file (by its name or its name without the extension), or nullptr.
  const ReportOverrides* find(std::string_view file_name) const;

  const std::vector<ReportOverrides>& rows() const { return rows_; }

 private:
  std::vector<ReportOverrides> rows_;
};

// The content of a reports.tsv with the row of `o.file` replaced by `o` (or added, after a
// header when the file was empty); comments and the other rows are kept as they were.
std::string with_row(std::string_view content, const ReportOverrides& o);

// The reports.tsv of `folder`, or an empty table when the folder has none.
Result<OverrideTable> load_overrides(const std::string& folder, const ReportKinds& kinds,
                                     const Gazetteer& gazetteer);

// The same fields given one by one (POST /api/v1/reports?district=…): checked as a row of the
// file is. `file` is the report's name.
Result<ReportOverrides> make_overrides(std::string file, std::string_view district, std::string_view county,
                                       std::string_view period, std::string_view kind,
                                       std::string_view published, const ReportKinds& kinds,
                                       const Gazetteer& gazetteer);

}  // namespace jiedao::report
