#include "model/number.h"

#include <charconv>
#include <cmath>
#include <system_error>

namespace jiedao {

std::string number_text(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  // Fixed notation of the largest double is 309 digits.
  char buffer[512];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed);
  if (ec != std::errc()) return "NaN";  // cannot happen with this buffer
  return std::string(buffer, end);
}

double rounding_step(std::string_view quote, double value) {
  const size_t first = quote.find_first_of("0123456789");
  if (first == std::string_view::npos) return 0;
  std::string digits;  // the first number of the quote, its thousands separators left out
  int decimals = -1;   // digits after the point, once one is seen
  for (size_t i = first; i < quote.size(); ++i) {
    const char c = quote[i];
    if (c >= '0' && c <= '9') {
      digits += c;
      if (decimals >= 0) ++decimals;
    } else if (c == '.' && decimals < 0 && i + 1 < quote.size() && quote[i + 1] >= '0' &&
               quote[i + 1] <= '9') {
      digits += c;
      decimals = 0;
    } else if (c != ',') {
      break;
    }
  }
  double written = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), written);
  if (ec != std::errc() || written == 0 || !std::isfinite(value)) return 0;
  return std::abs(value / written) * std::pow(10.0, -std::max(decimals, 0));
}

}  // namespace jiedao
