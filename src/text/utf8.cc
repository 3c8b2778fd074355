#include "text/utf8.h"

#include <cstdint>
#include <cstring>

namespace jiedao::text {

std::optional<size_t> find_invalid_utf8(std::string_view bytes) {
  const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t n = bytes.size();
  size_t i = 0;
  while (i < n) {
    const unsigned char b0 = s[i];
    if (b0 < 0x80) {
      ++i;
      // Runs of ASCII (markup, line breaks) are checked eight bytes at a time.
      uint64_t word = 0;
      while (i + 8 <= n && (std::memcpy(&word, s + i, 8), (word & 0x8080808080808080ULL) == 0)) i += 8;
      continue;
    }
    // The reports' Han characters are three bytes: checked here as one word, lead 1110xxxx
    // and two continuation bytes 10xxxxxx, then the code point past the overlong forms
    // (below U+0800) and outside the surrogates.
    if (i + 3 <= n) {
      const uint32_t word = uint32_t{b0} | uint32_t{s[i + 1]} << 8 | uint32_t{s[i + 2]} << 16;
      if ((word & 0x00C0C0F0u) == 0x008080E0u) {
        const uint32_t cp = (word & 0x0F) << 12 | (word & 0x3F00) >> 2 | (word & 0x3F0000) >> 16;
        if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) {
          i += 3;
          continue;
        }
      }
    }
    size_t length = 0;
    char32_t min = 0;
    char32_t cp = 0;
    if ((b0 & 0xE0) == 0xC0) {
      length = 2, min = 0x80, cp = b0 & 0x1F;
    } else if ((b0 & 0xF0) == 0xE0) {
      length = 3, min = 0x800, cp = b0 & 0x0F;
    } else if ((b0 & 0xF8) == 0xF0) {
      length = 4, min = 0x10000, cp = b0 & 0x07;
    } else {
      return i;
    }
    if (i + length > n) return i;
    for (size_t k = 1; k < length; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    if (cp < min || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return i;
    i += length;
  }
  return std::nullopt;
}

}  // namespace jiedao::text
