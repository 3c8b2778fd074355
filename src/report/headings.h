// The headings of a report's text, internal to the report layer (sections.cc builds a frame's
// sections from them): its lines, the review, plan, project and progress headings that start
// sections, and the years and five-year plan periods a heading names. The words of the headings
// are data (data/cues/sections.tsv, cue_words.h).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "extract/fact.h"
#include "report/calendar.h"
#include "report/cue_words.h"

namespace jiedao::report::detail {

inline constexpr size_t kMaxHeadingBytes = 120;  // about 40 characters

struct Line {
  size_t begin = 0;
  std::string_view text;  // trimmed
};

// The lines of `text` that hold more than spaces, trimmed.
std::vector<Line> lines_of(std::string_view text);

// `s` without the spaces at its ends.
std::string_view trim(std::string_view s);

// Whether `line` holds one of `words`.
bool has_any(std::string_view line, const std::vector<std::string>& words);

// The years a heading names: 2018, 2020-2022年, and not the year of a date (2023-03-31).
std::vector<int> heading_years(std::string_view line);

struct Heading {
  size_t begin;
  enum { kReview, kPlan, kProject, kProgress, kProjectList, kListEnd } role;
  std::optional<Period> period;
  std::string_view text;
  Status status = Status::kTarget;  // of a kProjectList: a list announced (target) or reported done
};

// The headings of the text, in order, and what a title that names both a review and a plan
// says of the two periods (2019年工作总结和2020年重点工作安排).
struct HeadingScan {
  std::vector<Heading> headings;
  Period review, plan;  // from the headings' own years; empty when they name none
  bool half_year = false, five_year = false;
};

// Reads the headings of a report's lines; `published` is its publication date, if known.
HeadingScan scan_headings(const std::vector<Line>& lines, const std::optional<CivilDate>& published,
                          const SectionWords& words);

}  // namespace jiedao::report::detail
