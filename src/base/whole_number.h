// Whole numbers as people type them: in a query string (?year=2018) and after an option
// (--threads 8). One parser for both, so that both accept and refuse the same texts.
#pragma once

#include <cstdint>
#include <string_view>

#include "base/result.h"

namespace jiedao {

// The whole number that `text` writes in ASCII digits (1 to 12 of them, leading zeros allowed; no
// sign, space or separator), when it is within [low, high]. The error reads "a whole number from
// LOW to HIGH, not 'TEXT'", for the caller to put the name before it ("year must be ...",
// "--threads takes ...").
Result<int64_t> parse_whole_number(std::string_view text, int64_t low, int64_t high);

// Whether `text` is ASCII digits only (true for ""): a division code, a year, a whole number.
bool all_ascii_digits(std::string_view text);

}  // namespace jiedao
