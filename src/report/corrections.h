// What people who checked the facts say of them (corrections.tsv in the reports folder, beside
// reports.tsv): per fact, a new indicator, period, status or value, that it is not a fact at all
// (drop), or that it is the one its point shows (choose). A fact is named by its report, the byte
// span of its quote and the quote itself, so that a correction is applied at every extraction of
// the report (a new catalogue, a re-ingest) and never to another number: when the quote no longer
// stands at its span (the report changed), the correction is stale and is not applied.
//
//   # report<TAB>span<TAB>quote<TAB>field<TAB>value<TAB>note<TAB>by<TAB>at
//   002_5d664511e06b6a03	6416-6430	30000平方米	status	target	任务量: the year's task	lin
//   2026-12-07T10:00:00+08:00
//
// field is indicator (a catalogue id, or none), period (a label as the API writes it: 2019,
// 2019H1, 2016-2020), status (actual or target), value (a number, in the fact's unit), drop or
// choose (value -). note, by and at may be -. A later row of the same fact and field replaces an
// earlier one. A CorrectionTable is immutable after parse().
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "extract/catalogue.h"
#include "extract/fact.h"

namespace jiedao::report {

enum class CorrectionField { kIndicator, kPeriod, kStatus, kValue, kDrop, kChoose };

std::string_view correction_field_name(CorrectionField field);
std::optional<CorrectionField> parse_correction_field(std::string_view text);

struct Correction {
  std::string report;         // the report id (its file name without the extension)
  size_t begin = 0, end = 0;  // the quote's byte span in the report's text
  std::string quote;
  CorrectionField field = CorrectionField::kDrop;
  std::string value;  // as written: an indicator id (or none), a period label, a status, a number, or ""
  std::string note, by, at;
  int line = 0;  // in the file, for messages

  // The row as the file holds it (no line end).
  std::string row() const;
};

class CorrectionTable {
 public:
  static constexpr const char* kFileName = "corrections.tsv";

  // Parses the file's content; `source` names it in messages. The first bad row is an error
  // naming its line. An indicator must be one of `catalogue`'s (or none).
  static Result<CorrectionTable> parse(std::string_view content, std::string_view source,
                                       const extract::Catalogue& catalogue);

  // The rows of report `id`, in file order.
  std::vector<const Correction*> of_report(std::string_view id) const;
  const std::vector<Correction>& rows() const { return rows_; }

 private:
  std::vector<Correction> rows_;
};

// The corrections.tsv of `folder`, or an empty table when the folder has none.
Result<CorrectionTable> load_corrections(const std::string& folder, const extract::Catalogue& catalogue);

// Checks one correction given field by field (POST /api/v1/facts/{id}/correction) as a row of
// the file is checked.
Result<Correction> make_correction(Correction c, const extract::Catalogue& catalogue);

// The content of a corrections.tsv with `rows` appended (after a header when it was empty).
std::string with_corrections(std::string_view content, const std::vector<Correction>& rows);

// What the corrections did to one fact.
struct Review {
  std::vector<std::string> fields;  // the fields corrected (indicator, period, ...), in the file's order
  nlohmann::json extracted = nlohmann::json::object();  // their values as extracted
  std::string note, by, at;                             // of the last row applied
  bool chosen = false;                                  // the fact its point shows (choose)

  // {"fields", "extracted", "note", "by", "at", "chosen"}, and back (an empty text: no review).
  std::string to_json() const;
  static std::optional<Review> from_json(std::string_view text);
};

// A correction and whether it was applied at the last extraction of its report.
struct CorrectionState {
  Correction correction;
  bool applied = false;
};

struct Corrected {
  std::vector<Fact> facts;                     // without the dropped ones
  std::vector<std::optional<Review>> reviews;  // one per fact of `facts`
  std::vector<CorrectionState> states;         // one per row, in file order
};

// Applies `rows` (one report's) to the facts extracted from `text`. A row whose quote does not
// stand at its span in `text`, or where no fact has that span, is stale and changes nothing.
Corrected apply_corrections(const std::vector<const Correction*>& rows, std::string_view text,
                            std::vector<Fact> facts, const extract::Catalogue& catalogue);

}  // namespace jiedao::report
