#include "extract/clauses.h"

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

template <class Stop>
Window around(std::string_view text, size_t pos, Stop stop) {
  Window w{pos, pos};
  while (w.begin > 0) {
    size_t start = text::previous_start(text, w.begin);
    char32_t c = text::code_point_at(text, start);
    // A comma between digits is a thousands separator, not a clause mark.
    if (stop(c) && !(c == U',' && start > 0 && text::digit_value(text::code_point_before(text, start)) >= 0 &&
                     text::digit_value(text::code_point_at(text, start + 1)) >= 0)) {
      break;
    }
    w.begin = start;
  }
  size_t length = 0;
  while (w.end < text.size()) {
    char32_t c = text::decode_at(text, w.end, length);
    if (stop(c) && !(c == U',' && w.end > 0 && text::digit_value(text::code_point_before(text, w.end)) >= 0 &&
                     text::digit_value(text::code_point_at(text, w.end + 1)) >= 0)) {
      break;
    }
    w.end += length;
  }
  return w;
}

}  // namespace

Window clause_around(std::string_view text, size_t pos) { return around(text, pos, ends_clause); }

Window sentence_around(std::string_view text, size_t pos) { return around(text, pos, ends_sentence); }

}  // namespace jiedao::extract
