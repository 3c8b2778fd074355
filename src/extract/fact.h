// A fact: one quantity a report states (FACTS.md). The extract layer fills the
// quantity, its wording and its indicator; the report layer adds district,
// period and status, which depend on the whole document.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "model/date.h"
#include "model/status.h"

namespace jiedao {

struct Fact {
  // Where: byte offsets [begin, end) of the quote in the text as read.
  size_t begin = 0;
  size_t end = 0;
  // What was measured.
  double value = 0;
  std::optional<double> value_max;  // upper bound of a range (2-3条)
  std::string unit;                 // canonical unit: count, m2, percent, ...
  std::string measure;              // the measure word or unit as written: 个, 平方米
  std::string qualifier = "exact";  // exact, approx, at_least, at_most
  std::string change;               // "", "yoy", "vs_base"
  std::string indicator;            // catalogue id, or "" when the catalogue does not know it
  std::string family;               // the indicator's family (data/families.tsv), or ""; a part of a
                                    // total (其中…) may carry its total's family without an id
  std::string counts;               // a count's measure class (households, buildings, items, ...), else ""
  std::string of;                   // a completion rate: the indicator whose task it completes, or ""
  std::string subject;              // the words of the text that name what was counted
  // Cues for the report layer: a number right after 同比( or 较2016年 is the
  // base value a change is measured from, so it belongs to that earlier time.
  bool is_base_value = false;
  // For --explain: how the indicator was chosen, or why there is none, and the words that
  // chose it (byte offsets into the text; equal when none).
  std::string_view how;
  size_t wording_begin = 0, wording_end = 0;
  // Filled by the report layer.
  Period period;
  Status status = Status::kActual;
  // For --explain: what set period and status: the section (an index into the report's
  // frame's sections, which say their cue), and the fact's own words when they did.
  int section = -1;
  std::string_view status_cue;  // a target inside a review: 力争, 目标, 列入实事, 的计划
  std::string_view time_cue;    // its own time, 目前, 年均, the paragraph's year
};

}  // namespace jiedao
