#include "extract/subject.h"

#include <algorithm>
#include <array>
#include <cstdint>

#include "text/utf8.h"

namespace jiedao::extract {

namespace {

// Marks inside a clause that still separate one quantity's words from the next
// one's: the list mark and brackets.
bool separates_items(char32_t c) {
  return c == U'、' || c == U'(' || c == U')' || c == U'（' || c == U'）' || c == U'和' || c == U'及';
}

// The best match inside [begin, end): an ordinary wording before a weak one, then the
// nearest to `anchor`, then the longest. Chinese puts the head of a phrase next to the
// number (安全隐患整改率96.88%: a rate of completion, not a count of hazards), so
// nearness comes first; but a weak wording (小区, 社区) names where, not what, so
// 2389名社区老人提供居家养老服务 counts home care, not communities.
const WordingMatch* best_in(const std::vector<WordingMatch>& matches, size_t begin, size_t end, size_t anchor,
                            std::string_view unit, std::string_view counts, const Catalogue& catalogue) {
  const WordingMatch* best = nullptr;
  size_t best_distance = 0;
  auto it = std::lower_bound(matches.begin(), matches.end(), begin,
                             [](const WordingMatch& m, size_t pos) { return m.begin < pos; });
  for (; it != matches.end() && it->begin < end; ++it) {
    if (it->end > end || !catalogue.allows(it->indicator, unit, counts)) continue;
    size_t distance = it->end <= anchor ? anchor - it->end : it->begin - anchor;
    const bool better =
        best == nullptr || (best->weak && !it->weak) ||
        (best->weak == it->weak &&
         (distance < best_distance || (distance == best_distance && it->weight > best->weight)));
    if (better) {
      best = &*it;
      best_distance = distance;
    }
  }
  return best;
}

// The sentences before `sentence` that a semicolon joins to it: the items of one list
// (拆违共13处,3596平方米;共青路82弄6号,400平方米) share what they count.
size_t list_begin(std::string_view text, const ClauseMarks& marks, size_t sentence_begin) {
  size_t begin = sentence_begin;
  while (begin > 0 && (ends_with_at(text, begin, "；") || ends_with_at(text, begin, ";"))) {
    const size_t mark = text::previous_start(text, begin);
    if (mark == 0) break;
    begin = marks.sentence_around(text::previous_start(text, mark)).begin;
  }
  return begin;
}

constexpr std::array<std::string_view, 16> kLeadingNoise = {"其中", "共计", "合计", "累计", "全年", "上半年",
                                                            "今年", "同时", "以及", "分别", "共",   "并",
                                                            "和",   "及",   "还",   "为"};
constexpr std::array<std::string_view, 22> kTrailingNoise = {
    "达到", "分别为", "分别", "共计", "累计", "超过", "至少", "高于", "不到", "不足", "大约",
    "共",   "达",     "为",   "约",   "近",   "逾",   "了",   "的",   "计",   "是",   "有"};

// A character's UTF-8 bytes packed into an integer, so that characters compare without memcmp.
uint32_t packed_character(std::string_view s, size_t start) {
  size_t length = 0;
  text::decode_at(s, start, length);
  uint32_t key = 0;
  for (size_t i = start; i < start + length && i < s.size(); ++i)
    key = key << 8 | static_cast<unsigned char>(s[i]);
  return key;
}

// The first (at_end false) or last characters of `words`, packed.
template <size_t N>
std::array<uint32_t, N> edge_characters(const std::array<std::string_view, N>& words, bool at_end) {
  std::array<uint32_t, N> keys{};
  for (size_t k = 0; k < N; ++k) {
    keys[k] = packed_character(words[k], at_end ? text::previous_start(words[k], words[k].size()) : 0);
  }
  return keys;
}

// Whether `s` begins (at_end false) or ends with one of `keys`: a cheap test that spares
// most subjects the comparison with every noise word.
template <size_t N>
bool has_edge_character(std::string_view s, const std::array<uint32_t, N>& keys, bool at_end) {
  if (s.empty()) return false;
  const uint32_t key = packed_character(s, at_end ? text::previous_start(s, s.size()) : 0);
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

std::string_view trim_words(std::string_view s) {
  static const auto kLeadingFirst = edge_characters(kLeadingNoise, false);
  static const auto kTrailingLast = edge_characters(kTrailingNoise, true);
  auto strip_marks = [](std::string_view v) {
    size_t length = 0;
    while (!v.empty()) {
      char32_t c = text::decode_at(v, 0, length);
      if (text::is_han(c) || text::is_ascii_letter(c) || text::digit_value(c) >= 0) break;
      v.remove_prefix(length);
    }
    while (!v.empty()) {
      size_t start = text::previous_start(v, v.size());
      char32_t c = text::code_point_at(v, start);
      if (text::is_han(c) || text::is_ascii_letter(c) || text::digit_value(c) >= 0) break;
      v.remove_suffix(v.size() - start);
    }
    return v;
  };
  bool changed = true;
  while (changed) {
    changed = false;
    s = strip_marks(s);
    // No word can match unless one starts with s's first character (ends with its last);
    // when one may, the words are tried as ever, each against what those before it left.
    if (has_edge_character(s, kLeadingFirst, false)) {
      for (std::string_view w : kLeadingNoise) {
        if (s.size() > w.size() && s.substr(0, w.size()) == w) {
          s.remove_prefix(w.size());
          changed = true;
        }
      }
    }
    if (has_edge_character(s, kTrailingLast, true)) {
      for (std::string_view w : kTrailingNoise) {
        if (s.size() > w.size() && s.substr(s.size() - w.size()) == w) {
          s.remove_suffix(w.size());
          changed = true;
        }
      }
    }
  }
  return s;
}

// Limits a subject to its last (for words before) or first (after) characters.
std::string_view clip(std::string_view s, size_t max_bytes, bool keep_end) {
  if (s.size() <= max_bytes) return s;
  if (keep_end) {
    size_t cut = s.size() - max_bytes;
    while (cut < s.size() && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) ++cut;
    return s.substr(cut);
  }
  size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return s.substr(0, cut);
}

}  // namespace

SubjectReading read_subject(std::string_view text, const ClauseMarks& marks,
                            const std::vector<Quantity>& quantities, size_t k, std::string_view unit,
                            std::string_view counts, const Catalogue& catalogue, const std::vector<WordingMatch>& matches) {
  const Quantity& q = quantities[k];
  const Window clause = marks.clause_around(q.begin);
  const Window sentence = marks.sentence_around(q.begin);

  // The words that belong to this quantity alone: up to the neighbours, 、 and brackets.
  size_t after_end = clause.end;
  if (k + 1 < quantities.size()) after_end = std::min(after_end, quantities[k + 1].begin);
  size_t length = 0;
  for (size_t i = q.end; i < after_end; i += length) {
    if (separates_items(text::decode_at(text, i, length))) {
      after_end = i;
      break;
    }
  }
  size_t before_begin = clause.begin;
  if (k > 0 && quantities[k - 1].end > before_begin) before_begin = std::min(quantities[k - 1].end, q.begin);
  for (size_t i = q.begin; i > before_begin;) {
    size_t start = text::previous_start(text, i);
    if (separates_items(text::code_point_at(text, start))) {
      before_begin = i;
      break;
    }
    i = start;
  }

  SubjectReading reading;
  // The places in order; the first ordinary wording wins, else the first weak one.
  const WordingMatch* match = nullptr;
  const WordingMatch* weak = nullptr;
  auto look = [&](size_t begin, size_t end, size_t anchor) {
    if (match != nullptr || begin >= end) return;
    const WordingMatch* found = best_in(matches, begin, end, anchor, unit, counts, catalogue);
    if (found == nullptr) return;
    if (!found->weak) {
      match = found;
    } else if (weak == nullptr) {
      weak = found;
    }
  };
  look(q.end, after_end, q.end);
  look(before_begin, q.begin, q.begin);
  look(clause.begin, q.begin, q.begin);
  look(q.end, clause.end, q.end);
  if (sentence.begin < clause.begin) look(sentence.begin, clause.begin, q.begin);
  const size_t list = list_begin(text, marks, sentence.begin);
  if (list < sentence.begin) look(list, sentence.begin, q.begin);
  if (match == nullptr) match = weak;
  if (match != nullptr) reading.indicator = match->indicator;

  std::string_view before = trim_words(text.substr(before_begin, q.begin - before_begin));
  std::string_view after = trim_words(text.substr(q.end, after_end - q.end));
  reading.subject = std::string(clip(before, 30, true)) + std::string(clip(after, 30, false));
  if (reading.subject.size() <= 3 && match != nullptr) {
    reading.subject = std::string(text.substr(match->begin, match->end - match->begin));
  }
  return reading;
}

}  // namespace jiedao::extract
