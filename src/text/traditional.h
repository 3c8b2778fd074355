// Traditional characters read as simplified ones (data/traditional.tsv).
//
// Mirror copies of reports circulate in traditional characters (萬 億 個 處 項 戶).
// simplify() maps each listed character to its simplified form; both are 3
// bytes in UTF-8, so every byte offset of the result is an offset of the input
// and a fact's span still points at the quote as written. Immutable after
// parse(), safe to share between threads.
#pragma once

#include <bitset>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/result.h"

namespace jiedao::text {

class TraditionalMap {
 public:
  static Result<TraditionalMap> parse(std::string_view content, std::string_view source);

  // `text` with every listed traditional character replaced; the same length.
  std::string simplify(std::string_view text) const;

  size_t size() const { return map_.size(); }

 private:
  static constexpr char32_t kFirst = 0x3400, kLast = 0x9FFF;  // the code points an entry may have
  std::unordered_map<char32_t, std::string> map_;  // traditional code point → simplified UTF-8 (3 bytes)
  // Which code points have an entry: most characters of a report have none, and this
  // answers for them without hashing.
  std::bitset<kLast - kFirst + 1> listed_;
};

}  // namespace jiedao::text
