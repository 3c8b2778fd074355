// Reports that arrive over HTTP: saved into the reports folder and ingested, as one step.
//
// An upload is checked first (its report id free in the folder and in the store), so that a
// refused one writes nothing. Then its row of the folder's reports.tsv (the upload's district=,
// period=, ...) and its file are written atomically (base/file.h), and it is ingested; when the
// ingest fails, the folder is put back as it was. The temporary files are hidden
// (.upload-PID-N.tmp, .bak), so the ingester never reads them; remove_stale_uploads() clears
// what a killed daemon left. The caller holds the ingest lock: one upload or sync at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "base/result.h"
#include "ingest/ingester.h"
#include "report/overrides.h"
#include "store/store.h"

namespace jiedao::ingest {

struct UploadResult {
  std::string report;  // the report id
  int64_t facts = 0;
  bool replaced = false;  // a report of that name existed
};

// Where an upload says what it did (event "upload") or failed to undo (event "error").
using UploadLog = std::function<void(const std::string& event, const std::string& details)>;

// Saves `body` as `name` (already sanitised) into `reports_dir` and ingests it; a non-empty
// `overrides` is first written as the file's row of reports.tsv. A clash with another report's
// id is kConflict and nothing is written; a failure after writing leaves the folder as it was.
Result<UploadResult> upload_report(const std::string& reports_dir, store::Store& store, Ingester& ingester,
                                   const std::string& name, const std::string& body,
                                   const report::ReportOverrides& overrides, const UploadLog& log);

// The same, with the reports folder's path taken out of a refusal's message (a.txt,
// reports.tsv:3, not /srv/jiedao/reports/a.txt): the server's paths stay in its log.
Result<UploadResult> upload_for_client(const std::string& reports_dir, store::Store& store,
                                       Ingester& ingester, const std::string& name, const std::string& body,
                                       const report::ReportOverrides& overrides, const UploadLog& log);

// A hidden temporary file name for a write into the reports folder (.upload-PID-N plus `suffix`):
// the ingester never reads it, and remove_stale_uploads() clears it after a kill.
std::string temp_name(const char* suffix);

// Removes what uploads killed midway left in `dir` (.upload-*.tmp, .upload-*.bak), regular files
// only; returns how many.
size_t remove_stale_uploads(const std::string& dir);

}  // namespace jiedao::ingest
