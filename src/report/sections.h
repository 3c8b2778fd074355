// A report's frame: which unit wrote it, when it was published, the period it
// reviews and the period it plans for, and its sections.
//
// Reports review a period (a year, a half-year, several years, a five-year
// plan period) and then plan the next one. Headings say which is which:
// 回顾 2018 / 展望 2019, 2019年工作总结 / 2020年重点工作安排, “十三五”时期总体情况回顾 /
// “十四五”时期的发展规划. A half-year review lists the year's announced projects
// (项目一 …) as targets and the progress under them (推进情况 …) as actual.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "extract/fact.h"
#include "report/gazetteer.h"

namespace jiedao::report {

struct Section {
  size_t begin = 0;  // byte offset where the section starts
  Status status = Status::kActual;
  Period period;     // the period its facts refer to unless they name their own
};

enum class ReportKind { kYearReview, kHalfYearReview, kMultiYearReview, kFiveYearPlan, kUnknown };

struct Frame {
  Location location;
  ReportKind kind = ReportKind::kUnknown;
  Period review;  // the period the report reviews
  Period plan;    // the period it plans for; empty when it plans nothing
  std::optional<CivilDate> published;
  std::vector<Section> sections;  // by begin; the first begins at 0
};

// Reads the frame of a report's text.
Frame read_frame(std::string_view text, const Gazetteer& gazetteer);

// The section that holds byte `pos`. REQUIRES: !frame.sections.empty()
const Section& section_at(const Frame& frame, size_t pos);

// The report's most mentioned year (ties: the latest), or 0 when it names none.
int most_mentioned_year(std::string_view text);

std::string_view kind_name(ReportKind kind);

}  // namespace jiedao::report
