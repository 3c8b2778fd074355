// Clauses and sentences, the windows in which a quantity's words are read.
//
// A sentence ends at 。；！？ or a line break; a clause also at ，,：. The list
// mark 、 and brackets do not end a clause: 新增金平、沧源、碧江三个城市驿站 is one.
#pragma once

#include <cstddef>
#include <string_view>

namespace jiedao::extract {

struct Window {
  size_t begin = 0;
  size_t end = 0;
  std::string_view of(std::string_view text) const { return text.substr(begin, end - begin); }
};

// The clause around byte `pos` (pos itself inside it).
Window clause_around(std::string_view text, size_t pos);

// The sentence around byte `pos`.
Window sentence_around(std::string_view text, size_t pos);

// Whether `text` has `word` ending exactly at `pos`.
inline bool ends_with_at(std::string_view text, size_t pos, std::string_view word) {
  return pos >= word.size() && text.compare(pos - word.size(), word.size(), word) == 0;
}

// Whether `text` has `word` starting exactly at `pos`.
inline bool starts_with_at(std::string_view text, size_t pos, std::string_view word) {
  return text.compare(pos, word.size(), word) == 0;
}

// Whether `word` occurs in text[begin, end).
inline bool contains(std::string_view text, size_t begin, size_t end, std::string_view word) {
  return end > begin && text.substr(begin, end - begin).find(word) != std::string_view::npos;
}

}  // namespace jiedao::extract
