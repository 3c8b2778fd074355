#include "text/decimal.h"

#include <cmath>
#include <numeric>
#include <string_view>

namespace jiedao::text {

namespace {

constexpr int64_t kMaxDigits = 999'999'999'999'999'999;  // 18 digits
constexpr unsigned __int128 kExact = static_cast<unsigned __int128>(1)
                                     << 53;  // doubles hold integers to here

// 10^n as an integer, or 0 when it does not fit in 128 bits.
unsigned __int128 power_of_ten(int n) {
  unsigned __int128 p = 1;
  for (int i = 0; i < n; ++i) {
    if (p > static_cast<unsigned __int128>(-1) / 10) return 0;
    p *= 10;
  }
  return p;
}

// x *= y when the product stays within kExact; false (x unchanged) otherwise.
bool times_within(unsigned __int128& x, unsigned __int128 y) {
  if (y != 0 && x > kExact / y) return false;
  x *= y;
  return true;
}

}  // namespace

Decimal Decimal::of_whole(double value) {
  Decimal d;
  d.approx_ = value;
  if (std::fabs(value) < static_cast<double>(kExact) && value == std::trunc(value))
    d.digits_ = static_cast<int64_t>(value);
  else
    d.rounded_ = true;
  return d;
}

void Decimal::append_digit(int digit) {
  approx_ = approx_ * 10 + digit;
  if (rounded_) return;
  if (digits_ > (kMaxDigits - digit) / 10) {
    rounded_ = true;
    return;
  }
  digits_ = digits_ * 10 + digit;
}

void Decimal::append_fraction_digit(int digit) {
  approx_ += digit * std::pow(10.0, exponent_ - 1);
  if (rounded_) return;
  if (digits_ > (kMaxDigits - digit) / 10) {
    rounded_ = true;
    return;
  }
  digits_ = digits_ * 10 + digit;
  --exponent_;
}

void Decimal::scale(int power_of_ten) {
  approx_ *= std::pow(10.0, power_of_ten);
  exponent_ += power_of_ten;
}

void Decimal::negate() {
  digits_ = -digits_;
  approx_ = -approx_;
}

double Decimal::times(int64_t numerator, int64_t denominator) const {
  if (rounded_) return approx_ * static_cast<double>(numerator) / static_cast<double>(denominator);
  const bool negative = digits_ < 0;
  const unsigned __int128 up = power_of_ten(exponent_ > 0 ? exponent_ : 0);
  const unsigned __int128 down = power_of_ten(exponent_ < 0 ? -exponent_ : 0);
  // N / D, both integers that a double holds exactly: IEEE division rounds the quotient once.
  unsigned __int128 n = static_cast<unsigned __int128>(negative ? -digits_ : digits_);
  unsigned __int128 d = static_cast<unsigned __int128>(denominator);
  double result = 0;
  if (up != 0 && down != 0 && n <= kExact && times_within(n, static_cast<unsigned __int128>(numerator)) &&
      times_within(n, up) && d <= kExact && times_within(d, down)) {
    result = static_cast<double>(n) / static_cast<double>(d);
  } else {
    // Beyond 2^53 a double cannot hold the operands; long double rounds them far less.
    result = static_cast<double>(static_cast<long double>(negative ? -digits_ : digits_) *
                                 static_cast<long double>(numerator) * std::pow(10.0L, exponent_) /
                                 static_cast<long double>(denominator));
  }
  return negative ? -result : result;
}

bool parse_ratio(const char* begin, const char* end, int64_t& numerator, int64_t& denominator) {
  const std::string_view s(begin, static_cast<size_t>(end - begin));
  // A number with an optional decimal point: digits × 10^-fraction_digits.
  auto parse = [](std::string_view part, int64_t& digits, int& fraction) {
    digits = 0;
    fraction = 0;
    bool point = false, any = false;
    for (char c : part) {
      if (c == '.' && !point) {
        point = true;
        continue;
      }
      if (c < '0' || c > '9' || digits > kMaxDigits / 10) return false;
      digits = digits * 10 + (c - '0');
      fraction += point;
      any = true;
    }
    return any && fraction <= 18;
  };
  const size_t slash = s.find('/');
  int64_t top = 0, bottom = 1;
  int top_fraction = 0, bottom_fraction = 0;
  if (!parse(s.substr(0, slash), top, top_fraction)) return false;
  if (slash != std::string_view::npos && !parse(s.substr(slash + 1), bottom, bottom_fraction)) return false;
  // top / 10^a over bottom / 10^b = top × 10^b / (bottom × 10^a).
  const unsigned __int128 n = static_cast<unsigned __int128>(top) * power_of_ten(bottom_fraction);
  const unsigned __int128 d = static_cast<unsigned __int128>(bottom) * power_of_ten(top_fraction);
  if (n == 0 || d == 0 || n > static_cast<unsigned __int128>(kMaxDigits) ||
      d > static_cast<unsigned __int128>(kMaxDigits))
    return false;
  const int64_t common = std::gcd(static_cast<int64_t>(n), static_cast<int64_t>(d));
  numerator = static_cast<int64_t>(n) / common;
  denominator = static_cast<int64_t>(d) / common;
  return true;
}

}  // namespace jiedao::text
