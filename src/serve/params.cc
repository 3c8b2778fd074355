#include "serve/params.h"

#include "base/whole_number.h"

namespace jiedao::serve {

// An integer parameter within [low, high]; `fallback` when absent. False once answered 400.
bool int_param(const Question& q, httplib::Response& res, const char* name, int64_t low, int64_t high,
               int64_t fallback, int64_t& out) {
  auto value = q.integer(name, low, high, fallback);
  if (!value) {
    send_error(res, 400, value.error().message);
    return false;
  }
  out = value.value();
  return true;
}

bool status_param(const Question& q, httplib::Response& res, std::optional<Status>& out) {
  auto status = q.status();
  if (!status) {
    send_error(res, 400, status.error().message);
    return false;
  }
  out = status.value();
  return true;
}

// family= names a family of data/families.tsv or is absent: a misspelt family would otherwise
// answer an empty list that reads like "no data".
bool family_param(const ApiContext& ctx, const Question& q, httplib::Response& res, std::string& out) {
  out = q.get("family");
  if (!out.empty() && !ctx.families.contains(out)) {
    send_error(res, 400, "unknown family '" + out + "'; GET /api/v1/families lists them");
    return false;
  }
  return true;
}

// A unit's division code or its first digits (31 Shanghai, 310112 闵行区), as a filter.
bool code_param(const Question& q, httplib::Response& res, std::string& code) {
  code = q.get("code");
  if (!code.empty() && (!all_ascii_digits(code) || code.size() < 2 || code.size() > 9)) {
    send_error(res, 400, "code must be 2 to 9 digits of a division code (310112001, or 310112 for 闵行区)");
    return false;
  }
  return true;
}

// The place filters of a series question: city, province (their names, as /api/v1/districts
// gives them), and the code.
bool place_params(const Question& q, httplib::Response& res, store::SeriesFilter& filter) {
  filter.city = q.get("city");
  filter.province = q.get("province");
  return code_param(q, res, filter.code);
}

}  // namespace jiedao::serve
