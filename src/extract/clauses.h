// Clauses and sentences, the windows in which a quantity's words are read.
//
// A sentence ends at 。；！？ or a line break; a clause also at ，,：. The list
// mark 、 and brackets do not end a clause: 新增金平、沧源、碧江三个城市驿站 is one.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "text/utf8.h"

namespace jiedao::extract {

struct Window {
  size_t begin = 0;
  size_t end = 0;
  std::string_view of(std::string_view text) const { return text.substr(begin, end - begin); }
};

// The clause around byte `pos` (pos itself inside it), by walking from `pos` to the
// marks: the definition, for one window; ClauseMarks below gives the same windows for
// many positions of one text, and the tests hold it to these.
Window clause_around(std::string_view text, size_t pos);

// The sentence around byte `pos`, likewise.
Window sentence_around(std::string_view text, size_t pos);

// The clause and sentence marks of one text, found in one pass. A report has
// thousands of quantities and a sentence may run for a paragraph, so walking
// from each quantity to its marks (clause_around) costs more than reading the
// text once; here each window is a binary search. Holds offsets only, not the text.
class ClauseMarks {
 public:
  ClauseMarks() = default;  // of the empty text
  // REQUIRES: text is valid UTF-8.
  explicit ClauseMarks(std::string_view text);

  // The same windows as clause_around(text, pos) and sentence_around(text, pos).
  // REQUIRES: pos <= text.size() and pos is at a code point boundary.
  Window clause_around(size_t pos) const { return around(clause_marks_, pos); }
  Window sentence_around(size_t pos) const { return around(sentence_marks_, pos); }

 private:
  struct Mark {
    size_t begin, end;
  };
  Window around(const std::vector<Mark>& marks, size_t pos) const;

  size_t size_ = 0;
  std::vector<Mark> clause_marks_;    // by begin; every mark that ends a clause
  std::vector<Mark> sentence_marks_;  // by begin; the subset that also ends a sentence
};

// Whether `text` has `word` ending exactly at `pos`.
inline bool ends_with_at(std::string_view text, size_t pos, std::string_view word) {
  return pos >= word.size() && text::has_word_at(text, pos - word.size(), word);
}

// Whether `text` has `word` starting exactly at `pos`.
inline bool starts_with_at(std::string_view text, size_t pos, std::string_view word) {
  return text::has_word_at(text, pos, word);
}

// Whether `word` occurs in text[begin, end).
inline bool contains(std::string_view text, size_t begin, size_t end, std::string_view word) {
  return end > begin && text::find_word(text.substr(begin, end - begin), word) != std::string_view::npos;
}

// Whether one of `words` ends exactly at, starts exactly at, or occurs in text[begin, end).
inline bool ends_with_any(std::string_view text, size_t pos, const std::vector<std::string>& words) {
  return std::any_of(words.begin(), words.end(),
                     [&](const std::string& w) { return ends_with_at(text, pos, w); });
}
inline bool starts_with_any(std::string_view text, size_t pos, const std::vector<std::string>& words) {
  return std::any_of(words.begin(), words.end(),
                     [&](const std::string& w) { return starts_with_at(text, pos, w); });
}
inline bool contains_any(std::string_view text, size_t begin, size_t end,
                         const std::vector<std::string>& words) {
  return std::any_of(words.begin(), words.end(),
                     [&](const std::string& w) { return contains(text, begin, end, w); });
}

// Where the list that a semicolon joins to the sentence at `sentence_begin` starts: the items of one
// list (拆违共13处,3596平方米;共青路82弄6号,400平方米; 争取实现财政总收入11亿元;规上工业总产值300亿元)
// share what they count and what they aim at.
size_t list_begin(std::string_view text, const ClauseMarks& marks, size_t sentence_begin);

}  // namespace jiedao::extract
