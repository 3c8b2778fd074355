// The time and status of each fact, from its section and from the words
// around it that carry their own time:
//   2018年度基地新增创业组织111家…   a year for the rest of the paragraph's item
//   于2017年…, 在2019年的…             a year for the rest of the sentence
//   截至2020年底…, 至10月底…          a period that ends then
//   较2016年1.5平方米/人, 同比(715起)  the base value of a change: the earlier time
//   力争…, 年初目标45亿元             a target inside a review
// The words of these cues are data (data/cues/time.tsv, cue_words.h).
#pragma once

#include <string_view>
#include <vector>

#include "extract/clauses.h"
#include "extract/fact.h"
#include "report/cue_words.h"
#include "report/sections.h"

namespace jiedao::report {

// Sets period and status of every fact from the frame and the text.
// REQUIRES: marks is extract::ClauseMarks(text).
void assign_time(std::string_view text, const extract::ClauseMarks& marks, const Frame& frame,
                 const TimeWords& words, std::vector<Fact>& facts);

}  // namespace jiedao::report
