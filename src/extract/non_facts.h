// Non-facts: quantities the scanner found that the report does not state as
// quantities. Each rule is general, about the form of the text, never about
// one sentence:
//   - ordinals and ranks: 第三届, 第一批, 前三名, 一届四次 (the 四次 of a session number);
//   - numerals that are not counts: a lone 一 used as an article (一批, 一起),
//     a lone 二 as an ordinal (二期, 二次; the cardinal before a measure word is 两),
//     Chinese digits read one by one (二〇一九, 十三五);
//   - addresses and codes: the 3 of 100弄3幢, a number glued to a Latin letter or '+';
//   - names: a number inside a short quoted name (“五个一”, “9个1”, “3+X”) or inside
//     a fixed expression of the names list (八项规定);
//   - numbers past what a double holds (a run of thousands of digits, 亿亿亿…).
// Dates never reach these rules: 年/月/日 are not units of the lexicon.
#pragma once

#include <array>
#include <bitset>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "extract/scanner.h"

namespace jiedao::extract {

// Fixed expressions that contain a numeral but name a policy, slogan or programme.
class NameList {
 public:
  static Result<NameList> parse(std::string_view content, std::string_view source);
  const std::vector<std::string>& names() const { return names_; }

 private:
  friend std::vector<std::pair<size_t, size_t>> find_names(std::string_view text, const NameList& names);
  std::vector<std::string> names_;
  // For find_names' one pass: the first characters of the names (their code points modulo
  // 2^16), and per first byte the names, as indexes into names_.
  std::bitset<1 << 16> first_chars_;
  std::array<std::vector<size_t>, 256> by_first_byte_;
};

// Byte ranges of `text` covered by a name of the list, sorted.
// REQUIRES: text is valid UTF-8.
std::vector<std::pair<size_t, size_t>> find_names(std::string_view text, const NameList& names);

// Why the quantity is not a fact, or an empty view when it is one.
// `name_spans` is find_names() of the same text, sorted by start.
std::string_view non_fact_reason(std::string_view text, const Quantity& q,
                                 const std::vector<std::pair<size_t, size_t>>& name_spans);

// Whether [begin, end) lies inside a short quoted name on one line: “…”, 「…」, 《…》.
bool inside_quoted_name(std::string_view text, size_t begin, size_t end);

}  // namespace jiedao::extract
