#include "ingest/correction.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "base/file.h"
#include "model/time.h"

namespace jiedao::ingest {

namespace fs = std::filesystem;

namespace {

// The rows a request makes for a stored fact, each checked as a row of the file is.
Result<std::vector<report::Correction>> rows_of(const store::StoredFact& fact,
                                                const CorrectionRequest& request,
                                                const extract::Catalogue& catalogue) {
  report::Correction base;
  base.report = fact.report;
  base.begin = fact.fact.begin;
  base.end = fact.fact.end;
  base.quote = fact.quote;
  base.note = request.note;
  base.by = request.by;
  base.at = now_iso();
  std::vector<report::Correction> rows;
  auto add = [&](report::CorrectionField field, const std::string& value) -> Result<Done> {
    report::Correction c = base;
    c.field = field;
    c.value = value;
    auto checked = report::make_correction(std::move(c), catalogue);
    if (!checked) return checked.error();
    rows.push_back(std::move(checked).value());
    return Done{};
  };
  using F = report::CorrectionField;
  const std::pair<F, const std::optional<std::string>*> given[] = {{F::kIndicator, &request.indicator},
                                                                   {F::kPeriod, &request.period},
                                                                   {F::kStatus, &request.status},
                                                                   {F::kValue, &request.value}};
  for (const auto& [field, value] : given) {
    if (!*value) continue;
    if (auto added = add(field, **value); !added) return added.error();
  }
  if (request.choose)
    if (auto added = add(F::kChoose, ""); !added) return added.error();
  if (request.drop)
    if (auto added = add(F::kDrop, ""); !added) return added.error();
  if (rows.empty())
    return Error{"say what to correct: indicator=, period=, status=, value=, drop=1 or choose=1"};
  return rows;
}

}  // namespace

std::vector<std::string> record_corrections(const report::Corrected& corrected, store::ReportRecord& record) {
  std::vector<std::string> stale;
  for (const report::CorrectionState& state : corrected.states) {
    const report::Correction& c = state.correction;
    record.corrections.push_back({record.id, static_cast<int64_t>(c.begin), static_cast<int64_t>(c.end),
                                  c.quote, std::string(report::correction_field_name(c.field)), c.value,
                                  c.note, c.by, c.at, state.applied});
    if (state.applied) continue;
    // Appended piece by piece: GCC 12 at -O3 warns (-Wrestrict) on "…" + a temporary (bug 105329).
    std::string message = report::CorrectionTable::kFileName;
    message += ':';
    message += std::to_string(c.line);
    message += ": stale, not applied: '";
    message += c.quote;
    message += "' no longer stands at ";
    message += std::to_string(c.begin);
    message += '-';
    message += std::to_string(c.end);
    message += " of report ";
    message += record.id;
    stale.push_back(std::move(message));
  }
  return stale;
}

void keep_review(const report::Review& review, store::StoredFact& fact) {
  fact.review = review.to_json();
  fact.chosen = review.chosen;
  if (std::find(review.fields.begin(), review.fields.end(), "value") != review.fields.end()) fact.step = 0;
}

Result<CorrectionResult> correct_fact(const std::string& reports_dir, store::Store& store, Ingester& ingester,
                                      const extract::Catalogue& catalogue, int64_t fact_id,
                                      const CorrectionRequest& request, const UploadLog& log) {
  auto found = store.facts_by_id({fact_id});
  if (!found) return found.error();
  if (found.value().empty())
    return Error{std::string("no fact ").append(std::to_string(fact_id)) +
                     " (ids change when a report is extracted again)",
                 ErrorKind::kNotFound};
  const store::StoredFact fact = found.value().front();
  auto state = store.report_state(fact.report);
  if (!state) return state.error();
  std::error_code ec;
  const fs::path folder = fs::absolute(reports_dir, ec).lexically_normal();
  if (!state.value() || fs::path(state.value()->path).parent_path() != folder)
    return Error{"report " + fact.report +
                     " is not a file of the reports folder; correct it in its own folder's " +
                     report::CorrectionTable::kFileName,
                 ErrorKind::kConflict};
  auto rows = rows_of(fact, request, catalogue);
  if (!rows) return rows.error();

  const std::string table = (folder / report::CorrectionTable::kFileName).string();
  const bool had_table = static_cast<bool>(stat_regular_file(table));
  auto content = had_table ? read_regular_file(table, 64 * 1024 * 1024) : Result<std::string>(std::string());
  if (!content) return content.error();
  // The file as it is must read: a bad row written by hand is the user's to mend first.
  if (auto current =
          report::CorrectionTable::parse(content.value(), report::CorrectionTable::kFileName, catalogue);
      !current)
    return Error{current.error().message + "; mend it before correcting over HTTP", ErrorKind::kConflict};
  std::string backup;
  if (auto saved = write_atomically(folder.string(), report::CorrectionTable::kFileName,
                                    report::with_corrections(content.value(), rows.value()),
                                    temp_name(".tmp"), temp_name(".bak"), had_table ? &backup : nullptr);
      !saved)
    return saved.error();
  auto ingested = ingester.ingest_file(state.value()->path);
  if (!ingested) {
    if (!backup.empty() ? ::rename(backup.c_str(), table.c_str()) != 0 : ::unlink(table.c_str()) != 0)
      log("error", table + ": cannot undo the failed correction: " + std::strerror(errno));
    fsync_dir(folder.string());
    return ingested.error();
  }
  if (!backup.empty()) ::unlink(backup.c_str());
  CorrectionResult result{fact.report, std::move(rows).value(), ingester.last_stale().empty(), std::nullopt};
  store::FactFilter filter;
  filter.report = fact.report;
  filter.span_begin = static_cast<int64_t>(fact.fact.begin);
  filter.span_end = static_cast<int64_t>(fact.fact.end);
  filter.limit = 1;
  auto facts = store.facts(filter);
  if (!facts) return facts.error();
  if (!facts.value().empty()) result.fact = std::move(facts.value().front());
  log("correction", fact.report + " " + std::to_string(fact.fact.begin) + "-" +
                        std::to_string(fact.fact.end) + " rows=" + std::to_string(result.rows.size()) +
                        (result.applied ? "" : " stale"));
  return result;
}

}  // namespace jiedao::ingest
