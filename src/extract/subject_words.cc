#include "extract/subject_words.h"

#include <algorithm>
#include <array>

#include "text/tsv.h"
#include "text/utf8.h"

namespace jiedao::extract {

WordList::WordList(std::vector<std::string> words) : words_(std::move(words)) {
  for (size_t k = 0; k < words_.size(); ++k) {
    by_first_.push_back({text::packed_character(words_[k], 0), k});
    size_t length = 0;
    const char32_t c = text::decode_at(words_[k], 0, length);
    if (c <= 0xFFFF) first_chars_.set(c);
    const char32_t last = text::code_point_before(words_[k], words_[k].size());
    if (last <= 0xFFFF) last_chars_.set(last);
  }
  std::sort(by_first_.begin(), by_first_.end(), [&](const Entry& a, const Entry& b) {
    return a.first != b.first ? a.first < b.first : words_[a.word].size() > words_[b.word].size();
  });
}

bool WordList::may_start(std::string_view s) const {
  if (s.empty()) return false;
  const char32_t c = text::code_point_at(s, 0);
  return c > 0xFFFF || first_chars_.test(c);
}

bool WordList::may_end(std::string_view s) const {
  if (s.empty()) return false;
  const char32_t c = text::code_point_before(s, s.size());
  return c > 0xFFFF || last_chars_.test(c);
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
    if (text::has_word_at(s, 0, w)) return w.size();
  }
  return 0;
}

size_t WordList::first_end(std::string_view s) const {
  size_t first = std::string_view::npos;
  size_t length = 0;
  // A word that starts at or past the end found so far ends after it.
  for (size_t at = 0; at < s.size() && at < first; at += length) {
    const char32_t c = text::decode_at(s, at, length);
    if (c <= 0xFFFF && !first_chars_.test(c)) continue;
    const uint32_t key = text::packed_character(s, at);
    auto it = std::lower_bound(by_first_.begin(), by_first_.end(), key,
                               [](const Entry& e, uint32_t k) { return e.first < k; });
    for (; it != by_first_.end() && it->first == key; ++it) {
      const std::string& w = words_[it->word];
      if (text::has_word_at(s, at, w)) first = std::min(first, at + w.size());
    }
  }
  return first;
}

namespace {

// The lists of the file, by name, in the order the file's header explains them.
// phrase_verb third: parse() checks its row.
constexpr std::array<ListField<SubjectWords, WordList>, 13> kLists = {
    {{"bare", &SubjectWords::bare},
     {"verb_after", &SubjectWords::verb_after},
     {"phrase_verb", &SubjectWords::phrase_verb},
     {"structural", &SubjectWords::structural},
     {"stage", &SubjectWords::stage},
     {"work_verb", &SubjectWords::work_verb},
     {"empty_head", &SubjectWords::empty_head},
     {"gives", &SubjectWords::gives},
     {"generic_head", &SubjectWords::generic_head},
     {"forecast", &SubjectWords::forecast},
     {"leading_filler", &SubjectWords::leading_filler},
     {"trailing_filler", &SubjectWords::trailing_filler},
     {"not_item_mark", &SubjectWords::not_item_mark}}};

}  // namespace

Result<SubjectWords> SubjectWords::parse(std::string_view content, std::string_view source) {
  auto rows = parse_word_lists(content, source, kLists);
  if (!rows) return rows.error();
  // One character (为 中 有) is as often in a noun as a verb that ends it.
  const WordListRow& phrase_verbs = rows.value()[2];
  for (const std::string& w : phrase_verbs.words) {
    if (text::count_code_points(w) < 2)
      return Error{phrase_verbs.place + "phrase verb '" + w + "' is shorter than two characters"};
  }
  return fill_word_lists(std::move(rows).value(), kLists);
}

}  // namespace jiedao::extract
