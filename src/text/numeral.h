// Numbers as reports write them: 3188, 3,188, ３１８８, 3.61万, 1.5亿, 200多亿,
// 三, 两, 十二, 一百零五, 一万二千.
//
// read_numeral() reads the longest number that starts at a byte offset and
// says how it was written, because whether a number is a quantity depends on
// its form as much as its value: a lone 一 is an article (一批), a lone 二 an
// ordinal (二期; the cardinal before a measure word is 两), a lone 百/千/万 an
// idiom or a rate's denominator (百家争鸣, 每万人). The scanner decides; this
// module only reads.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "text/decimal.h"
#include "text/utf8.h"

namespace jiedao::text {

enum class NumeralForm {
  kArabic,         // 3188, 3.61万, ３１８８
  kChinese,        // 三, 十二, 一万二千
  kChineseDigits,  // 二〇一九: digits read one by one (years, codes), never a quantity
};

struct Numeral {
  double value = 0;  // decimal.value()
  Decimal decimal;   // the number as written, unrounded: scale it by a unit with decimal.times()
  size_t begin = 0;  // byte offsets [begin, end) into the text
  size_t end = 0;
  NumeralForm form = NumeralForm::kArabic;
  // The same number without its trailing Chinese multipliers (3.61 of 3.61万),
  // so that a unit that starts with a multiplier (千瓦, 千米) can still be read.
  double plain_value = 0;
  Decimal plain_decimal;
  size_t plain_end = 0;
  bool has_decimal_point = false;
  int integer_digits = 0;         // Arabic digits before the point (4 for 2018)
  bool approximate_more = false;  // 余 or 多 inside it: 200多亿
  bool lone_one = false;          // exactly 一
  bool lone_two = false;          // exactly 二
};

// Reads the number that starts at `pos`, or nullopt when none starts there.
// REQUIRES: text is valid UTF-8 and pos is at a code point boundary.
std::optional<Numeral> read_numeral(std::string_view text, size_t pos);

// The value of a whole string that is one Chinese or Arabic number, for tests
// and data files: "一万二千" → 12000, "3.61万" → 36100; nullopt otherwise.
std::optional<double> parse_numeral(std::string_view whole);

// The value of a Chinese digit (零〇一二两三四五六七八九), or -1.
int chinese_digit_value(char32_t c);

// 10, 100, 1000, 10^4 or 10^8 for 十百千万亿, or 0.
double chinese_multiplier_value(char32_t c);

// Whether a number may start with code point `c` (a digit, a Chinese digit or a multiplier):
// read_numeral() reads none at any other. Inline, for the scanner's test of every character.
inline bool starts_numeral(char32_t c) {
  if (c < U'〇') return digit_value(c) >= 0;
  switch (c) {
    // clang-format off
    case U'〇': case U'零': case U'一': case U'二': case U'两': case U'三': case U'四': case U'五':
    case U'六': case U'七': case U'八': case U'九': case U'十': case U'百': case U'千': case U'万':
    case U'亿':
    case U'０': case U'１': case U'２': case U'３': case U'４': case U'５': case U'６': case U'７':
    case U'８': case U'９':
      return true;
    // clang-format on
    default:
      return false;
  }
}

}  // namespace jiedao::text
