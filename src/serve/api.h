// The HTTP API of the daemon (cpp-httplib), as the README documents it.
//
// Every answer is JSON (or CSV with format=csv, its text fields neutralised
// for spreadsheets by base/csv.h); every error is {"error": "..."} with a 4xx
// status that says whose mistake it was: an unknown parameter, a bad year,
// malformed UTF-8, an oversized body, an unknown path, a family that
// data/families.tsv does not have. A 5xx means a bug or a failing disk, never
// a user's mistake, and says so without the server's paths (those are logged).
// Answers that could be huge are bounded: a report's text comes in pages of
// ApiConfig::max_text_bytes, facts in pages of at most 10,000. Points and facts carry their
// indicator family, the measure class a count counts (counts, and counts_label
// for people: "户 households") and, for a completion rate whose task is known,
// `of`: the indicator it completes.
// Handlers only read the store, except the upload and the correction, which go through
// `Uploader` and `correct` so that the daemon can serialise them with its own ingests.
#pragma once

#include <httplib.h>

#include <atomic>
#include <functional>
#include <string>

#include "base/result.h"
#include "extract/catalogue.h"
#include "extract/families.h"
#include "ingest/correction.h"
#include "ingest/upload.h"
#include "report/labels.h"
#include "report/overrides.h"
#include "serve/answer_cache.h"
#include "serve/heavy_gate.h"
#include "store/series_index.h"
#include "store/store.h"
#include "text/units.h"

namespace jiedao::serve {

using ingest::UploadResult;

// Saves `body` as `file_name` (already sanitised) into the reports folder and ingests it, as
// ingest/upload.h says; the error's kind gives the answer's status (serve/answer.h).
using Uploader = std::function<Result<UploadResult>(const std::string& file_name, const std::string& body,
                                                    const report::ReportOverrides& overrides)>;

struct ApiConfig {
  std::string token;  // empty: uploads are refused (403)
  size_t max_upload_bytes = 16 * 1024 * 1024;
  size_t max_text_bytes = 1024 * 1024;  // of a report's text in one answer (text_offset pages on)
  // Districts the gazetteer does not know that uploads may add to the store, each a label value
  // of /metrics: a bound on what a token holder can add there.
  size_t max_unknown_districts = 100;
};

struct ApiContext {
  const store::Store& store;
  const extract::Catalogue& catalogue;
  const extract::FamilyList& families;  // the families a family= filter may name
  const text::UnitLexicon& units;       // what each measure class reads as (counts_label)
  const std::atomic<bool>& ready;       // the first ingest has finished
  Uploader upload;
  // Writes a person's correction of fact `id` and extracts its report again (ingest/correction.h),
  // serialised with the ingests as an upload is. May be empty: corrections are then refused.
  std::function<Result<ingest::CorrectionResult>(int64_t id, const ingest::CorrectionRequest& request)>
      correct;
  ApiConfig config;
  // The series index of the store's current generation, or nullptr when there is none
  // (the answers then query the store). May be empty.
  std::function<std::shared_ptr<const store::SeriesIndex>()> series_index;
  // Where the read answers are kept between two writes of the store. May be null (no cache).
  AnswerCache* answers = nullptr;
  // The Prometheus text exposition for GET /metrics.
  std::function<Result<std::string>()> render_metrics;
  // Called after every request with the handler's route pattern, the status and the seconds it took.
  std::function<void(const std::string& handler, int status, double seconds)> observe;
  // One log line: an event and its details (refused uploads, server faults). May be empty.
  std::function<void(const std::string& event, const std::string& details)> log;
  // What an upload's district=, period=, kind= ... are checked against. Null: those are refused.
  const report::ReportKinds* kinds = nullptr;
  const report::Gazetteer* gazetteer = nullptr;
  // How many heavy answers are computed at once (serve/heavy_gate.h). May be null (no bound).
  HeavyGate* heavy = nullptr;
  // The words people read for units, statuses and categories (GET /api/v1/labels). May be null.
  const report::Labels* labels = nullptr;
};

// Registers every route of the API on `server`. `context` must outlive the server.
void install_api(httplib::Server& server, const ApiContext& context);

// A report file name from an upload's ?name=: letters, digits, CJK, _ - . only, no
// folder, not hidden, at most 120 bytes, ending in .txt .html .htm or .pdf, or without a dot
// (the extension then follows the content). Error says why not.
Result<std::string> sanitize_report_name(const std::string& name);

}  // namespace jiedao::serve
