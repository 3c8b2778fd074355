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
    const std::string where = std::string(source) + ":" + std::to_string(row.line) + ": ";
    const std::string& traditional = row.fields[0];
    const std::string& simplified = row.fields[1];
    if (!one_cjk_character(traditional) || !one_cjk_character(simplified)) {
      return Error{where + "each side must be one CJK character of 3 bytes (U+3400..U+9FFF)"};
    }
    if (traditional == simplified) return Error{where + "the two sides are the same character"};
    size_t length = 0;
    if (!result.map_.emplace(decode_at(traditional, 0, length), simplified).second) {
      return Error{where + "'" + traditional + "' is listed twice"};
    }
  }
  return result;
}

std::string TraditionalMap::simplify(std::string_view text) const {
  std::string out(text);
  if (map_.empty()) return out;
  size_t length = 0;
  for (size_t i = 0; i < out.size(); i += length) {
    const char32_t c = decode_at(out, i, length);
    if (length == 0) {
      length = 1;
      continue;
    }
    if (length != 3) continue;
    auto it = map_.find(c);
    if (it != map_.end()) out.replace(i, 3, it->second);
  }
  return out;
}

}  // namespace jiedao::text
