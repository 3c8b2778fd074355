// A report's frame: which unit wrote it, when it was published, the period it
// reviews and the period it plans for, and its sections.
//
// Reports review a period (a year, a half-year, several years, a five-year
// plan period) and then plan the next one. Headings say which is which:
// 回顾 2018 / 展望 2019, 2019年工作总结 / 2020年重点工作安排, “十三五”时期总体情况回顾 /
// “十四五”时期的发展规划. A half-year review lists the year's announced projects
// (项目一 …) as targets and the progress under them (推进情况 …) as actual. The words of the
// headings are data (data/cues/sections.tsv), and so are the kinds of report and their cues
// (data/report_kinds.tsv).
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "extract/clauses.h"
#include "extract/fact.h"
#include "report/cue_words.h"
#include "report/gazetteer.h"
#include "report/kinds.h"
#include "report/overrides.h"

namespace jiedao::report {

struct Section {
  size_t begin = 0;  // byte offset where the section starts
  Status status = Status::kActual;
  Period period;    // the period its facts refer to unless they name their own
  std::string cue;  // what set its period and status, for --explain (heading: 2019年工作总结)
};

struct Frame {
  Location location;
  std::string kind = "year review";  // a kind of data/report_kinds.tsv
  std::string kind_cue;              // the cue that announced it (opening: 过去五年), or ""
  int year = 0;                      // the report's year, 0 when none can be found
  std::string year_from;             // where the year came from (the title, the publication date, ...)
  Period review;  // the period the report reviews; empty when it reviews nothing (a plan) or has no year
  Period plan;    // the period it plans for; empty when it plans nothing
  std::optional<CivilDate> published;
  std::vector<Section> sections;  // by begin; the first begins at 0
};

// Reads the frame of a report's text; `marks` are its clause marks (the sentences the cues of
// its kind and year are read in), `words` the words of its headings. `file_id` is the report's file name
// without its extension: the last place the report's year is looked for. `overrides` (reports.tsv), when
// given, replace what the text says of district, county, kind, period and publication date. REQUIRES: marks
// is extract::ClauseMarks(text).
Frame read_frame(std::string_view text, const extract::ClauseMarks& marks, const Gazetteer& gazetteer,
                 const ReportKinds& kinds, const SectionWords& words, std::string_view file_id = "",
                 const ReportOverrides* overrides = nullptr);

// The section that holds byte `pos`. REQUIRES: !frame.sections.empty()
const Section& section_at(const Frame& frame, size_t pos);

// The report's most mentioned year (ties: the latest), or 0 when it names none.
int most_mentioned_year(std::string_view text);

// The year a file name names (m02_taihe_2022, 2019年工作总结), or 0: four digits that are a report_year()
// (calendar.h) that no other digit touches.
int file_name_year(std::string_view file_id);

}  // namespace jiedao::report
