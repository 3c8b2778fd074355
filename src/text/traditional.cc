#include "text/traditional.h"

#include "text/tsv.h"
#include "text/utf8.h"

namespace jiedao::text {

namespace {

bool one_cjk_character(const std::string& s) {
  if (s.size() != 3) return false;
  size_t length = 0;
  const char32_t c = decode_at(s, 0, length);
  return length == 3 && c >= 0x3400 && c <= 0x9FFF;
}

}  // namespace

Result<TraditionalMap> TraditionalMap::parse(std::string_view content, std::string_view source) {
  auto rows = parse_tsv(content, source, 2);
  if (!rows) return rows.error();
  TraditionalMap result;
  for (const TsvRow& row : rows.value()) {
    const std::string where = row_place(source, row);
    const std::string& traditional = row.fields[0];
    const std::string& simplified = row.fields[1];
    if (!one_cjk_character(traditional) || !one_cjk_character(simplified)) {
      return Error{where + "each side must be one CJK character of 3 bytes (U+3400..U+9FFF)"};
    }
    if (traditional == simplified) return Error{where + "the two sides are the same character"};
    size_t length = 0;
    const char32_t c = decode_at(traditional, 0, length);
    if (!result.map_.emplace(c, simplified).second) {
      return Error{where + "'" + traditional + "' is listed twice"};
    }
    result.listed_.set(c - kFirst);
  }
  return result;
}

std::string TraditionalMap::simplify(std::string_view text) const {
  std::string out(text);
  if (map_.empty()) return out;
  // Only three-byte characters are listed (parse() checks), so the others are stepped over
  // by their first byte without decoding.
  const auto* s = reinterpret_cast<const unsigned char*>(out.data());
  const size_t n = out.size();
  for (size_t i = 0; i < n;) {
    const unsigned char b0 = s[i];
    const size_t length = b0 < 0x80 ? 1 : b0 < 0xE0 ? 2 : b0 < 0xF0 ? 3 : 4;
    if (length == 3 && i + 3 <= n) {
      const char32_t c = char32_t(b0 & 0x0F) << 12 | char32_t(s[i + 1] & 0x3F) << 6 | (s[i + 2] & 0x3F);
      if (c >= kFirst && c <= kLast && listed_.test(c - kFirst)) out.replace(i, 3, map_.find(c)->second);
    }
    i += length;
  }
  return out;
}

}  // namespace jiedao::text
