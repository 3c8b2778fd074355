#include "extract/subject.h"

#include <algorithm>
#include <array>
#include <bitset>
#include <cstdint>
#include <vector>

#include "extract/phrase.h"
#include "text/utf8.h"

namespace jiedao::extract {

namespace {

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

// The first (at_end false) or last characters of `words`, packed.
template <size_t N>
std::array<uint32_t, N> edge_characters(const std::array<std::string_view, N>& words, bool at_end) {
  std::array<uint32_t, N> keys{};
  for (size_t k = 0; k < N; ++k) {
    keys[k] = text::packed_character(words[k], at_end ? text::previous_start(words[k], words[k].size()) : 0);
  }
  return keys;
}

// Whether `s` begins (at_end false) or ends with one of `keys`: a cheap test that spares
// most subjects the comparison with every noise word.
template <size_t N>
bool has_edge_character(std::string_view s, const std::array<uint32_t, N>& keys, bool at_end) {
  if (s.empty()) return false;
  const uint32_t key = text::packed_character(s, at_end ? text::previous_start(s, s.size()) : 0);
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

// Measure classes that count kinds or levels, never things: 10类, 三种, 8层.
bool structural_class(std::string_view counts) { return counts == "kinds" || counts == "floors"; }

// ---- reading every quantity ----

class Reader {
 public:
  Reader(std::string_view text, const ClauseMarks& marks, const std::vector<Quantity>& quantities,
         const std::vector<SubjectQuery>& queries, const Catalogue& catalogue, const SubjectWords& words,
         const std::vector<WordingMatch>& matches)
      : text_(text),
        words_(words),
        marks_(marks),
        quantities_(quantities),
        queries_(queries),
        catalogue_(catalogue),
        matches_(matches),
        sources_(quantities.size()) {}

  // Reads every quantity in order: a reading may look at those before it.
  std::vector<SubjectReading> read_all() {
    for (size_t k = 0; k < quantities_.size(); ++k) done_.push_back(read(k));
    return std::move(done_);
  }

 private:
  SubjectReading read(size_t k);

  // Where a quantity found its subject: a window and which end of it the head is at,
  // so that a bare item after it can look there again with its own unit.
  struct Source {
    bool found = false;
    Window window;
    bool after = false;
  };

  const WordingMatch* look(const Source& source, const SubjectQuery& query) const {
    return source.after ? head_after(text_, matches_, source.window, query, catalogue_, words_)
                        : head_before(text_, matches_, source.window, query, catalogue_, words_);
  }
  bool coordinated(size_t a, size_t b) const;  // quantities a < b joined by nothing or 、
  bool same_sentence_or_list(size_t j, size_t k) const;
  bool is_structural(size_t k, const Phrase& phrase) const;
  int completion_of(size_t k, const Phrase& phrase, const WordingMatch& rate) const;
  void read_coordinated(SubjectReading& reading, size_t k);
  void read_part(SubjectReading& reading, size_t k);
  void read_dimensions(SubjectReading& reading, size_t k, const Phrase& phrase);
  void read_places_of_work(SubjectReading& reading, size_t k, const Phrase& phrase,
                           const WordingMatch& place);
  // The id of m's row that the quantity's unit and measure class allow, with its words.
  void choose(SubjectReading& reading, const WordingMatch* m, Source source, size_t k, std::string_view how);

  std::string_view text_;
  const SubjectWords& words_;
  const ClauseMarks& marks_;
  const std::vector<Quantity>& quantities_;
  const std::vector<SubjectQuery>& queries_;
  const Catalogue& catalogue_;
  const std::vector<WordingMatch>& matches_;
  std::vector<Source> sources_;
  std::vector<SubjectReading> done_;
};

bool Reader::coordinated(size_t a, size_t b) const {
  std::string_view gap = text_.substr(quantities_[a].end, quantities_[b].begin - quantities_[a].end);
  size_t length = 0;
  while (!gap.empty()) {
    const char32_t c = text::decode_at(gap, 0, length);
    if (!(text::is_space(c) || c == U'、' || c == U'和' || c == U'及' || c == U'与')) return false;
    gap.remove_prefix(length);
  }
  return true;
}

bool Reader::same_sentence_or_list(size_t j, size_t k) const {
  const Window sentence = marks_.sentence_around(quantities_[k].begin);
  if (quantities_[j].begin >= sentence.begin) return true;
  return quantities_[j].begin >= list_begin(text_, marks_, sentence.begin);
}

bool Reader::is_structural(size_t k, const Phrase& phrase) const {
  if (structural_class(queries_[k].counts)) return true;
  const std::string_view after = phrase.after.of(text_);
  if (words_.structural.starts(after)) return true;
  // 两个100%: a count of the figures that follow it.
  return k + 1 < quantities_.size() && quantities_[k + 1].begin == quantities_[k].end &&
         queries_[k + 1].unit == "percent";
}

// The task a completion rate completes: another wording of its own phrase before the rate's
// (安全隐患整改率: safety hazards), else the subject of the quantity before it in its sentence.
int Reader::completion_of(size_t k, const Phrase& phrase, const WordingMatch& rate) const {
  const SubjectQuery any{"", "", true};
  Window before{phrase.before.begin, std::min(rate.begin, phrase.before.end)};
  if (const WordingMatch* m = head_before(text_, matches_, before, any, catalogue_, words_);
      m != nullptr && m->indicator != rate.indicator)
    return m->indicator;
  for (size_t j = k; j-- > 0 && same_sentence_or_list(j, k);) {
    const int id = done_[j].indicator;
    if (id >= 0 && id != rate.indicator) return id;
    if (id >= 0) break;
  }
  return -1;
}

void Reader::choose(SubjectReading& reading, const WordingMatch* m, Source source, size_t k,
                    std::string_view how) {
  const SubjectQuery& query = queries_[k];
  reading.indicator = catalogue_.resolve(m->indicator, query.unit, query.counts, query.change);
  reading.family = catalogue_.indicators()[reading.indicator].family;
  reading.how = how;
  reading.wording_begin = m->begin;
  reading.wording_end = m->end;
  sources_[k] = source;
  sources_[k].found = true;
}

// Coordinated numbers share the words before the first and after the last.
void Reader::read_coordinated(SubjectReading& reading, size_t k) {
  const SubjectQuery& query = queries_[k];
  size_t first = k, last = k;
  while (first > 0 && coordinated(first - 1, first)) --first;
  while (last + 1 < quantities_.size() && coordinated(last, last + 1)) ++last;
  if (last > k) {
    const Phrase tail = own_phrase(text_, marks_, quantities_, last);
    if (const WordingMatch* m = head_after(text_, matches_, tail.after, query, catalogue_, words_))
      choose(reading, m, {true, tail.after, true}, k, "the words after the numbers it is listed with");
  }
  if (reading.indicator < 0 && first < k) {
    const Phrase head = own_phrase(text_, marks_, quantities_, first);
    if (const WordingMatch* m = head_before(text_, matches_, head.before, query, catalogue_, words_))
      choose(reading, m, {true, head.before, false}, k, "the words before the numbers it is listed with");
  }
}

// One work measured in several dimensions, each number with its own measure (实施17幢房屋2.7万
// 平方米569户老旧工房改造): a number whose own noun is only weak (房屋) takes the head after the
// numbers that follow it, unless one of them has its unit and class, in which case they count
// different things (5个居民小区41个充电桩: the estates are not piles).
void Reader::read_dimensions(SubjectReading& reading, size_t k, const Phrase& phrase) {
  if (k + 1 >= quantities_.size() || quantities_[k + 1].begin != phrase.after.end) return;
  const SubjectQuery& query = queries_[k];
  size_t last = k + 1;
  while (last + 1 < quantities_.size() && coordinated(last, last + 1)) ++last;
  for (size_t j = k + 1; j <= last; ++j) {
    if (queries_[j].unit == query.unit && queries_[j].counts == query.counts) return;
  }
  const Phrase tail = own_phrase(text_, marks_, quantities_, last);
  const WordingMatch* m = head_after(text_, matches_, tail.after, query, catalogue_, words_);
  if (m != nullptr && !m->weak)
    choose(reading, m, {true, tail.after, true}, k, "the head after the other dimensions of its work");
}

// A part under a total (其中…): the total's family, no id of its own.
void Reader::read_part(SubjectReading& reading, size_t k) {
  const Quantity& q = quantities_[k];
  const Window sentence = marks_.sentence_around(q.begin);
  const size_t part = text_.substr(sentence.begin, q.begin - sentence.begin).rfind("其中");
  if (part != std::string_view::npos) {
    const size_t at = sentence.begin + part;
    for (size_t j = k; j-- > 0 && quantities_[j].begin >= sentence.begin;) {
      if (quantities_[j].end <= at) {
        if (!done_[j].family.empty()) {
          reading.family = done_[j].family;
          reading.how = "none: a part (其中…) of a total; the total's family, no series of its own";
        }
        break;
      }
    }
  }
}

SubjectReading Reader::read(size_t k) {
  const SubjectQuery& query = queries_[k];
  const Phrase phrase = own_phrase(text_, marks_, quantities_, k);
  SubjectReading reading;
  std::string_view before = trim_words(phrase.before.of(text_));
  std::string_view after = trim_words(phrase.after.of(text_));
  reading.subject = std::string(clip(before, 30, true)) + std::string(clip(after, 30, false));

  if (is_structural(k, phrase)) {
    reading.how = "none: a count of kinds, levels or parts of a plan, not of things";
    return reading;
  }
  // Its own phrase: the words after the measure word, then those before the number.
  if (const WordingMatch* m = head_after(text_, matches_, phrase.after, query, catalogue_, words_)) {
    choose(reading, m, {true, phrase.after, true}, k, "the words after the number");
    if (m->weak) read_dimensions(reading, k, phrase);
  } else if (const WordingMatch* m = head_before(text_, matches_, phrase.before, query, catalogue_, words_)) {
    choose(reading, m, {true, phrase.before, false}, k, "the words before the number");
  }
  if (reading.indicator < 0) read_coordinated(reading, k);
  const bool bare =
      is_bare(phrase.before.of(text_), words_.bare) &&
      (is_bare(phrase.after.of(text_), words_.bare) || words_.verb_after.starts(phrase.after.of(text_)));
  // A bare item: the subject of the quantity before it, read again with its own unit.
  if (reading.indicator < 0 && bare && k > 0 && same_sentence_or_list(k - 1, k) && sources_[k - 1].found) {
    if (const WordingMatch* m = look(sources_[k - 1], query)) {
      const bool staged = words_.stage.occurs_in(phrase.before.of(text_));
      if (staged) {
        reading.family = catalogue_.indicators()[m->indicator].family;
        reading.how = "none: a stage of the subject before it; its family, no series of its own";
        sources_[k] = sources_[k - 1];  // the next stage of the list looks there too
      } else {
        choose(
            reading, m, sources_[k - 1], k,
            "the subject of the number before it (its own words are only an attribute, a total or a change)");
      }
    }
  }
  if (reading.indicator < 0 && !bare) read_part(reading, k);
  if (reading.indicator >= 0 && catalogue_.indicators()[reading.indicator].family == "completion_rate") {
    const WordingMatch rate{reading.wording_begin, reading.wording_end, reading.indicator, 0, false};
    reading.of = completion_of(k, phrase, rate);
  }
  if (reading.indicator < 0 && reading.how.empty()) {
    reading.how =
        bare ? "none: a bare number after no subject" : "none: no catalogue wording names the subject";
  }
  if (reading.subject.size() <= 3 && reading.indicator >= 0) {
    reading.subject =
        std::string(text_.substr(reading.wording_begin, reading.wording_end - reading.wording_begin));
  }
  return reading;
}

}  // namespace

std::vector<SubjectReading> read_subjects(std::string_view text, const ClauseMarks& marks,
                                          const std::vector<Quantity>& quantities,
                                          const std::vector<SubjectQuery>& queries,
                                          const Catalogue& catalogue, const SubjectWords& words,
                                          const std::vector<WordingMatch>& matches) {
  return Reader(text, marks, quantities, queries, catalogue, words, matches).read_all();
}

}  // namespace jiedao::extract
