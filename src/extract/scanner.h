// The scanner: one pass over a report's bytes that finds every number followed
// by a measure word or unit of the lexicon, with what is written around it that
// changes its meaning (余/多/+ and the qualifier words of data/cues/qualifiers.tsv, 约/近/以上/以内;
// ranges 2-3条, 百分之三十).
//
// It does not judge whether a quantity is a fact (dates never get this far,
// since 年/月/日 are not units; ordinals and names are judged by non_facts.h),
// and it uses no regular expressions: the hot path is a loop over code points.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "extract/cue_words.h"
#include "text/numeral.h"
#include "text/units.h"

namespace jiedao::extract {

struct Quantity {
  size_t begin = 0;  // the quote: number, 余/多/+, whitespace, unit
  size_t end = 0;
  text::Numeral number;                   // the (first) number as read
  std::optional<text::Decimal> upper;     // the second number of a range, in surface units
  const text::UnitEntry* unit = nullptr;  // nullptr for a bare "100+" before a noun
  std::string_view qualifier = "exact";
};

// Returns the quantities of `text` in document order; spans never overlap.
// REQUIRES: text is valid UTF-8.
std::vector<Quantity> scan_quantities(std::string_view text, const text::UnitLexicon& units,
                                      const QualifierWords& qualifiers);

// Whether quantity b follows a with nothing but a list mark between (、 和 及 与, spaces): the
// items of one list (拆除违法搭建92处3.61万平方米; 同比增长13.2%、66.67%).
bool listed_together(std::string_view text, const Quantity& a, const Quantity& b);

}  // namespace jiedao::extract
