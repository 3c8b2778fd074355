// The cue words of the extract layer besides the subject words (subject_words.h), as data a
// domain expert edits: the words that make a number a change or a rate (data/cues/change.tsv,
// read by change.h) and those that make it a bound or an approximation
// (data/cues/qualifiers.tsv, read by scanner.h). Each list keeps the file's order. Both are
// immutable after parse() and safe to share between threads.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace jiedao::extract {

struct ChangeWords {
  std::vector<std::string> rise, fall;       // verbs of a change right before its number: sign + and -
  std::vector<std::string> filler;           // words between such a verb and the number (下降了约5%)
  std::vector<std::string> year_on_year;     // 同比, 比上年: a change of the year before
  std::vector<std::string> last_year_level;  // 比去年同期(5181万元): a base value
  // Rate words in the clause before the number: t → t/d, m2 → m2/person, count → per_1000 and
  // per_10000.
  std::vector<std::string> per_day, per_person, per_1000, per_10000;

  // Parses the file's content; `source` names it in error messages.
  static Result<ChangeWords> parse(std::string_view content, std::string_view source);
};

struct QualifierWords {
  // Words right before a number (不超过, 超过, 约) and right after it and its unit (以内, 以上,
  // 左右), by the qualifier they give.
  std::vector<std::string> at_most_before, at_least_before, approx_before;
  std::vector<std::string> at_least_after, at_most_after, approx_after;
  std::vector<std::string> not_before;  // words that end with a word before but qualify nothing (签约)

  struct Cue {
    std::string word;            // a word of the lists above
    std::string_view qualifier;  // at_least, at_most or approx
  };
  // Set by parse(): the words before and after a number with their qualifiers, and whether a byte
  // is the last byte of a word before (the first of a word after): a test that rules out most
  // places before the words are compared.
  std::vector<Cue> before, after;
  std::array<bool, 256> last_bytes_before{}, first_bytes_after{};

  // Parses the file's content; `source` names it in error messages.
  static Result<QualifierWords> parse(std::string_view content, std::string_view source);
};

}  // namespace jiedao::extract
