// How a value is written, everywhere it is written as text: the CLI's facts, /metrics, the
// OpenMetrics export (the API's JSON writes its doubles through nlohmann, whose digits are the
// same shortest ones). Values are read as decimals and rounded once (text/decimal.h), so the
// shortest digits that read back as the value are the digits the report wrote: 0.55亿 is
// 55000000, 9.64亿 964000000, 8.3 8.3.
#pragma once

#include <string>
#include <string_view>

namespace jiedao {

// The shortest decimal digits that read back as `value`, never an exponent ("55000000",
// "8.3", "-36.7", "0.001"). Not finite: Prometheus' spellings "NaN", "+Inf", "-Inf"; a JSON
// writer writes null instead.
std::string number_text(double value);

// The rounding a quote's digits allow for `value`, the value it states: the place of its last
// digit, scaled as the value is (1.51万平方米 for 15100: 100; 0.63平方公里 for 630000: 10000;
// 30075平方米: 1; 87.6%: 0.1). 0 when the quote holds no digits 0-9 (三千, 两万) or states 0.
double rounding_step(std::string_view quote, double value);

}  // namespace jiedao
