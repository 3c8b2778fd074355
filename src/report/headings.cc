#include "report/headings.h"

#include <algorithm>

#include "text/numeral.h"
#include "text/utf8.h"

namespace jiedao::report::detail {

std::string_view trim(std::string_view s) {
  size_t length = 0;
  while (!s.empty() && text::is_space(text::decode_at(s, 0, length))) s.remove_prefix(length);
  while (!s.empty()) {
    size_t start = text::previous_start(s, s.size());
    if (!text::is_space(text::code_point_at(s, start))) break;
    s.remove_suffix(s.size() - start);
  }
  return s;
}

std::vector<Line> lines_of(std::string_view text) {
  std::vector<Line> lines;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == text.npos) end = text.size();
    std::string_view raw = text.substr(pos, end - pos);
    std::string_view t = trim(raw);
    if (!t.empty()) lines.push_back({pos + (t.data() - raw.data()), t});
    pos = end + 1;
  }
  return lines;
}

bool has_any(std::string_view line, const std::vector<std::string>& words) {
  return std::any_of(words.begin(), words.end(),
                     [&](std::string_view w) { return text::find_word(line, w) != line.npos; });
}

// The years a heading names: 2018, 2020-2022年, and not the year of a date (2023-03-31).
std::vector<int> heading_years(std::string_view line) {
  std::vector<int> found;
  for (size_t i = 0; i + 4 <= line.size(); ++i) {
    if (!(line[i] == '1' || line[i] == '2') || (i > 0 && line[i - 1] >= '0' && line[i - 1] <= '9')) continue;
    int year = 0;
    size_t j = i;
    while (j < line.size() && j < i + 5 && line[j] >= '0' && line[j] <= '9')
      year = year * 10 + (line[j++] - '0');
    if (j - i != 4 || !report_year(year)) continue;
    // A date: 2023-03-31 or 2023年3月31日
    if (parse_date(line.substr(i))) {
      i = j;
      continue;
    }
    found.push_back(year);
    i = j - 1;
  }
  return found;
}

namespace {

// The five-year plan a heading names: “十三五”, 第十四个五年规划.
std::optional<Period> heading_plan(std::string_view line, const SectionWords& words) {
  for (std::string_view suffix : words.plan_period_name) {
    for (size_t at = line.find(suffix); at != line.npos; at = line.find(suffix, at + 1)) {
      // Read the Chinese number right before the name (十三 of 十三五”, 十四 of 十四个五年).
      size_t start = at;
      while (start > 0) {
        size_t prev = text::previous_start(line, start);
        char32_t c = text::code_point_at(line, prev);
        if (text::chinese_digit_value(c) < 0 && c != U'十') break;
        start = prev;
      }
      if (start == at) continue;
      auto n = text::parse_numeral(line.substr(start, at - start));
      if (n) {
        if (auto plan = five_year_plan(static_cast<int>(*n))) return plan;
      }
    }
  }
  return std::nullopt;
}

std::optional<Period> heading_period(std::string_view line, const SectionWords& words) {
  if (auto plan = heading_plan(line, words)) return plan;
  std::vector<int> ys = heading_years(line);
  if (ys.empty()) return std::nullopt;
  if (ys.size() >= 2 && line.find('-') != line.npos && ys[1] > ys[0]) return years(ys[0], ys[1]);
  return years(ys[0], ys[0]);
}

// 项目一:, 实事项目3、: a heading of one of a year's announced projects.
bool is_project_heading(std::string_view line, const SectionWords& words) {
  for (std::string_view prefix : words.project) {
    if (line.substr(0, prefix.size()) != prefix) continue;
    std::string_view rest = line.substr(prefix.size());
    if (rest.empty()) return false;
    auto n = text::read_numeral(rest, 0);
    if (!n) return false;
    std::string_view tail = rest.substr(n->end);
    return tail.empty() || tail == ":" || tail == "：" || tail == "、";
  }
  return false;
}

// A government's work report is named by the year of the congress it is delivered to, early in
// that year (高庄镇2021年政府工作报告, published 2021-03-06): published in its title's year, it reviews
// the year before. One published later (a year-end report, 2023年政府工作报告 of 2024-01-03) or
// without a date keeps its title's year.
std::optional<Period> congress_report_period(std::string_view line, std::optional<Period> period,
                                             const std::optional<CivilDate>& published,
                                             const SectionWords& words) {
  if (!period || !published || period->start.year != period->end.year ||
      period->end.year != published->year || !has_any(line, words.congress_report) ||
      has_any(line, words.half_year))
    return period;
  return years(period->end.year - 1, period->end.year - 1);
}

}  // namespace

HeadingScan scan_headings(const std::vector<Line>& lines, const std::optional<CivilDate>& published,
                          const SectionWords& words) {
  HeadingScan scan;
  for (const Line& line : lines) {
    std::string_view t = line.text;
    if (has_any(t.substr(0, 12), words.progress)) {
      scan.headings.push_back({line.begin, Heading::kProgress, std::nullopt, t});
      continue;
    }
    if (is_project_heading(t, words)) {
      scan.headings.push_back({line.begin, Heading::kProject, std::nullopt, t});
      continue;
    }
    if (t.size() > kMaxHeadingBytes || t.find("。") != t.npos) continue;
    const bool review = has_any(t, words.review);
    const bool plan = has_any(t, words.plan) || (has_any(t, words.plan_period) && heading_plan(t, words));
    std::optional<Period> period = congress_report_period(t, heading_period(t, words), published, words);
    if (heading_plan(t, words)) scan.five_year = true;
    if (review && has_any(t, words.half_year)) scan.half_year = true;
    if (review && plan) {
      std::vector<int> ys = heading_years(t);
      if (ys.size() >= 2 && scan.review.empty()) {
        scan.review = years(ys[0], ys[0]);
        scan.plan = years(ys[1], ys[1]);
      }
      // One year with both (2019年工作任务完成情况): a review of that year's tasks.
      if (ys.size() == 1) scan.headings.push_back({line.begin, Heading::kReview, period, t});
      continue;
    }
    if (review) scan.headings.push_back({line.begin, Heading::kReview, period, t});
    if (plan) scan.headings.push_back({line.begin, Heading::kPlan, period, t});
  }
  for (const Heading& h : scan.headings) {
    if (h.role == Heading::kReview && h.period && scan.review.empty()) scan.review = *h.period;
    if (h.role == Heading::kPlan && h.period && scan.plan.empty()) scan.plan = *h.period;
  }
  return scan;
}

}  // namespace jiedao::report::detail
