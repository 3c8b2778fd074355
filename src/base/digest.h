// SHA-256 of bytes, as lower-case hex: how the store tells a changed report
// file (or a changed data file) from an unchanged one.
#pragma once

#include <string>
#include <string_view>

namespace jiedao {

std::string sha256_hex(std::string_view bytes);

}  // namespace jiedao
