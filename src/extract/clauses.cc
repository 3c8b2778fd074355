#include "extract/clauses.h"

#include <algorithm>

#include "text/utf8.h"

namespace jiedao::extract {

namespace {

bool ends_sentence(char32_t c) {
  return c == U'。' || c == U'；' || c == U';' || c == U'！' || c == U'？' || c == U'!' || c == U'?' ||
         c == U'\n';
}

bool ends_clause(char32_t c) {
  return ends_sentence(c) || c == U'，' || c == U',' || c == U'：' || c == U':';
}

// A comma between digits is a thousands separator, not a clause mark. `start` is the comma's offset.
bool separates_thousands(std::string_view text, size_t start) {
  return start > 0 && text::digit_value(text::code_point_before(text, start)) >= 0 &&
         text::digit_value(text::code_point_at(text, start + 1)) >= 0;
}

template <class Stop>
Window around(std::string_view text, size_t pos, Stop stop) {
  Window w{pos, pos};
  while (w.begin > 0) {
    size_t start = text::previous_start(text, w.begin);
    char32_t c = text::code_point_at(text, start);
    if (stop(c) && !(c == U',' && separates_thousands(text, start))) break;
    w.begin = start;
  }
  size_t length = 0;
  while (w.end < text.size()) {
    char32_t c = text::decode_at(text, w.end, length);
    if (stop(c) && !(c == U',' && separates_thousands(text, w.end))) break;
    w.end += length;
  }
  return w;
}

}  // namespace

Window clause_around(std::string_view text, size_t pos) { return around(text, pos, ends_clause); }

Window sentence_around(std::string_view text, size_t pos) { return around(text, pos, ends_sentence); }

ClauseMarks::ClauseMarks(std::string_view text) : size_(text.size()) {
  // Every mark is ASCII or starts with 0xE3 (。) or 0xEF (full-width forms); other
  // characters are stepped over whole, without decoding.
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  for (size_t i = 0; i < size_;) {
    const unsigned char b = s[i];
    if (b < 0x80) {
      if (b == ';' || b == '!' || b == '?' || b == '\n') {
        sentence_marks_.push_back({i, i + 1});
        clause_marks_.push_back({i, i + 1});
      } else if (b == ':' || (b == ',' && !separates_thousands(text, i))) {
        clause_marks_.push_back({i, i + 1});
      }
      ++i;
      continue;
    }
    const size_t length = b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    if ((b == 0xE3 || b == 0xEF) && i + length <= size_) {
      size_t decoded = 0;
      const char32_t c = text::decode_at(text, i, decoded);
      if (ends_sentence(c)) {
        sentence_marks_.push_back({i, i + length});
        clause_marks_.push_back({i, i + length});
      } else if (ends_clause(c)) {
        clause_marks_.push_back({i, i + length});
      }
    }
    i += length;
  }
}

Window ClauseMarks::around(const std::vector<Mark>& marks, size_t pos) const {
  // The window runs from the end of the last mark before pos to the first mark at or after it.
  auto next =
      std::lower_bound(marks.begin(), marks.end(), pos, [](const Mark& m, size_t p) { return m.begin < p; });
  Window w{0, size_};
  if (next != marks.end()) w.end = next->begin;
  if (next != marks.begin()) w.begin = (next - 1)->end;
  return w;
}

size_t list_begin(std::string_view text, const ClauseMarks& marks, size_t sentence_begin) {
  size_t begin = sentence_begin;
  while (begin > 0 && (ends_with_at(text, begin, "；") || ends_with_at(text, begin, ";"))) {
    const size_t mark = text::previous_start(text, begin);
    if (mark == 0) break;
    begin = marks.sentence_around(text::previous_start(text, mark)).begin;
  }
  return begin;
}

}  // namespace jiedao::extract
