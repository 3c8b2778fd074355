// Changes and rates: what the words around a quantity make of it (the words of
// data/cues/change.tsv, cue_words.h).
//
//   同比下降36.7%        → change "yoy", value -36.7
//   较2016年…增长了近4倍   → change "vs_base", value 4
//   提高1.3个百分点       → change "vs_base", value 1.3 (percent points)
//   同比(715起)          → 715 is the base value of the change: a level of the earlier time
//   日均分拆湿垃圾18吨     → t/d;  人均…平方米 → m2/person;  每千人…张 → per_1000
#pragma once

#include <string_view>

#include "extract/clauses.h"
#include "extract/cue_words.h"
#include "extract/scanner.h"

namespace jiedao::extract {

struct ChangeReading {
  std::string_view change;  // "", "yoy" or "vs_base"
  int sign = 1;             // -1 after a fall verb (下降, 减少, 降低)
  bool base_value = false;  // the number is what a change is measured from
};

// Reads the change of `q` from the clause it stands in.
ChangeReading read_change(std::string_view text, const Quantity& q, const Window& clause,
                          const ChangeWords& words);

// The canonical unit of `q` once the clause's rate words are read: t → t/d under
// 日均, m2 → m2/person under 人均, count → per_1000 under 每千人.
std::string_view rate_unit(std::string_view text, const Quantity& q, std::string_view unit,
                           const Window& clause, const ChangeWords& words);

}  // namespace jiedao::extract
