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

// Whether the item mark `c` at byte `i` of `text` separates items: not where it stands in a word
// of `not_item_mark` (普及率, 涉及, 及时), which joins nothing.
bool separates_items_at(std::string_view text, size_t i, char32_t c, const WordList& not_item_mark) {
  if (!separates_items(c)) return false;
  size_t length = 0;
  text::decode_at(text, i, length);
  const std::string_view mark = text.substr(i, length);
  for (const std::string& word : not_item_mark.words()) {
    for (size_t at = word.find(mark); at != std::string::npos; at = word.find(mark, at + 1)) {
      if (at <= i && starts_with_at(text, i - at, word)) return false;
    }
  }
  return true;
}

bool opens_bracket(char32_t c) { return c == U'(' || c == U'（'; }
bool closes_bracket(char32_t c) { return c == U')' || c == U'）'; }

// A gloss in brackets right after a noun (21个社区(单元)获评): where it ends, or `at` when
// there is none before `limit`. A bracket with a digit in it is an item of its own.
size_t gloss_end(std::string_view text, size_t at, size_t limit) {
  constexpr int kMaxGloss = 12;  // characters inside the brackets
  if (at >= limit) return at;
  size_t length = 0;
  if (!opens_bracket(text::decode_at(text, at, length))) return at;
  size_t i = at + length;
  for (int n = 0; n <= kMaxGloss && i < limit; ++n, i += length) {
    const char32_t c = text::decode_at(text, i, length);
    if (closes_bracket(c)) return i + length;
    // A reading in pinyin (五臺(tái)電梯) glosses as well as a word does.
    const bool latin = text::is_ascii_letter(c) || (c >= 0xC0 && c <= 0x24F);
    if (text::digit_value(c) >= 0 || !(text::is_han(c) || latin)) return at;
  }
  return at;
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

// The noun after a 的 at `begin`: to the next item mark or 的 before `limit`.
Window noun_after_de(std::string_view text, size_t begin, size_t limit, const WordList& not_item_mark) {
  size_t length = 0;
  for (size_t i = begin; i < limit; i += length) {
    const char32_t c = text::decode_at(text, i, length);
    if (separates_items_at(text, i, c, not_item_mark) || c == U'的') return {begin, i};
  }
  return {begin, limit};
}

// `s` without the generic heads at its end (道路项目4个: 道路 is the head, 项目 only says how it is counted).
std::string_view without_generic_tail(std::string_view s, const WordList& generic_head) {
  for (bool cut = true; cut && !s.empty();) {
    cut = false;
    for (const std::string& g : generic_head.words()) {
      if (s.ends_with(g)) {
        s.remove_suffix(g.size());
        cut = true;
        break;
      }
    }
  }
  return s;
}

}  // namespace

MatchIt first_at_or_after(const std::vector<WordingMatch>& matches, size_t begin) {
  return std::lower_bound(matches.begin(), matches.end(), begin,
                          [](const WordingMatch& m, size_t pos) { return m.begin < pos; });
}

