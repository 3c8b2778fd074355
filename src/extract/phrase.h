// A number's own phrase, and the catalogue wording that heads it (the subject module's
// reading of one window; subject.h says how the windows are chosen).
//
// The own phrase of a quantity runs from the previous quantity, an item mark (、 brackets 和 及)
// or the clause start to the number, and from its measure word to the next quantity, an item
// mark, 的 or the clause end; a bracketed gloss without digits (社区(单元)) is part of the noun.
// Before the number the head is the wording that ends next to it,
// with only bare words (data/subject_words.tsv) between; after the measure word it is the
// compound read on to its last noun, stopped by a verb of a result. Only wordings the catalogue
// lets name the quantity (its unit and measure class, any level for a change) are heads.
#pragma once

#include <string_view>
#include <vector>

#include "extract/catalogue.h"
#include "extract/clauses.h"
#include "extract/scanner.h"
#include "extract/subject_words.h"

namespace jiedao::extract {

// What the catalogue must allow of a head: the quantity's unit and class, or a change.
struct SubjectQuery {
  std::string_view unit;    // canonical unit of the fact: count, m2, percent, ...
  std::string_view counts;  // measure class of a count, else ""
  bool change = false;      // a change of a level (同比增长9%): takes the level's id
};

struct Phrase {
  Window before, after;
  // When the words after the measure word end at 的 (2个基地的旧改签约工作), the noun after it,
  // to the next item mark, quantity or clause end; else empty.
  Window modified;
};

using MatchIt = std::vector<WordingMatch>::const_iterator;

// The longest a catalogue wording's match runs, gaps included, in bytes.
inline constexpr size_t kLongestWording = 96;

// The first of `matches` (sorted by begin) that begins at or after `begin`.
MatchIt first_at_or_after(const std::vector<WordingMatch>& matches, size_t begin);

// The own phrase of quantity k of `quantities` (the document's, in order); an item mark in a word
// of words.not_item_mark (普及率) ends nothing.
Phrase own_phrase(std::string_view text, const ClauseMarks& marks, const std::vector<Quantity>& quantities,
                  size_t k, const SubjectWords& words);

// `s` without the marks and the fillers (words.leading_filler and trailing_filler: 其中 累计 … 达到
// 分别为 的) at its ends: the words kept as a quantity's subject.
std::string_view trim_words(std::string_view s, const SubjectWords& words);

// `s` cut to at most `max_bytes` on a character boundary, keeping its end or its start.
std::string_view clip(std::string_view s, size_t max_bytes, bool keep_end);

// Whether `words` hold nothing but `bare` words, marks and digits.
bool is_bare(std::string_view words, const WordList& bare);

// The head of the words before a number in `w` (ending at w.end), or nullptr.
const WordingMatch* head_before(std::string_view text, const std::vector<WordingMatch>& matches, Window w,
                                const SubjectQuery& query, const Catalogue& catalogue,
                                const SubjectWords& words);

// The wording inside `w` that the catalogue allows and that is not weak, ending last (then
// the longest), or nullptr: the head of an item that names a work (分别进行“美丽家园”、…).
const WordingMatch* head_within(const std::vector<WordingMatch>& matches, Window w, const SubjectQuery& query,
                                const Catalogue& catalogue);

// The head of the words after a measure word in `w` (starting at w.begin), or nullptr.
const WordingMatch* head_after(std::string_view text, const std::vector<WordingMatch>& matches, Window w,
                               const SubjectQuery& query, const Catalogue& catalogue,
                               const SubjectWords& words);

}  // namespace jiedao::extract
