// Decimal numbers read without rounding.
//
// A report writes 9.64亿; summing 9 + 6 × 0.1 + 4 × 0.01 in binary and multiplying by 10^8 serves
// 963999999.9999999. A Decimal keeps what was written, digits × 10^exponent, and rounds once, when
// a double is asked for: 9.64亿 is 964 × 10^6, exactly 964000000. A unit's factor (亩 is 10000/15
// m2) is applied before that one rounding. Numbers of more than 18 digits (codes, not quantities)
// keep only their nearest double.
#pragma once

#include <cstdint>

namespace jiedao::text {

class Decimal {
 public:
  Decimal() = default;
  // A whole number summed in a double (Chinese numerals: 一万二千): exact below 2^53, and
  // kept as the double beyond.
  static Decimal of_whole(double value);

  void append_digit(int digit);           // 12 → 123
  void append_fraction_digit(int digit);  // 1.2 → 1.23
  void scale(int power_of_ten);           // × 10^power_of_ten
  void negate();

  // The double nearest to this × numerator / denominator, rounded once.
  // REQUIRES: numerator >= 0, denominator > 0.
  double times(int64_t numerator, int64_t denominator) const;
  double value() const { return times(1, 1); }

  bool operator==(const Decimal&) const = default;

 private:
  int64_t digits_ = 0;
  int exponent_ = 0;
  bool rounded_ = false;  // more than 18 digits: only approx_ holds the value
  double approx_ = 0;     // the value, summed in binary: used only when rounded_
};

// A positive number or fraction as a data file writes it ("10000/15", "0.001", "50") as an exact
// ratio numerator / denominator; false when it is not one.
bool parse_ratio(const char* begin, const char* end, int64_t& numerator, int64_t& denominator);

}  // namespace jiedao::text
