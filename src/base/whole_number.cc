#include "base/whole_number.h"

#include <string>

namespace jiedao {

Result<int64_t> parse_whole_number(std::string_view text, int64_t low, int64_t high) {
  int64_t value = 0;
  const bool ok = !text.empty() && text.size() <= 12 && all_ascii_digits(text);
  if (ok) {
    for (char c : text) value = value * 10 + (c - '0');  // at most 12 digits: no overflow
  }
  if (!ok || value < low || value > high) {
    return Error{"a whole number from " + std::to_string(low) + " to " + std::to_string(high) + ", not '" +
                 std::string(text) + "'"};
  }
  return value;
}

bool all_ascii_digits(std::string_view text) {
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace jiedao
