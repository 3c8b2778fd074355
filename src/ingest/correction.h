// Corrections that arrive over HTTP (POST /api/v1/facts/{id}/correction): written as rows of the
// reports folder's corrections.tsv (report/corrections.h) and applied by extracting the fact's
// report again, as one step.
//
// The rows name the stored fact by its report, span and quote, so that they hold across later
// extractions. corrections.tsv is replaced atomically (base/file.h): a kill at any moment leaves
// the old file or the new one, and the next sync extracts again every report whose rows changed.
// When the extraction fails, the file is put back as it was. The caller holds the ingest lock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "extract/catalogue.h"
#include "ingest/ingester.h"
#include "ingest/upload.h"
#include "report/corrections.h"
#include "store/store.h"

namespace jiedao::ingest {

// What a person says of one fact; each field given is one row of corrections.tsv.
struct CorrectionRequest {
  std::optional<std::string> indicator, period, status, value;  // nullopt: unchanged
  bool drop = false, choose = false;
  std::string note, by;
};

struct CorrectionResult {
  std::string report;                     // the fact's report id
  std::vector<report::Correction> rows;   // the rows written
  bool applied = false;                   // false: the report's text changed meanwhile (stale)
  std::optional<store::StoredFact> fact;  // the fact as now stored (a new id); none when dropped
};

// What the ingester keeps of a report's corrections as it extracts it: each row, applied or
// stale, in `record.corrections`; returned, one message per stale row, naming its line.
std::vector<std::string> record_corrections(const report::Corrected& corrected, store::ReportRecord& record);

// What a review did to a fact, kept with it in the store (StoredFact::review, chosen); a
// corrected value stands exactly, whatever rounding its quote allowed.
void keep_review(const report::Review& review, store::StoredFact& fact);

// Writes the rows of `request` for fact `fact_id` and extracts its report again. An unknown fact
// is kNotFound; a request that changes nothing or names an unknown indicator, a bad period,
// status or value is kInvalid; a fact whose report is not in `reports_dir` is kConflict.
Result<CorrectionResult> correct_fact(const std::string& reports_dir, store::Store& store, Ingester& ingester,
                                      const extract::Catalogue& catalogue, int64_t fact_id,
                                      const CorrectionRequest& request, const UploadLog& log);

}  // namespace jiedao::ingest
