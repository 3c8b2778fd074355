#include "text/numeral.h"

#include <cmath>

#include "text/utf8.h"

namespace jiedao::text {

int chinese_digit_value(char32_t c) {
  switch (c) {
    case U'零':
    case U'〇':
      return 0;
    case U'一':
      return 1;
    case U'二':
    case U'两':
      return 2;
    case U'三':
      return 3;
    case U'四':
      return 4;
    case U'五':
      return 5;
    case U'六':
      return 6;
    case U'七':
      return 7;
    case U'八':
      return 8;
    case U'九':
      return 9;
    default:
      return -1;
  }
}

double chinese_multiplier_value(char32_t c) {
  switch (c) {
    case U'十':
      return 1e1;
    case U'百':
      return 1e2;
    case U'千':
      return 1e3;
    case U'万':
      return 1e4;
    case U'亿':
      return 1e8;
    default:
      return 0;
  }
}

namespace {

bool is_chinese_numeral_char(char32_t c) {
  return chinese_digit_value(c) >= 0 || chinese_multiplier_value(c) > 0;
}

// Applies trailing multipliers (万, 亿, 千万, 百万...) to an Arabic number.
// Only a descending run is accepted, so 1.2万千瓦 stops after 万.
size_t read_multipliers(std::string_view text, size_t pos, Decimal& value, bool& more) {
  double last = 1e18;
  size_t length = 0;
  while (pos < text.size()) {
    char32_t c = decode_at(text, pos, length);
    if ((c == U'多' || c == U'余') && !more) {
      // 200多亿: the qualifier sits between the digits and the multiplier.
      size_t next_length = 0;
      if (pos + length < text.size() &&
          chinese_multiplier_value(decode_at(text, pos + length, next_length)) >= 1e4) {
        more = true;
        pos += length;
        continue;
      }
      break;
    }
    double m = chinese_multiplier_value(c);
    if (m == 0 || m == 10 || m >= last) break;
    // 百万 and 千万 are one multiplier; 万亿 likewise.
    value.scale(static_cast<int>(std::lround(std::log10(m))));
    last = m;
    pos += length;
  }
  return pos;
}

std::optional<Numeral> read_arabic(std::string_view text, size_t pos) {
  Numeral n;
  n.begin = pos;
  Decimal value;
  size_t i = pos;
  size_t length = 0;
  int group = 0;  // digits since the last thousands separator
  bool separated = false;
  while (i < text.size()) {
    char32_t c = decode_at(text, i, length);
    int d = digit_value(c);
    if (d >= 0) {
      value.append_digit(d);
      ++n.integer_digits;
      ++group;
      i += length;
      continue;
    }
    // A thousands separator: ',' between a group of 1-3 digits and exactly 3 more.
    if (c == U',' && group >= 1 && (separated ? group == 3 : group <= 3)) {
      size_t j = i + 1;
      int following = 0;
      size_t l2 = 0;
      while (j < text.size() && digit_value(decode_at(text, j, l2)) >= 0 && following < 4) {
        ++following;
        j += l2;
      }
      if (following == 3) {
        separated = true;
        group = 0;
        i += length;
        continue;
      }
    }
    break;
  }
  if (n.integer_digits == 0 || (separated && group != 3)) return std::nullopt;
  // A decimal part: '.' or '．' followed by a digit.
  char32_t c = code_point_at(text, i);
  if (c == U'.' || c == U'．') {
    decode_at(text, i, length);
    size_t j = i + length;
    size_t l2 = 0;
    if (j < text.size() && digit_value(decode_at(text, j, l2)) >= 0) {
      while (j < text.size()) {
        int d = digit_value(decode_at(text, j, l2));
        if (d < 0) break;
        value.append_fraction_digit(d);
        j += l2;
      }
      n.has_decimal_point = true;
      i = j;
    }
  }
  n.plain_decimal = value;
  n.plain_value = value.value();
  n.plain_end = i;
  n.end = read_multipliers(text, i, value, n.approximate_more);
  n.decimal = value;
  n.value = value.value();
  n.form = NumeralForm::kArabic;
  return n;
}

std::optional<Numeral> read_chinese(std::string_view text, size_t pos) {
  Numeral n;
  n.begin = pos;
  double result = 0, section = 0, number = 0;
  bool seen_digit = false;  // a digit not yet consumed by a multiplier
  bool anything = false;    // any value-bearing character so far
  bool digit_run = false;   // two digits in a row: 二〇一九
  int chars = 0;
  char32_t first = 0;
  size_t i = pos;
  size_t length = 0;
  while (i < text.size()) {
    char32_t c = decode_at(text, i, length);
    int d = chinese_digit_value(c);
    double m = chinese_multiplier_value(c);
    if (d < 0 && m == 0) break;
    if (chars == 0) first = c;
    ++chars;
    if (d >= 0) {
      if (seen_digit && c != U'零' && c != U'〇') digit_run = true;
      if (seen_digit && (c == U'零' || c == U'〇') && number != 0) digit_run = true;
      number = d;
      seen_digit = d != 0 || digit_run;
      anything = true;
    } else if (m < 1e4) {                             // 十 百 千
      if (!anything && m != 10) return std::nullopt;  // 百家, 千家: an idiom, not a number
      section += (seen_digit || number != 0 ? number : 1) * m;
      number = 0;
      seen_digit = false;
      anything = true;
    } else if (m == 1e4) {
      if (!anything) return std::nullopt;  // 万人: a denominator, not a number
      result += (section + number) * m;
      section = number = 0;
      seen_digit = false;
    } else {  // 亿
      if (!anything) return std::nullopt;
      result = (result + section + number) * m;
      section = number = 0;
      seen_digit = false;
    }
    i += length;
  }
  if (chars == 0) return std::nullopt;
  n.end = n.plain_end = i;
  n.value = n.plain_value = result + section + number;
  n.form = digit_run ? NumeralForm::kChineseDigits : NumeralForm::kChinese;
  if (digit_run) {
    // Read digit by digit: 二〇一九 → 2019.
    double v = 0;
    size_t j = pos;
    while (j < i) {
      v = v * 10 + chinese_digit_value(decode_at(text, j, length));
      j += length;
    }
    n.value = n.plain_value = v;
  }
  // Whole numbers below 2^53: the sums above are exact.
  n.decimal = n.plain_decimal = Decimal::of_whole(n.value);
  n.lone_one = chars == 1 && first == U'一';
  n.lone_two = chars == 1 && first == U'二';
  return n;
}

}  // namespace

std::optional<Numeral> read_numeral(std::string_view text, size_t pos) {
  if (pos >= text.size()) return std::nullopt;
  char32_t c = code_point_at(text, pos);
  if (digit_value(c) >= 0) return read_arabic(text, pos);
  if (is_chinese_numeral_char(c)) return read_chinese(text, pos);
  return std::nullopt;
}

std::optional<double> parse_numeral(std::string_view whole) {
  auto n = read_numeral(whole, 0);
  if (!n || n->end != whole.size() || n->form == NumeralForm::kChineseDigits) return std::nullopt;
  return n->value;
}

}  // namespace jiedao::text
