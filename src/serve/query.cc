#include "serve/query.h"

#include "text/utf8.h"

namespace jiedao::serve {

namespace {

Result<httplib::Params> check(httplib::Params params, const std::set<std::string>* allowed,
                              std::string_view path) {
  for (const auto& [name, value] : params) {
    if (text::find_invalid_utf8(name) || text::find_invalid_utf8(value)) {
      return Error{"parameter '" + std::string(text::find_invalid_utf8(name) ? "?" : name) +
                   "' is not valid UTF-8; percent-encode UTF-8 text"};
    }
    if (allowed != nullptr && !allowed->count(name)) {
      std::string list;
      for (const auto& n : *allowed) list += (list.empty() ? "" : ", ") + n;
      return Error{"unknown parameter '" + name + "' for " + std::string(path) + "; allowed: " + list};
    }
    if (params.count(name) > 1) return Error{"parameter '" + name + "' given more than once"};
  }
  return params;
}

}  // namespace

httplib::Params split_query(std::string_view target) {
  httplib::Params params;
  const size_t mark = target.find('?');
  if (mark != std::string_view::npos)
    httplib::detail::parse_query_text(std::string(target.substr(mark + 1)), params);
  return params;
}

Result<httplib::Params> parse_query(std::string_view target) {
  return check(split_query(target), nullptr, {});
}

Result<httplib::Params> parse_query(std::string_view target, const std::set<std::string>& allowed,
                                    std::string_view path) {
  return check(split_query(target), &allowed, path);
}

Result<int64_t> parse_bounded_int(std::string_view text, int64_t low, int64_t high) {
  int64_t value = 0;
  bool ok = !text.empty() && text.size() <= 12;
  for (char c : text) ok = ok && c >= '0' && c <= '9';
  if (ok) {
    for (char c : text) value = value * 10 + (c - '0');  // at most 12 digits: no overflow
  }
  if (!ok || value < low || value > high) {
    return Error{"must be a whole number from " + std::to_string(low) + " to " + std::to_string(high) +
                 ", not '" + std::string(text) + "'"};
  }
  return value;
}

}  // namespace jiedao::serve
