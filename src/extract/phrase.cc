#include "extract/phrase.h"

#include <algorithm>

#include "text/utf8.h"

namespace jiedao::extract {

namespace {

// Marks inside a clause that still separate one quantity's words from the next
// one's: the list mark and brackets.
bool separates_items(char32_t c) {
  return c == U'、' || c == U'(' || c == U')' || c == U'（' || c == U'）' || c == U'和' || c == U'及';
}

// The bytes of `s` before its first phrase verb (past its first character).
size_t noun_phrase_length(std::string_view s, const WordList& phrase_verbs) {
  size_t length = 0;
  for (size_t i = 0; i < s.size(); i += length) {
    if (i > 0 && phrase_verbs.starts(s.substr(i))) return i;
    text::decode_at(s, i, length);
  }
  return s.size();
}

}  // namespace

// Whether `words` hold nothing but bare words, marks and digits.
bool is_bare(std::string_view words, const WordList& bare) {
  size_t length = 0;
  while (!words.empty()) {
    const char32_t c = text::decode_at(words, 0, length);
    if (!text::is_han(c) && !text::is_ascii_letter(c)) {
      words.remove_prefix(length);
      continue;
    }
    const size_t longest = bare.longest_prefix(words);  // 计划 before 计
    if (longest == 0) return false;
    words.remove_prefix(longest);
  }
  return true;
}

Phrase own_phrase(std::string_view text, const ClauseMarks& marks, const std::vector<Quantity>& quantities,
                  size_t k) {
  const Quantity& q = quantities[k];
  const Window clause = marks.clause_around(q.begin);
  // A number cut by a line break (建成6\n\n个示范村) ends in a later clause than it starts.
  size_t after_end = clause.end >= q.end ? clause.end : marks.clause_around(q.end).end;
  if (k + 1 < quantities.size()) after_end = std::min(after_end, std::max(quantities[k + 1].begin, q.end));
  size_t length = 0;
  for (size_t i = q.end; i < after_end; i += length) {
    const char32_t c = text::decode_at(text, i, length);
    // 6349家次的检查: a 的 right after the measure word joins the number to the noun after it.
    if (separates_items(c) || (c == U'的' && i > q.end)) {
      after_end = i;
      break;
    }
  }
  size_t before_begin = clause.begin;
  if (k > 0 && quantities[k - 1].end > before_begin) before_begin = std::min(quantities[k - 1].end, q.begin);
  for (size_t i = q.begin; i > before_begin;) {
    const size_t start = text::previous_start(text, i);
    if (separates_items(text::code_point_at(text, start))) {
      before_begin = i;
      break;
    }
    i = start;
  }
  return {{before_begin, q.begin}, {q.end, after_end}};
}

namespace {

// Whether the catalogue lets entry `m` name the quantity: its unit and measure class, or
// any level's id for a change.
bool allowed(const WordingMatch& m, const SubjectQuery& query, const Catalogue& catalogue) {
  return catalogue.resolve(m.indicator, query.unit, query.counts, query.change) >= 0;
}

using MatchIt = std::vector<WordingMatch>::const_iterator;

MatchIt first_at_or_after(const std::vector<WordingMatch>& matches, size_t begin) {
  return std::lower_bound(matches.begin(), matches.end(), begin,
                          [](const WordingMatch& m, size_t pos) { return m.begin < pos; });
}

}  // namespace

// Before the number the head of the phrase ends nearest to it (安全隐患整改率96.88%: a
// rate of completion; 已安装充电点位小区97个: estates): the allowed match that ends
// nearest to `w.end`, then the longest.
const WordingMatch* head_before(std::string_view text, const std::vector<WordingMatch>& matches, Window w,
                                const SubjectQuery& query, const Catalogue& catalogue,
                                const SubjectWords& words) {
  // A share (志愿者注册人数占常住人口比率达20.46%) is of what stands before 占.
  if (query.unit == "percent" && !query.change) {
    const size_t share = text.substr(w.begin, w.end - w.begin).rfind("占");
    if (share != std::string_view::npos && share > 0) w.end = w.begin + share;
  }
  const WordingMatch* best = nullptr;
  for (auto it = first_at_or_after(matches, w.begin); it != matches.end() && it->begin < w.end; ++it) {
    if (it->end > w.end || !allowed(*it, query, catalogue)) continue;
    if (best == nullptr || it->end > best->end || (it->end == best->end && it->weight > best->weight))
      best = &*it;
  }
  // The head is next to the number: only fillers (达到, 累计, 同比增长) may stand between; a
  // wording further away modifies another noun (活动广场10个: squares, not events).
  if (best != nullptr && !is_bare(text.substr(best->end, w.end - best->end), words.bare)) return nullptr;
  return best;
}

namespace {

// Whether every match of the compound so far that ends at `head_end` is weak (a place: 小区).
bool head_is_weak(const std::vector<WordingMatch>& matches, MatchIt from, size_t head_end) {
  bool any = false;
  for (auto m = from; m != matches.end() && m->begin < head_end; ++m) {
    if (m->end != head_end) continue;
    if (!m->weak) return false;
    any = true;
  }
  return any;
}

}  // namespace

// After the measure word the counted noun starts; a compound (小区垃圾厢房, 认知障碍照护
// 床位) is read on to its last noun, which is its head: from the first match, on to any
// match that begins inside it or right after it and ends later. The head
// is taken only when the catalogue allows it (longest first); a head it does not allow
// means the number counts something else.
const WordingMatch* head_after(std::string_view text, const std::vector<WordingMatch>& matches, Window w,
                               const SubjectQuery& query, const Catalogue& catalogue,
                               const SubjectWords& words) {
  if (words.verb_after.starts(text.substr(w.begin, w.end - w.begin))) return nullptr;
  // The counted noun ends at the clause's verb (2-3条河达到“美丽河道”: rivers, not the title).
  w.end = w.begin + noun_phrase_length(text.substr(w.begin, w.end - w.begin), words.phrase_verb);
  auto it = first_at_or_after(matches, w.begin);
  while (it != matches.end() && it->begin < w.end && it->end > w.end) ++it;
  if (it == matches.end() || it->begin >= w.end) return nullptr;
  size_t head_end = it->end;
  for (auto next = it; next != matches.end() && next->begin <= head_end && next->begin < w.end; ++next) {
    // A verb (参加, 获得) ends the noun phrase: what follows it is not the head,
    // unless the head so far is only a place and the verb a weak wording of its own (12个小区获评
    // 市级文明小区: the places that won a title, an honour).
    if (next->begin >= head_end &&
        words.verb_after.starts(text.substr(next->begin, next->end - next->begin)) &&
        !(next->weak && head_is_weak(matches, it, head_end)))
      break;
    if (next->end <= w.end && next->end > head_end) head_end = next->end;
  }
  const WordingMatch* best = nullptr;
  bool ordinary_head = false;  // an ordinary wording ends the compound
  for (auto m = it; m != matches.end() && m->begin < head_end; ++m) {
    if (m->end > head_end) continue;
    ordinary_head = ordinary_head || (m->end == head_end && !m->weak);
    if (!allowed(*m, query, catalogue)) continue;
    if (best == nullptr || m->end > best->end || (m->end == best->end && m->weight > best->weight))
      best = &*m;
  }
  // A weak last word (创业指导服务: 服务) leaves the head to the ordinary wording before it; an
  // ordinary one the catalogue does not allow means the number counts something else.
  if (best != nullptr && best->end != head_end && ordinary_head) return nullptr;
  return best;
}

}  // namespace jiedao::extract
