// The unit lexicon: which measure words and units may follow a number, and
// what each is in the canonical units of FACTS.md §2.
//
// The lexicon is data (data/units.tsv), edited by people; this module parses
// it and answers one question fast: which unit, if any, starts at this byte?
// A UnitLexicon is immutable after parse() and safe to share between threads.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace jiedao::text {

// The canonical units a fact may carry (FACTS.md §2).
inline constexpr std::array<std::string_view, 15> kCanonicalUnits = {
    "count",    "m2",        "m",     "t",  "t/d", "CNY", "percent", "m2/person",
    "per_1000", "per_10000", "times", "m3", "kW",  "kg",  "USD"};

bool is_canonical_unit(std::string_view unit);

struct UnitEntry {
  std::string surface;                     // as written: 平方米, 个, 个百分点
  std::string unit;                        // canonical unit: m2, count, percent
  double factor = 1;                       // one surface unit in the canonical unit: numerator / denominator
  int64_t numerator = 1, denominator = 1;  // exactly, for text::Decimal::times()
  bool digits_only = false;
  bool change = false;  // a change of a rate (个百分点)
  std::vector<std::string> not_before;
  std::string
      counts;  // a measure word's class (households, buildings, people, items, ...); "" for other units
};

class UnitLexicon {
 public:
  // Parses the lexicon file's content; `source` names it in error messages.
  static Result<UnitLexicon> parse(std::string_view content, std::string_view source);

  // The longest entry whose surface starts at `pos` and whose conditions hold,
  // or nullptr. `after_digits` says whether the number was written in Arabic digits.
  const UnitEntry* match(std::string_view text, size_t pos, bool after_digits) const;

  const std::vector<UnitEntry>& entries() const { return entries_; }

  // Whether some measure word of the lexicon has the measure class `counts`.
  bool has_class(std::string_view counts) const;

  // What people read for a measure class: its first measure word and its name ("户 households").
  std::string class_label(std::string_view counts) const;

 private:
  std::vector<UnitEntry> entries_;
  // The first characters of the surfaces, sorted, and for each the indexes into entries_
  // of the surfaces that start with it, longest first: a match compares only those.
  std::vector<char32_t> first_chars_;
  std::vector<std::vector<size_t>> by_first_char_;
};

}  // namespace jiedao::text
