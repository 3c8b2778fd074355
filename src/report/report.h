// analyze(): one report's text in, its frame and its dated facts out.
//
// This is the whole extraction pipeline as the CLI and the server use it:
// the extract layer finds the facts, the report layer reads the frame
// (district, county, periods, sections) and gives each fact its time and status.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "extract/clauses.h"
#include "extract/fact.h"
#include "report/resources.h"
#include "report/sections.h"

namespace jiedao::report {

struct Report {
  std::string id;  // the file name without its extension
  Frame frame;
  std::vector<Fact> facts;
  extract::ClauseMarks marks;  // of the text: the sentence around each fact, for its provenance
};

// Analyzes `text`; an error (naming `id` and the byte offset) when it is not valid UTF-8.
Result<Report> analyze(std::string id, std::string_view text, const Resources& resources,
                       const ReportOverrides* overrides = nullptr);

// The same for a text known to be valid UTF-8 (formats::decode_report's, or one read back from
// the store), without checking it again: the check is a pass over the whole text.
// REQUIRES: text is valid UTF-8.
Report analyze_utf8(std::string id, std::string_view text, const Resources& resources,
                    const ReportOverrides* overrides = nullptr);

}  // namespace jiedao::report
