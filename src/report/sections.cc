#include "report/sections.h"

#include <algorithm>
#include <array>
#include <map>

#include "report/calendar.h"
#include "text/numeral.h"
#include "text/utf8.h"

namespace jiedao::report {

namespace {

constexpr size_t kMaxHeadingBytes = 120;  // about 40 characters

constexpr std::array<std::string_view, 6> kReviewWords = {"工作总结", "回顾", "完成情况", "工作情况", "总结", "工作报告"};
constexpr std::array<std::string_view, 12> kPlanWords = {"工作安排", "展望",     "工作计划", "工作思路",
                                                         "工作打算", "工作要点", "发展目标", "主要目标",
                                                         "重点工作", "主要任务", "发展规划", "年规划"};
constexpr std::array<std::string_view, 3> kProgressWords = {"推进情况", "进展情况", "完成情况"};

bool has_any(std::string_view line, const auto& words) {
  return std::any_of(words.begin(), words.end(), [&](std::string_view w) { return line.find(w) != line.npos; });
}

// The years a heading names: 2018, 2020-2022年, and not the year of a date (2023-03-31).
std::vector<int> heading_years(std::string_view line) {
  std::vector<int> found;
  for (size_t i = 0; i + 4 <= line.size(); ++i) {
    if (!(line[i] == '1' || line[i] == '2') || (i > 0 && line[i - 1] >= '0' && line[i - 1] <= '9')) continue;
    int year = 0;
    size_t j = i;
    while (j < line.size() && j < i + 5 && line[j] >= '0' && line[j] <= '9') year = year * 10 + (line[j++] - '0');
    if (j - i != 4 || year < 1990 || year > 2099) continue;
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

// The five-year plan a heading names: “十三五”, 第十四个五年规划.
std::optional<Period> heading_plan(std::string_view line) {
  for (std::string_view suffix : {"五”", "五\"", "五时期", "五期间", "五规划", "个五年"}) {
    for (size_t at = line.find(suffix); at != line.npos; at = line.find(suffix, at + 1)) {
      // Read the Chinese number right before the suffix's 五 (十三 of 十三五).
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

std::optional<Period> heading_period(std::string_view line) {
  if (auto plan = heading_plan(line)) return plan;
  std::vector<int> ys = heading_years(line);
  if (ys.empty()) return std::nullopt;
  if (ys.size() >= 2 && line.find('-') != line.npos && ys[1] > ys[0]) return years(ys[0], ys[1]);
  return years(ys[0], ys[0]);
}

bool is_project_heading(std::string_view line) {
  for (std::string_view prefix : {"项目", "实事项目"}) {
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

struct Line {
  size_t begin = 0;
  std::string_view text;  // trimmed
};

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

std::optional<CivilDate> publication_date(const std::vector<Line>& lines) {
  for (size_t i = 0; i < lines.size() && i < 5; ++i) {
    std::string_view line = lines[i].text;
    for (size_t at = 0; at + 10 <= line.size(); ++at) {
      if (line[at] < '1' || line[at] > '2' || (at > 0 && line[at - 1] >= '0' && line[at - 1] <= '9')) continue;
      if (auto date = parse_date(line.substr(at))) return date;
    }
  }
  // A signature date closing the report: 2019年11月9日.
  for (size_t i = lines.size(); i-- > 0 && i + 4 >= lines.size();) {
    if (auto date = parse_date(lines[i].text)) return date;
  }
  return std::nullopt;
}

}  // namespace

int most_mentioned_year(std::string_view text) {
  std::map<int, int> counts;
  for (size_t at = text.find("年"); at != text.npos; at = text.find("年", at + 1)) {
    if (at < 4) continue;
    int year = 0;
    bool digits = true;
    for (size_t i = at - 4; i < at; ++i) {
      if (text[i] < '0' || text[i] > '9') digits = false;
      else year = year * 10 + (text[i] - '0');
    }
    if (digits && (at < 5 || text[at - 5] < '0' || text[at - 5] > '9') && year >= 1990 && year <= 2099) {
      ++counts[year];
    }
  }
  int best = 0, best_count = 0;
  for (auto [year, count] : counts) {
    if (count >= best_count) best = year, best_count = count;
  }
  return best;
}

std::string_view kind_name(ReportKind kind) {
  switch (kind) {
    case ReportKind::kYearReview: return "year review";
    case ReportKind::kHalfYearReview: return "half-year review";
    case ReportKind::kMultiYearReview: return "multi-year review";
    case ReportKind::kFiveYearPlan: return "five-year plan";
    case ReportKind::kUnknown: return "unknown";
  }
  return "unknown";
}

const Section& section_at(const Frame& frame, size_t pos) {
  auto it = std::upper_bound(frame.sections.begin(), frame.sections.end(), pos,
                             [](size_t p, const Section& s) { return p < s.begin; });
  return it == frame.sections.begin() ? frame.sections.front() : *(it - 1);
}

Frame read_frame(std::string_view text, const Gazetteer& gazetteer) {
  Frame frame;
  frame.location = gazetteer.locate(text);
  const std::vector<Line> lines = lines_of(text);
  frame.published = publication_date(lines);

  // Pass 1: what the headings say about the periods reviewed and planned.
  struct Heading {
    size_t begin;
    enum { kReview, kPlan, kProject, kProgress } role;
    std::optional<Period> period;
  };
  std::vector<Heading> headings;
  bool half_year = false;
  bool five_year = false;
  for (const Line& line : lines) {
    std::string_view t = line.text;
    if (has_any(t.substr(0, 12), kProgressWords)) {
      headings.push_back({line.begin, Heading::kProgress, std::nullopt});
      continue;
    }
    if (is_project_heading(t)) {
      headings.push_back({line.begin, Heading::kProject, std::nullopt});
      continue;
    }
    if (t.size() > kMaxHeadingBytes || t.find("。") != t.npos) continue;
    const bool review = has_any(t, kReviewWords);
    const bool plan = has_any(t, kPlanWords) || (t.find("规划") != t.npos && heading_plan(t));
    std::optional<Period> period = heading_period(t);
    if (heading_plan(t)) five_year = true;
    if (review && (t.find("半年") != t.npos)) half_year = true;
    if (review && plan) {
      // A title that names both: 2019年工作总结和2020年重点工作安排.
      std::vector<int> ys = heading_years(t);
      if (ys.size() >= 2 && frame.review.empty()) {
        frame.review = years(ys[0], ys[0]);
        frame.plan = years(ys[1], ys[1]);
      }
      continue;
    }
    if (review) headings.push_back({line.begin, Heading::kReview, period});
    if (plan) headings.push_back({line.begin, Heading::kPlan, period});
  }
  for (const Heading& h : headings) {
    if (h.role == Heading::kReview && h.period && frame.review.empty()) frame.review = *h.period;
    if (h.role == Heading::kPlan && h.period && frame.plan.empty()) frame.plan = *h.period;
  }
  if (frame.review.empty()) {
    if (text.substr(0, std::min<size_t>(text.size(), 3000)).find("上半年") != text.npos) half_year = true;
    int year = most_mentioned_year(text);
    if (year == 0 && frame.published) year = frame.published->year;
    if (year != 0) frame.review = half_year ? first_half(year) : years(year, year);
  } else if (half_year) {
    frame.review = first_half(frame.review.end.year);
  }
  if (frame.plan.empty() && !frame.review.empty() &&
      std::any_of(headings.begin(), headings.end(), [](const Heading& h) { return h.role == Heading::kPlan; })) {
    const int next = frame.review.end.year + 1;
    frame.plan = years(next, next + (five_year ? 4 : 0));
  }
  if (half_year) {
    frame.kind = ReportKind::kHalfYearReview;
  } else if (five_year) {
    frame.kind = ReportKind::kFiveYearPlan;
  } else if (!frame.review.empty() && frame.review.end.year > frame.review.start.year) {
    frame.kind = ReportKind::kMultiYearReview;
  } else if (!frame.review.empty()) {
    frame.kind = ReportKind::kYearReview;
  }

  // Pass 2: the sections, in order.
  const Period year_of_review =
      frame.review.empty() ? Period{} : years(frame.review.end.year, frame.review.end.year);
  Section current{0, Status::kActual, frame.review};
  frame.sections.push_back(current);
  Section outer = current;  // the section a project list sits in
  for (const Heading& h : headings) {
    Section next{h.begin, Status::kActual, {}};
    switch (h.role) {
      case Heading::kReview:
        next.period = h.period ? *h.period : (current.status == Status::kActual ? current.period : frame.review);
        outer = next;
        break;
      case Heading::kPlan:
        next.status = Status::kTarget;
        next.period = h.period ? *h.period : (current.status == Status::kTarget ? current.period : frame.plan);
        outer = next;
        break;
      case Heading::kProject:
        // A year's announced projects: targets for the whole year under review.
        next.status = Status::kTarget;
        next.period = outer.status == Status::kActual ? year_of_review : outer.period;
        break;
      case Heading::kProgress:
        next = outer;
        next.begin = h.begin;
        break;
    }
    frame.sections.push_back(next);
    current = next;
  }
  return frame;
}

}  // namespace jiedao::report
