// A report as the store keeps it: its row and its facts, made from what report::analyze found
// and what corrections.tsv did to its facts.
//
// Each fact carries its report's place (district, county, city, province, code), its quote, its
// sentence, the rounding its quote allows and its review. A sentence is kept whole, or, in a
// text without sentence ends for kilobytes (a table, a hostile file), as kMaxSentenceBytes
// around the quote cut at character boundaries: without the cap every fact of such a text
// would store it whole.
#pragma once

#include <string>
#include <vector>

#include "report/corrections.h"
#include "report/report.h"
#include "store/store.h"

namespace jiedao::ingest {

inline constexpr size_t kMaxSentenceBytes = 4096;

struct StoredReport {
  store::ReportRecord record;
  std::vector<store::StoredFact> facts;
  std::vector<std::string> stale;  // one message per stale correction
};

// The report `r`, analysed from `text`, with its corrections applied (`corrected`). `record`
// holds what the report's file says of it (id, path, sha256, data_version, ingested_at); the
// rest of the row comes from `r`, and its text is `text`.
StoredReport stored_report(store::ReportRecord record, const report::Report& r, const std::string& text,
                           const report::Corrected& corrected);

}  // namespace jiedao::ingest
