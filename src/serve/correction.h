// POST /api/v1/facts/{id}/correction: a person's correction of one fact, with the upload token.
//
// The fields come in the query string (indicator=, period=, status=, value=, drop=1, choose=1,
// note=, by=), never in a body; each becomes a row of the reports folder's corrections.tsv
// (ingest/correction.h) and the fact's report is extracted again before the answer, which gives
// the fact as it now stands (its id changes). The token and body rules are checked before any
// body is read (serve/upload.cc: the one guard of every write).
#pragma once

#include <httplib.h>

#include <string_view>

#include "serve/api.h"

namespace jiedao::serve {

// Whether `path` is a correction's: /api/v1/facts/DIGITS/correction.
bool is_correction_path(std::string_view path);

// The parameters a correction takes, checked before the handler runs.
const std::set<std::string>& correction_params();

void install_correction(httplib::Server& server, const ApiContext& ctx);

}  // namespace jiedao::serve
