// The cue words of the report layer, as data a domain expert edits: the words of the headings
// and lines a report's frame is read from (data/cues/sections.tsv, read by sections.h) and the
// words around a fact that give it a time of its own or make it a target inside a review
// (data/cues/time.tsv, read by time_cues.h). Each list keeps the file's order; the files' headers
// say what each list does. Both are immutable after parse() and safe to share between threads.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace jiedao::report {

using Words = std::vector<std::string>;

struct SectionWords {
  Words review, plan;  // words of a review heading (工作总结, 回顾) and of a plan heading (工作安排)
  Words plan_period;   // 规划: with a five-year plan period named (“十四五”规划), a plan heading
  Words plan_period_name;  // what follows the numeral of a five-year plan period (十三五”, 个五年)
  Words half_year;         // 半年: a review of January to June
  Words progress;          // the start of a line of a project's progress (推进情况)
  Words project;           // the start of a line, before a numeral, of an announced project (项目一)
  Words congress_report;   // 政府工作报告: published in its title's year, it reviews the year before
  Words proposed;          // after a year whose work is proposed (2022年工作提出建议)
  Words date_label;        // labels of a page's publication date (发布日期)

  // Parses the file's content; `source` names it in error messages.
  static Result<SectionWords> parse(std::string_view content, std::string_view source);
};

struct TimeWords {
  Words until;           // before a date a figure is counted to (截至2020年底)
  Words year_opener;     // before a year that is the time of what follows (于2017年)
  Words from, from_end;  // around a year figures are counted from (自2020年8月起)
  Words since;           // after a year figures are counted from (2020年以来)
  Words first_half;      // after a year: its first half (2019年上半年)
  Words strive;          // targets after them in a review, "力争"
  Words strive_for;      // the same, "争取" (争取实现)
  Words yield;           // a project's expected yield (达产后)
  Words plan_filler;     // between planned words and the amount (计划投资为)
  Words planned;         // before a planned amount (计划投资)
  Words target;          // before a target (年初目标45亿元)
  Words quoted_target;   // before a target quoted in brackets or before 的 (全年任务(…))
  Words projects, put;   // 实事 after a figure, 列入 in its sentence: an announced project
  Words plan_after;      // after a figure that is a plan's (的建设计划)
  Words now;             // before a figure counted now (截至目前)
  Words average;         // before a change averaged over a plan's years (年均)

  // Parses the file's content; `source` names it in error messages.
  static Result<TimeWords> parse(std::string_view content, std::string_view source);
};

}  // namespace jiedao::report
