// One CSV field as every CSV that jiedao writes has it (RFC 4180, made safe for spreadsheets).
//
// Report text is written into CSV files that people open in spreadsheets, and a
// spreadsheet runs a field that starts with = + - @ (or a tab or CR before one) as
// a formula. By the OWASP rule such a field gets a leading apostrophe, which
// spreadsheets show as text. Numbers that jiedao itself formats (a value of -36.7)
// are not fields of text and are written without this function.
#pragma once

#include <string>
#include <string_view>

namespace jiedao {

// Whether a spreadsheet would take `text` as a formula: it starts with = + - @, a tab or a CR.
bool csv_formula_like(std::string_view text);

// `text` as one CSV field: a ' before a formula-like start, then quoted when it holds , " CR or LF.
std::string csv_field(std::string_view text);

}  // namespace jiedao