// Whether `words` hold nothing but bare words, marks and digits.
bool is_bare(std::string_view words, const WordList& bare) {
  size_t length = 0;
  while (!words.empty()) {
    const char32_t c = text::decode_at(words, 0, length);
    // A parenthesis lies between a subject and its number (区级地方收入(不含免抵调)预计完成22亿元).
    if (opens_bracket(c)) {
      size_t close = length;
      for (size_t n = 0; close < words.size() && !closes_bracket(text::decode_at(words, close, n));
           close += n) {
      }
      if (close < words.size()) {
        text::decode_at(words, close, length);
        words.remove_prefix(close + length);
        continue;
      }
    }
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
                  size_t k, const SubjectWords& words) {
  const WordList& not_item_mark = words.not_item_mark;
  const Quantity& q = quantities[k];
  const Window clause = marks.clause_around(q.begin);
  // A number cut by a line break (建成6\n\n个示范村) ends in a later clause than it starts.
  size_t after_end = clause.end >= q.end ? clause.end : marks.clause_around(q.end).end;
  if (k + 1 < quantities.size()) after_end = std::min(after_end, std::max(quantities[k + 1].begin, q.end));
  const size_t limit = after_end;
  size_t length = 0;
  Window modified{};
  for (size_t i = q.end; i < after_end; i += length) {
    if (const size_t gloss = gloss_end(text, i, after_end); gloss > i) {
      length = gloss - i;
      continue;
    }
    const char32_t c = text::decode_at(text, i, length);
    // 6349家次的检查: a 的 right after the measure word joins the number to the noun after it.
    if (separates_items_at(text, i, c, not_item_mark) || (c == U'的' && i > q.end)) {
      if (c == U'的') modified = noun_after_de(text, i + length, limit, not_item_mark);
      after_end = i;
      break;
    }
  }
  size_t before_begin = clause.begin;
  if (k > 0 && quantities[k - 1].end > before_begin) before_begin = std::min(quantities[k - 1].end, q.begin);
  for (size_t i = q.begin; i > before_begin;) {
    const size_t start = text::previous_start(text, i);
    if (separates_items_at(text, start, text::code_point_at(text, start), not_item_mark)) {
      before_begin = i;
      break;
    }
    i = start;
  }
  return {{before_begin, q.begin}, {q.end, after_end}, modified};
}

namespace {

// Whether the catalogue lets entry `m` name the quantity: its unit and measure class, or
// any level's id for a change.
bool allowed(const WordingMatch& m, const SubjectQuery& query, const Catalogue& catalogue) {
  return catalogue.resolve(m.indicator, query.unit, query.counts, query.change) >= 0;
}

// A rate of a named thing (常住人口签约率: the contract rate of family doctors, not a completion
// rate): a wording that ends where a rate wording's 率 begins, starts before it and is measured
// in percent itself names the rate.
const WordingMatch* named_rate(std::string_view text, const std::vector<WordingMatch>& matches,
                               const WordingMatch& rate, const SubjectQuery& query,
                               const Catalogue& catalogue) {
  constexpr std::string_view kRate = "率";
  if (query.unit != "percent" || rate.end < rate.begin + 2 * kRate.size() ||
      text.substr(rate.end - kRate.size(), kRate.size()) != kRate)
    return &rate;
  const size_t stem_end = rate.end - kRate.size();
  const WordingMatch* named = &rate;
  for (auto it = first_at_or_after(matches, stem_end > kLongestWording ? stem_end - kLongestWording : 0);
       it != matches.end() && it->begin < rate.begin; ++it) {
    if (it->end != stem_end || it->weak || it->indicator == rate.indicator || !allowed(*it, query, catalogue))
      continue;
    if (named == &rate || it->weight > named->weight) named = &*it;
  }
  return named;
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
  // A weak wording never beats an ordinary one of the same word (充电点位625个: charging points).
  const size_t word_end = best != nullptr ? best->end : 0;
  if (best != nullptr && best->weak) {
    for (auto it = first_at_or_after(matches, w.begin); it != matches.end() && it->begin < best->end; ++it) {
      if (!it->weak && it->end > best->begin && it->end <= w.end && allowed(*it, query, catalogue))
        best = &*it;
    }
  }
  // A weak attribute next to the number (累计投资) yields to an ordinary wording before it with only
  // fillers between (3个重点产业项目累计投资1.2亿元: the projects' investment).
  if (best != nullptr && best->weak) {
    for (auto it = first_at_or_after(matches, w.begin); it != matches.end() && it->begin < best->begin;
         ++it) {
      if (it->weak || it->end > best->begin || !allowed(*it, query, catalogue) ||
          !is_bare(text.substr(it->end, w.end - it->end), words.bare))
        continue;
      best = &*it;
    }
  }
  // The head is next to the number: only fillers (达到, 累计, 同比增长) may stand between; a
  // wording further away modifies another noun (活动广场10个: squares, not events).
  if (best != nullptr &&
      !is_bare(without_generic_tail(text.substr(word_end, w.end - word_end), words.generic_head), words.bare))
    return nullptr;
  if (best != nullptr) best = named_rate(text, matches, *best, query, catalogue);
  return best;
}

const WordingMatch* head_within(const std::vector<WordingMatch>& matches, Window w, const SubjectQuery& query,
                                const Catalogue& catalogue) {
  const WordingMatch* best = nullptr;
  for (auto it = first_at_or_after(matches, w.begin); it != matches.end() && it->begin < w.end; ++it) {
    if (it->end > w.end || it->weak || !allowed(*it, query, catalogue)) continue;
    if (best == nullptr || it->end > best->end || (it->end == best->end && it->weight > best->weight))
      best = &*it;
  }
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
  std::vector<Window> glosses;  // a gloss restates the noun before it (社区(单元)): never its head
  auto in_gloss = [&glosses](size_t at) {
    return std::any_of(glosses.begin(), glosses.end(),
                       [at](const Window& g) { return at >= g.begin && at < g.end; });
  };
  for (auto next = it; next != matches.end() && next->begin < w.end; ++next) {
    const size_t reach = gloss_end(text, head_end, w.end);
    if (reach > head_end && !in_gloss(head_end)) glosses.push_back({head_end, reach});
    if (next->begin > reach) break;
    if (in_gloss(next->begin)) continue;
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
  const WordingMatch* best_ordinary = nullptr;
  std::vector<const WordingMatch*> ordinary_heads;  // ordinary wordings that end the compound
  for (auto m = it; m != matches.end() && m->begin < head_end; ++m) {
    if (m->end > head_end || in_gloss(m->begin)) continue;
    if (m->end == head_end && !m->weak) ordinary_heads.push_back(&*m);
    if (!allowed(*m, query, catalogue)) continue;
    auto better = [&](const WordingMatch* b) {
      return b == nullptr || m->end > b->end || (m->end == b->end && m->weight > b->weight);
    };
    if (better(best)) best = &*m;
    if (!m->weak && better(best_ordinary)) best_ordinary = &*m;
  }
  // A weak last word that only counts sites or projects (data/subject_words.tsv's generic_head)
  // never beats an ordinary wording of the same compound (42个库内违建点位: illegal structures,
  // not sites rectified); a weak place stays the head (17个无电梯居民区: estates).
  if (best != nullptr && best->weak && best_ordinary != nullptr &&
      is_bare(text.substr(best->begin, best->end - best->begin), words.generic_head))
    best = best_ordinary;
  // A weak last word (创业指导服务: 服务) leaves the head to the ordinary wording before it; an
  // ordinary one the catalogue does not allow means the number counts something else, unless
  // it is of the same family (2个基地的旧改房屋征收签约: the signing counts households, the bases
  // are counted by the family's id for items).
  if (best != nullptr && best->end != head_end && !ordinary_heads.empty()) {
    const std::string& family = catalogue.indicators()[best->indicator].family;
    const bool same_family =
        !family.empty() &&
        std::any_of(ordinary_heads.begin(), ordinary_heads.end(), [&](const WordingMatch* m) {
          return catalogue.indicators()[m->indicator].family == family;
        });
    if (!same_family) return nullptr;
  }
  return best;
}

std::string_view trim_words(std::string_view s, const SubjectWords& words) {
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
    if (words.leading_filler.may_start(s)) {
      for (const std::string& w : words.leading_filler.words()) {
        if (s.size() > w.size() && s.substr(0, w.size()) == w) {
          s.remove_prefix(w.size());
          changed = true;
        }
      }
    }
    if (words.trailing_filler.may_end(s)) {
      for (const std::string& w : words.trailing_filler.words()) {
        if (s.size() > w.size() && s.substr(s.size() - w.size()) == w) {
          s.remove_suffix(w.size());
          changed = true;
        }
      }
    }
  }
  return s;
}

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

}  // namespace jiedao::extract
