// The typed parameters the API's answers share (serve/handlers.h): each read from a checked
// Question, or answered with 400 naming what is wrong; and a store failure answered as the
// server's own (500, details to the log).
#pragma once

#include <httplib.h>

#include <optional>
#include <string>

#include "model/status.h"
#include "serve/answer.h"
#include "serve/api.h"
#include "serve/query.h"
#include "store/store.h"

namespace jiedao::serve {

// An integer parameter within [low, high]; `fallback` when absent. False once answered 400.
bool int_param(const Question& q, httplib::Response& res, const char* name, int64_t low, int64_t high,
               int64_t fallback, int64_t& out);
bool status_param(const Question& q, httplib::Response& res, std::optional<Status>& out);
// family= names a family of data/families.tsv or is absent: a misspelt family would otherwise
// answer an empty list that reads like "no data".
bool family_param(const ApiContext& ctx, const Question& q, httplib::Response& res, std::string& out);
// A unit's division code or its first digits (31 Shanghai, 310112 闵行区), as a filter.
bool code_param(const Question& q, httplib::Response& res, std::string& code);
// The place filters of a series question: city, province (their names, as /api/v1/districts
// gives them), and the code.
bool place_params(const Question& q, httplib::Response& res, store::SeriesFilter& filter);

// A store failure is the server's problem, not the user's: a 500 whose details (paths,
// SQLite's words) go to the log, not to the client.
template <class T>
bool stored(const ApiContext& ctx, const Result<T>& result, httplib::Response& res) {
  if (result) return true;
  send_failure(res, result.error(), [&](const std::string& message) {
    if (ctx.log) ctx.log("error", "store: " + message);
  });
  return false;
}

}  // namespace jiedao::serve
