// UTF-8 with byte offsets.
//
// Everything downstream addresses text by UTF-8 byte offsets into the report
// exactly as read, because that is what a fact's span means (FACTS.md §4).
// These helpers decode one code point at a time without allocating, and
// classify the few character classes the scanner cares about.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>

namespace jiedao::text {

// Returns the byte offset of the first invalid UTF-8 sequence, or nullopt.
std::optional<size_t> find_invalid_utf8(std::string_view bytes);

// Whether text[pos, pos + word.size()) is `word`. The reports' cue words are a few bytes and
// most checks fail within the first character, so this costs less than a call to memcmp.
inline bool has_word_at(std::string_view text, size_t pos, std::string_view word) {
  if (pos > text.size() || text.size() - pos < word.size()) return false;
  const char* at = text.data() + pos;
  // The first three bytes (a Han character) in one test: that is where most checks fail, and
  // one branch there is cheaper than a mispredicted one per byte.
  if (word.size() >= 3 && ((at[0] ^ word[0]) | (at[1] ^ word[1]) | (at[2] ^ word[2])) != 0) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    if (at[i] != word[i]) return false;
  }
  return true;
}

// The same as text.find(word, from), faster for Chinese words: it looks for the word's last
// byte, a continuation byte that takes any of 64 values, rather than its first, which
// for Han characters takes one of a few (E4..E9) and so stops the search at every other character.
inline size_t find_word(std::string_view text, std::string_view word, size_t from = 0) {
  if (from > text.size()) return std::string_view::npos;
  if (word.empty()) return from;
  const size_t last = word.size() - 1;
  for (size_t at = from + last; at < text.size(); ++at) {
    const void* hit = std::memchr(text.data() + at, word[last], text.size() - at);
    if (hit == nullptr) return std::string_view::npos;
    at = static_cast<size_t>(static_cast<const char*>(hit) - text.data());
    if (has_word_at(text, at - last, word)) return at - last;
  }
  return std::string_view::npos;
}

// Decodes the code point at `pos`; sets `length` to its byte length.
// REQUIRES: pos < s.size() and s is valid UTF-8.
inline char32_t decode_at(std::string_view s, size_t pos, size_t& length) {
  const auto b0 = static_cast<unsigned char>(s[pos]);
  if (b0 < 0x80) {
    length = 1;
    return b0;
  }
  if (b0 < 0xE0) {
    length = 2;
    return (char32_t(b0 & 0x1F) << 6) | (static_cast<unsigned char>(s[pos + 1]) & 0x3F);
  }
  if (b0 < 0xF0) {
    length = 3;
    return (char32_t(b0 & 0x0F) << 12) | (char32_t(static_cast<unsigned char>(s[pos + 1]) & 0x3F) << 6) |
           (static_cast<unsigned char>(s[pos + 2]) & 0x3F);
  }
  length = 4;
  return (char32_t(b0 & 0x07) << 18) | (char32_t(static_cast<unsigned char>(s[pos + 1]) & 0x3F) << 12) |
         (char32_t(static_cast<unsigned char>(s[pos + 2]) & 0x3F) << 6) |
         (static_cast<unsigned char>(s[pos + 3]) & 0x3F);
}

// Decodes the code point at `pos`, or 0 past the end.
inline char32_t code_point_at(std::string_view s, size_t pos) {
  size_t length = 0;
  return pos < s.size() ? decode_at(s, pos, length) : 0;
}

// The UTF-8 bytes of the character at `start` packed into an integer, so that characters
// compare without memcmp. REQUIRES: start < s.size() and s is valid UTF-8.
inline uint32_t packed_character(std::string_view s, size_t start) {
  size_t length = 0;
  decode_at(s, start, length);
  uint32_t key = 0;
  for (size_t i = start; i < start + length && i < s.size(); ++i)
    key = key << 8 | static_cast<unsigned char>(s[i]);
  return key;
}

// The number of code points of valid UTF-8 `s` (continuation bytes are not counted).
inline size_t count_code_points(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// Returns the offset of the code point that ends right before `pos` (0 at the start).
inline size_t previous_start(std::string_view s, size_t pos) {
  if (pos == 0) return 0;
  --pos;
  while (pos > 0 && (static_cast<unsigned char>(s[pos]) & 0xC0) == 0x80) --pos;
  return pos;
}

// Decodes the code point that ends right before `pos`, or 0 at the start.
inline char32_t code_point_before(std::string_view s, size_t pos) {
  return pos == 0 ? 0 : code_point_at(s, previous_start(s, pos));
}

// The value of an ASCII or full-width decimal digit, or -1.
inline int digit_value(char32_t c) {
  if (c >= U'0' && c <= U'9') return static_cast<int>(c - U'0');
  if (c >= U'０' && c <= U'９') return static_cast<int>(c - U'０');
  return -1;
}

// Han ideographs of the basic block (the reports' words).
inline bool is_han(char32_t c) { return c >= 0x4E00 && c <= 0x9FFF; }

// Spaces and line breaks that may separate a number from its measure word.
inline bool is_space(char32_t c) {
  return c == U' ' || c == U'\t' || c == U'\n' || c == U'\r' || c == 0x3000 || c == 0xA0;
}

inline bool is_ascii_letter(char32_t c) { return (c >= U'A' && c <= U'Z') || (c >= U'a' && c <= U'z'); }

}  // namespace jiedao::text
