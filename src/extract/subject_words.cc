#include "extract/subject_words.h"

#include <algorithm>

#include "text/tsv.h"
#include "text/utf8.h"

namespace jiedao::extract {

WordList::WordList(std::vector<std::string> words) : words_(std::move(words)) {
  for (size_t k = 0; k < words_.size(); ++k) {
    by_first_.push_back({text::packed_character(words_[k], 0), k});
    size_t length = 0;
    const char32_t c = text::decode_at(words_[k], 0, length);
    if (c <= 0xFFFF) first_chars_.set(c);
  }
  std::sort(by_first_.begin(), by_first_.end(), [&](const Entry& a, const Entry& b) {
    return a.first != b.first ? a.first < b.first : words_[a.word].size() > words_[b.word].size();
  });
}

size_t WordList::longest_prefix(std::string_view s) const {
  if (s.empty()) return 0;
  size_t length = 0;
  const char32_t c = text::decode_at(s, 0, length);
  if (c <= 0xFFFF && !first_chars_.test(c)) return 0;  // most characters start no word
  const uint32_t first = text::packed_character(s, 0);
  auto it = std::lower_bound(by_first_.begin(), by_first_.end(), first,
                             [](const Entry& e, uint32_t key) { return e.first < key; });
  for (; it != by_first_.end() && it->first == first; ++it) {
    const std::string& w = words_[it->word];
    if (s.substr(0, w.size()) == w) return w.size();
  }
  return 0;
}

bool WordList::occurs_in(std::string_view s) const {
  return std::any_of(words_.begin(), words_.end(),
                     [&](const std::string& w) { return text::find_word(s, w) != std::string_view::npos; });
}

Result<SubjectWords> SubjectWords::parse(std::string_view content, std::string_view source) {
  auto rows = parse_tsv(content, source, 2);
  if (!rows) return rows.error();
  SubjectWords words;
  std::vector<std::string> seen;
  for (const TsvRow& row : rows.value()) {
    const std::string where = std::string(source) + ":" + std::to_string(row.line) + ": ";
    WordList* list = row.fields[0] == "bare"          ? &words.bare
                     : row.fields[0] == "verb_after"  ? &words.verb_after
                     : row.fields[0] == "phrase_verb" ? &words.phrase_verb
                     : row.fields[0] == "structural"  ? &words.structural
                     : row.fields[0] == "stage"       ? &words.stage
                                                      : nullptr;
    if (list == nullptr) {
      return Error{where + "unknown list '" + row.fields[0] +
                   "' (bare, verb_after, phrase_verb, structural, stage)"};
    }
    if (std::find(seen.begin(), seen.end(), row.fields[0]) != seen.end()) {
      return Error{where + "list '" + row.fields[0] + "' given twice"};
    }
    seen.push_back(row.fields[0]);
    std::vector<std::string> list_words = split_list(row.fields[1], '|');
    if (list_words.empty()) return Error{where + "no word"};
    if (row.fields[0] == "phrase_verb") {
      for (const std::string& w : list_words) {
        if (text::count_code_points(w) < 2)
          return Error{where + "phrase verb '" + w + "' is shorter than two characters"};
      }
    }
    *list = WordList(std::move(list_words));
  }
  if (seen.size() != 5)
    return Error{std::string(source) +
                 ": every list (bare, verb_after, phrase_verb, structural, stage) is needed"};
  return words;
}

}  // namespace jiedao::extract
