// The query string of an API request: parsed and checked apart from the handlers, so that
// the rules (and the messages a user sees) are in one place, and fuzz/query_fuzz.cc can
// feed them arbitrary targets.
//
// A target is the request line's path and query as sent ("/api/v1/series?district=%E6%B1%9F...").
// Only its query string counts: httplib also reads a form-encoded body into req.params, and curl
// --data-binary sends a report as such a body; its text is not a parameter.
#pragma once

#include <httplib.h>

#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "base/result.h"

namespace jiedao::serve {

// The parameters of the target's query string (after the first '?'), percent-decoded with
// httplib's parser, unchecked. Never fails: an absent or empty query gives no parameter.
httplib::Params split_query(std::string_view target);

// The parameters of the target's query string, checked parameter by parameter in name order:
// the first one at fault is named in the error. A name or value that is not valid UTF-8, a name
// given more than once, and, with `allowed`, a name not in it ("unknown parameter 'year' for
// PATH; allowed: ...", PATH being `path`) are errors.
Result<httplib::Params> parse_query(std::string_view target);
Result<httplib::Params> parse_query(std::string_view target, const std::set<std::string>& allowed,
                                    std::string_view path);

// A whole number written in ASCII digits (at most 12, no sign) within [low, high]. The error reads
// "must be a whole number from LOW to HIGH, not 'TEXT'"; callers put the parameter's name before it.
Result<int64_t> parse_bounded_int(std::string_view text, int64_t low, int64_t high);

}  // namespace jiedao::serve
