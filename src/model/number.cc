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

}  // namespace jiedao
