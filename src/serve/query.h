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
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"
#include "model/status.h"

namespace jiedao::serve {

// `text` of a query string decoded as HTML forms encode it: %XX is a byte, + a space; a % not
// followed by two hex digits stays as it is.
std::string form_decode(std::string_view text);
// A request path decoded as cpp-httplib decodes it: %XX is a byte, + stays itself.
std::string decode_path(std::string_view path);

// The parameters of the target's query string (after the first '?'): name=value pairs split at
// '&' and the first '=', each decoded by form_decode(), unchecked; a pair without a name is
// skipped. Never fails: an absent or empty query gives no parameter.
httplib::Params split_query(std::string_view target);

// The parameters of the target's query string, checked parameter by parameter in name order:
// the first one at fault is named in the error. A name or value that is not valid UTF-8, a name
// given more than once, and, with `allowed`, a name not in it ("unknown parameter 'year' for
// PATH; allowed: ...", PATH being `path`) are errors.
Result<httplib::Params> parse_query(std::string_view target);
Result<httplib::Params> parse_query(std::string_view target, const std::set<std::string>& allowed,
                                    std::string_view path);

// A request's query, parsed and checked once, when its route is matched: handlers ask it for
// typed values and never re-read the target.
class Question {
 public:
  // The query of `request` checked as parse_query() does against `allowed` and "format", which
  // must be json or csv. `request` must outlive the Question.
  // `parts`: the values of the route path's {name} segments (serve/routes.h), in order.
  static Result<Question> parse(const httplib::Request& request, const std::vector<std::string>& allowed,
                                std::vector<std::string> parts = {});

  const std::string& get(std::string_view name) const;  // "" when absent
  bool has(std::string_view name) const;
  bool csv() const;  // format=csv
  // The `index`th {name} segment of the route's path, from 1 (/api/v1/reports/{id}: 1 is the id).
  std::string path_part(size_t index) const;
  // A whole number within [low, high], `fallback` when absent; the error names the parameter.
  Result<int64_t> integer(std::string_view name, int64_t low, int64_t high, int64_t fallback) const;
  // status=actual or target, nullopt when absent.
  Result<std::optional<Status>> status() const;
  const httplib::Request& request() const { return *request_; }

 private:
  Question(const httplib::Request& request, httplib::Params params, std::vector<std::string> parts)
      : request_(&request), params_(std::move(params)), parts_(std::move(parts)) {}
  const httplib::Request* request_;
  httplib::Params params_;
  std::vector<std::string> parts_;
};

}  // namespace jiedao::serve
