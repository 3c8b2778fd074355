// libFuzzer target: the query strings of the HTTP API (serve/query.h, base/whole_number.h) and
// upload names (serve::sanitize_report_name).
//
// The input is a request target ("/api/v1/series?district=...&from=2018"). Invariants:
// - parse_query() succeeds only with valid UTF-8 names and values, each name once; with a list of
//   allowed names, only with allowed names, and then with the same parameters as without;
// - parse_whole_number() of every value gives a number within the bounds, written as the value was;
// - sanitize_report_name() of every value (and of the whole input) gives a name without '/', '\\',
//   "..", not starting with '.', of valid UTF-8 and at most 120 bytes.
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "base/whole_number.h"
#include "serve/api.h"
#include "serve/query.h"
#include "text/utf8.h"

namespace {

void check_name(const std::string& raw) {
  auto name = jiedao::serve::sanitize_report_name(raw);
  if (!name) {
    if (name.error().message.empty()) __builtin_trap();
    return;
  }
  const std::string& n = name.value();
  if (n.empty() || n.front() == '.' || n.size() > 120) __builtin_trap();
  if (n.find('/') != std::string::npos || n.find('\\') != std::string::npos) __builtin_trap();
  if (n.find("..") != std::string::npos || n.find('\0') != std::string::npos) __builtin_trap();
  if (jiedao::text::find_invalid_utf8(n)) __builtin_trap();
}

void check_int(const std::string& text, int64_t low, int64_t high) {
  auto value = jiedao::parse_whole_number(text, low, high);
  if (!value) {
    if (value.error().message.empty()) __builtin_trap();
    return;
  }
  if (value.value() < low || value.value() > high) __builtin_trap();
  const size_t digits = text.find_first_not_of('0');
  const std::string canonical = digits == std::string::npos ? "0" : text.substr(digits);
  if (std::to_string(value.value()) != canonical) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view target(reinterpret_cast<const char*>(data), size);
  const std::set<std::string> allowed = {"district", "format", "from", "indicator", "name", "to"};

  auto any = jiedao::serve::parse_query(target);
  auto checked = jiedao::serve::parse_query(target, allowed, "/api/v1/series");
  if (any) {
    for (const auto& [name, value] : any.value()) {
      if (jiedao::text::find_invalid_utf8(name) || jiedao::text::find_invalid_utf8(value)) __builtin_trap();
      if (any.value().count(name) != 1) __builtin_trap();
    }
  } else if (any.error().message.empty()) {
    __builtin_trap();
  }
  if (checked) {
    if (!any || checked.value() != any.value()) __builtin_trap();
    for (const auto& [name, value] : checked.value()) {
      if (!allowed.count(name)) __builtin_trap();
    }
  } else if (checked.error().message.empty()) {
    __builtin_trap();
  }

  for (const auto& [name, value] : jiedao::serve::split_query(target)) {
    check_int(value, 1949, 2100);
    check_int(value, 0, 1000000000);
    check_name(value);
  }
  check_name(std::string(target));
  return 0;
}
