#include "report/sections.h"

#include <algorithm>
#include <map>

#include "report/calendar.h"
#include "report/headings.h"
#include "text/numeral.h"
#include "text/utf8.h"

namespace jiedao::report {

using detail::Heading;
using detail::heading_years;
using detail::HeadingScan;
using detail::kMaxHeadingBytes;
using detail::Line;

namespace {

// The first date written in `line` (2021-12-23, 2020/9/3, 2019年11月9日).
std::optional<CivilDate> date_in(std::string_view line) {
  for (size_t at = 0; at + 8 <= line.size(); ++at) {  // 2020/9/3 is 8 bytes
    if (line[at] < '1' || line[at] > '2' || (at > 0 && line[at - 1] >= '0' && line[at - 1] <= '9')) continue;
    if (auto date = parse_date(line.substr(at))) return date;
  }
  return std::nullopt;
}

std::optional<CivilDate> publication_date(const std::vector<Line>& lines, const SectionWords& words) {
  for (size_t i = 0; i < lines.size() && i < 5; ++i) {
    if (auto date = date_in(lines[i].text)) return date;
  }
  // A government page's metadata block (索引号, 公开主体, …, 发布日期:) runs past the first lines,
  // and its date may stand on the line after its label.
  constexpr size_t kMetadataLines = 24, kMetadataLineBytes = 240;  // a metadata line is short
  for (size_t i = 0; i < lines.size() && i < kMetadataLines; ++i) {
    const std::string_view line = lines[i].text;
    if (line.size() > kMetadataLineBytes) continue;
    for (std::string_view label : words.date_label) {
      const size_t at = line.find(label);
      if (at == std::string_view::npos) continue;
      if (auto date = date_in(line.substr(at))) return date;
      const std::string_view rest = detail::trim(line.substr(at + label.size()));
      if ((rest == ":" || rest == "：") && i + 1 < lines.size())
        if (auto date = date_in(lines[i + 1].text); date && lines[i + 1].text.size() <= 24) return date;
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
  for (size_t at = text::find_word(text, "年"); at != text.npos; at = text::find_word(text, "年", at + 1)) {
    if (at < 4) continue;
    int year = 0;
    bool digits = true;
    for (size_t i = at - 4; i < at; ++i) {
      if (text[i] < '0' || text[i] > '9')
        digits = false;
      else
        year = year * 10 + (text[i] - '0');
    }
    if (digits && (at < 5 || text[at - 5] < '0' || text[at - 5] > '9') && report_year(year)) {
      ++counts[year];
    }
  }
  int best = 0, best_count = 0;
  for (auto [year, count] : counts) {
    if (count >= best_count) best = year, best_count = count;
  }
  return best;
}

const Section& section_at(const Frame& frame, size_t pos) {
  auto it = std::upper_bound(frame.sections.begin(), frame.sections.end(), pos,
                             [](size_t p, const Section& s) { return p < s.begin; });
  return it == frame.sections.begin() ? frame.sections.front() : *(it - 1);
}

int file_name_year(std::string_view id) {
  for (size_t i = 0; i + 4 <= id.size(); ++i) {
    auto digit = [&](size_t k) { return k < id.size() && id[k] >= '0' && id[k] <= '9'; };
    if (!digit(i) || (i > 0 && digit(i - 1)) || digit(i + 4)) continue;
    if (!digit(i + 1) || !digit(i + 2) || !digit(i + 3)) continue;
    const int year =
        (id[i] - '0') * 1000 + (id[i + 1] - '0') * 100 + (id[i + 2] - '0') * 10 + (id[i + 3] - '0');
    if (report_year(year)) return year;
  }
  return 0;
}

namespace {

std::string_view opening_of(std::string_view text) {
  size_t cut = std::min<size_t>(text.size(), 600);
  while (cut < text.size() && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) ++cut;
  return text.substr(0, cut);
}

// The report's kind: the rule of data/report_kinds.tsv first in the file whose cue is in a
// title line, the opening or a review or plan heading (in that order for one rule), else the
// body's words.
KindMatch find_kind(std::string_view text, const std::vector<Line>& lines, const HeadingScan& scan,
                    const ReportKinds& kinds) {
  using Where = ReportKinds::Where;
  size_t best = kinds.rules().size();
  KindMatch match;
  auto consider = [&](std::string_view window, size_t at, Where where, std::string_view place) {
    std::string cue;
    const size_t r = kinds.match_index(window, where, &cue);
    if (r < best) {
      best = r;
      match = {&kinds.rules()[r], std::string(place) + ": " + cue, at};
    }
  };
  // The title: the first three lines, where they are short lines without a full stop.
  for (size_t i = 0; i < lines.size() && i < 3; ++i) {
    if (lines[i].text.size() <= kMaxHeadingBytes && lines[i].text.find("。") == std::string_view::npos)
      consider(lines[i].text, lines[i].begin, Where::kTitle, "title");
  }
  const std::string_view opening = opening_of(text);
  consider(opening, 0, Where::kOpening, "opening");
  for (const Heading& h : scan.headings) {
    if (h.role == Heading::kReview || h.role == Heading::kPlan)
      consider(h.text, h.begin, Where::kHeading, "heading");
  }
  if (match.rule == nullptr) match = kinds.match_body(text);
  if (match.rule != nullptr && match.rule->in_opening && match.cue.rfind("opening: ", 0) == 0) {
    // The opening matched: the window is the sentence that holds the cue's first word.
    const std::string first = match.cue.substr(
        9, match.cue.find('&') == std::string::npos ? std::string::npos : match.cue.find('&') - 9);
    const size_t at = opening.find(first);
    if (at != std::string_view::npos) match.at = at;
  }
  return match;
}

// The first year named in the sentence around `at`, or 0. In a review, a year named as the one
// whose work is proposed (向大会报告过去五年政府工作,对今后五年和2022年工作提出建议: the formula of a
// government's report to its congress) is the year after the one reviewed.
int year_near(std::string_view text, const extract::ClauseMarks& marks, size_t at, bool review,
              const SectionWords& words) {
  const std::string_view sentence = marks.sentence_around(at).of(text);
  std::vector<int> ys = heading_years(sentence);
  if (ys.empty()) return 0;
  // 十年来(2012-2021): a range names the years reviewed; the report's year is its end.
  if (review && ys.size() >= 2 && ys[1] > ys[0]) {
    const std::string from = std::to_string(ys[0]);
    const size_t at_from = sentence.find(from);
    if (at_from != std::string_view::npos) {
      const std::string_view between = sentence.substr(at_from + from.size(), 6);
      for (std::string_view dash : {"-", "—", "–", "至", "年-", "年至"}) {
        if (between.substr(0, dash.size()) == dash) return ys[1];
      }
    }
  }
  if (review) {
    const std::string year = std::to_string(ys.front()) + "年";
    const size_t named = sentence.find(year);
    if (named != std::string_view::npos &&
        extract::starts_with_any(sentence, named + year.size(), words.proposed))
      return ys.front() - 1;
  }
  return ys.front();
}

struct ReportYear {
  int year = 0;
  std::string from;
};

// The report's year (data/report_kinds.tsv says in which order it is looked for).
ReportYear report_year(std::string_view text, const extract::ClauseMarks& marks,
                       const std::vector<Line>& lines, const KindMatch& kind, const HeadingScan& scan,
                       const std::optional<CivilDate>& published, std::string_view file_id,
                       const SectionWords& words) {
  const bool by_publication = kind.rule != nullptr && kind.rule->years == KindYears::kYearPublished;
  const bool review = kind.rule == nullptr || kind.rule->status == Status::kActual;
  const bool several_years = kind.rule != nullptr && kind.rule->years == KindYears::kLastCue;
  auto from_published = [&]() -> ReportYear {
    if (!published) return {};
    // A review dated in the first quarter is the year before's (a congress in January).
    const bool before = review && !by_publication && published->month <= 3;
    return {published->year - (before ? 1 : 0), "the date on the page"};
  };
  if (by_publication) {
    if (auto y = from_published(); y.year != 0) return y;
  }
  if (kind.rule != nullptr && kind.cue.rfind("body", 0) != 0 && kind.cue != "reports.tsv") {
    if (int y = year_near(text, marks, kind.at, review, words); y != 0)
      return {y, "the year named with the kind's cue"};
  }
  if (!scan.review.empty()) return {scan.review.end.year, "the headings"};
  for (size_t i = 0; i < lines.size() && i < 3; ++i) {
    const std::string_view t = lines[i].text;
    if (t.size() > kMaxHeadingBytes || !(detail::has_any(t, words.review) || detail::has_any(t, words.plan)))
      continue;
    std::vector<int> ys = heading_years(t);
    if (!ys.empty()) return {ys.front(), "the title"};
  }
  if (!several_years && !by_publication) {
    if (int y = most_mentioned_year(text); y != 0) return {y, "the year the text names most"};
  }
  if (auto y = from_published(); y.year != 0) return y;
  if (int y = file_name_year(file_id); y != 0) return {y, "the file name"};
  if (int y = most_mentioned_year(text); y != 0) return {y, "the year the text names most"};
  return {};
}

// The period of the report's own sections, from its kind and year.
Period kind_period(const KindRule* rule, int year, std::string_view cue) {
  if (year == 0) return {};
  if (rule == nullptr) return years(year, year);
  switch (rule->years) {
    case KindYears::kYear:
    case KindYears::kYearPublished:
      return years(year, year);
    case KindYears::kFirstHalf:
      return first_half(year);
    case KindYears::kLast:
      return years(year - rule->count + 1, year);
    case KindYears::kLastCue: {
      const int n = ReportKinds::cue_years(cue.substr(cue.find(": ") == cue.npos ? 0 : cue.find(": ") + 2));
      return years(year - std::max(n, 1) + 1, year);
    }
    case KindYears::kPlan:
      return years(year, year + rule->count - 1);
  }
  return years(year, year);
}

// Where the section a list-announcing sentence starts ends: at the first later paragraph that
// opens with another year than the list's (…票决产生了两项2024年民生实事项目。\n\n据悉,2023年,…:
// the report goes back to what it reviews), else at the end of the text.
size_t list_end(std::string_view text, size_t sentence_begin, int year) {
  constexpr size_t kOpening = 30;  // bytes of a paragraph's start that may hold its year (据悉,2023年)
  for (size_t at = text.find('\n', sentence_begin); at != std::string_view::npos;
       at = text.find('\n', at + 1)) {
    const size_t begin = at + 1;
    const std::vector<int> ys = heading_years(text.substr(begin, kOpening));
    if (!ys.empty() && ys.front() != year) return begin;
  }
  return text.size();
}

// Sentences that start a section of a sentence kind (会议表决通过了2018年…实事项目。它们是:…): the
// section begins with the sentence and has the year it names. The text is searched for each
// cue's first word, and only the sentences that hold one are read: a report has thousands of
// sentences and a few such cues.
void add_sentence_sections(std::string_view text, const extract::ClauseMarks& marks, const ReportKinds& kinds,
                           int report_year, std::vector<Heading>& headings) {
  std::vector<size_t> done;                // sentence begins already read
  std::vector<std::string_view> searched;  // first words already searched for
  for (const KindRule& rule : kinds.rules()) {
    if (!rule.in_sentence) continue;
    for (const auto& words : rule.cues) {
      const std::string_view first = words.front();
      if (std::find(searched.begin(), searched.end(), first) != searched.end()) continue;
      searched.push_back(first);
      for (size_t at = text::find_word(text, first); at != std::string_view::npos;
           at = text::find_word(text, first, at + 1)) {
        const std::string_view sentence = marks.sentence_around(at).of(text);
        const size_t begin = static_cast<size_t>(sentence.data() - text.data());
        if (std::find(done.begin(), done.end(), begin) != done.end()) continue;
        std::string cue;
        const size_t r = kinds.match_index(sentence, ReportKinds::Where::kSentence, &cue);
        if (r == kinds.rules().size()) continue;
        done.push_back(begin);
        std::vector<int> ys = heading_years(sentence);
        const int year = ys.empty() ? report_year : ys.back();
        if (year == 0) continue;
        headings.push_back({begin, Heading::kProjectList, kind_period(&kinds.rules()[r], year, cue), sentence,
                            kinds.rules()[r].status});
        if (const size_t end = list_end(text, begin, year); end < text.size())
          headings.push_back({end, Heading::kListEnd, std::nullopt, text.substr(end, 0)});
      }
    }
  }
  std::stable_sort(headings.begin(), headings.end(),
                   [](const Heading& a, const Heading& b) { return a.begin < b.begin; });
}

std::string heading_cue(const Heading& h) {
  size_t cut = std::min<size_t>(h.text.size(), 150);  // a long announcing sentence: its start
  while (cut < h.text.size() && cut > 0 && (static_cast<unsigned char>(h.text[cut]) & 0xC0) == 0x80) --cut;
  const std::string_view t = h.text.substr(0, cut);
  return (h.role == Heading::kProjectList ? "the sentence " : "the heading ") + std::string(t);
}

// The sections of a frame, in order: the report's own (the kind's period and status), then one
// per heading, project list or announcing sentence.
void build_sections(Frame& frame, const std::vector<Heading>& headings, bool target_kind,
                    const ReportKinds& kinds) {
  // The sections, in order.
  const std::string kind_cue =
      frame.kind + (frame.kind_cue.empty() ? "" : " (" + frame.kind_cue + ")") +
      (frame.year_from.empty() ? ", no year found" : ", year from " + frame.year_from);
  const Period year_of_review =
      frame.review.empty() ? Period{} : years(frame.review.end.year, frame.review.end.year);
  Section current{0, target_kind ? Status::kTarget : Status::kActual, target_kind ? frame.plan : frame.review,
                  "the report: " + kind_cue};
  frame.sections.push_back(current);
  Section outer = current;          // the section a project list sits in
  Section outer_of_list = current;  // the section an announced list interrupts
  for (const Heading& h : headings) {
    Section next{h.begin, Status::kActual, {}, heading_cue(h)};
    switch (h.role) {
      case Heading::kReview:
        next.period =
            h.period ? *h.period : (current.status == Status::kActual ? current.period : frame.review);
        // 一、过去五年工作简要回顾 under 2016年政府工作报告: the five years to the year reviewed.
        if (const int n = kinds.years_reviewed(h.text); !h.period && n > 1 && !next.period.empty())
          next.period = years(next.period.end.year - n + 1, next.period.end.year);
        outer = next;
        break;
      case Heading::kPlan:
        next.status = Status::kTarget;
        next.period =
            h.period ? *h.period : (current.status == Status::kTarget ? current.period : frame.plan);
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
        next.cue = heading_cue(h);
        break;
      case Heading::kListEnd:
        next = outer_of_list;
        next.begin = h.begin;
        next.cue = "the end of the list the sentence before announced";
        break;
      case Heading::kProjectList:
        outer_of_list = outer;
        next.status = h.status;
        next.period = h.period ? *h.period : frame.plan;
        outer = next;
        break;
    }
    frame.sections.push_back(next);
    current = next;
  }
}

// The report's unit: as reports.tsv gives it, else as the text names it.
Location located(std::string_view text, const Gazetteer& gazetteer, const ReportOverrides& given) {
  Location location;
  if (!given.district.empty()) {
    if (const Division* unit = gazetteer.find(given.district, given.county))
      return gazetteer.location_of(*unit);
    location.district = given.district;
    location.county = given.county;
    return location;
  }
  location = gazetteer.locate(text);
  if (!given.county.empty() && location.county != given.county) {
    location = {};  // the text's unit is not of the county given
    location.county = given.county;
  }
  return location;
}

}  // namespace

Frame read_frame(std::string_view text, const extract::ClauseMarks& marks, const Gazetteer& gazetteer,
                 const ReportKinds& kinds, const SectionWords& words, std::string_view file_id,
                 const ReportOverrides* overrides) {
  const ReportOverrides none;
  const ReportOverrides& given = overrides != nullptr ? *overrides : none;
  Frame frame;
  frame.location = located(text, gazetteer, given);
  const std::vector<Line> lines = detail::lines_of(text);
  frame.published = given.published ? given.published : publication_date(lines, words);
  HeadingScan scan = detail::scan_headings(lines, frame.published, words);
  KindMatch kind = find_kind(text, lines, scan, kinds);
  if (!given.kind.empty()) {
    const KindRule* chosen = nullptr;  // the kind's first row, one for the whole report if it has one
    for (const KindRule& rule : kinds.rules()) {
      if (rule.kind == given.kind && (chosen == nullptr || (chosen->in_sentence && !rule.in_sentence)))
        chosen = &rule;
    }
    if (chosen != nullptr) kind = {chosen, "reports.tsv", 0};
  }
  ReportYear year = report_year(text, marks, lines, kind, scan, frame.published, file_id, words);
  // A review ends no later than the year it is published in.
  const bool review_kind = kind.rule == nullptr || kind.rule->status == Status::kActual;
  if (review_kind && frame.published && year.year > frame.published->year) {
    year = {frame.published->year, year.from + ", no later than the date on the page"};
  }
  if (given.period) year = {given.period->end.year, "reports.tsv"};
  frame.year = year.year;
  frame.year_from = year.from;
  if (kind.rule != nullptr) {
    frame.kind = kind.rule->kind;
    frame.kind_cue = kind.cue;
  } else if (scan.half_year) {
    frame.kind = "half-year review";
  } else if (scan.five_year) {
    frame.kind = "five-year plan";
  }
  const bool target_kind = kind.rule != nullptr && kind.rule->status == Status::kTarget;

  // The periods reviewed and planned: the headings' own years first, else the kind's.
  frame.review = scan.review;
  frame.plan = scan.plan;
  const bool half_year = scan.half_year || frame.kind == "half-year review";
  const bool several_years = kind.rule != nullptr && kind.rule->years == KindYears::kLastCue;
  if (several_years && !frame.review.empty() && frame.review.start.year == frame.review.end.year) {
    // 过去五年 under a title of one year (2022年政府工作报告, published 2022): the five years to it.
    frame.review = kind_period(kind.rule, frame.review.end.year, kind.cue);
  } else if (frame.review.empty() && !target_kind) {
    frame.review = kind_period(kind.rule, frame.year, kind.cue);
    if (half_year && frame.year != 0) frame.review = first_half(frame.year);
  } else if (half_year && !frame.review.empty()) {
    frame.review = first_half(frame.review.end.year);
  }
  // A plan of several years whose headings name its single years (一、2017年工作任务): the whole span.
  const bool plan_of_years = target_kind && kind.rule->years == KindYears::kPlan && kind.rule->count > 1;
  if (target_kind && (frame.plan.empty() || (plan_of_years && frame.plan.start.year == frame.plan.end.year)))
    frame.plan = kind_period(kind.rule, frame.year, kind.cue);
  if (given.period) (target_kind ? frame.plan : frame.review) = *given.period;
  if (frame.plan.empty() && !frame.review.empty() &&
      std::any_of(scan.headings.begin(), scan.headings.end(),
                  [](const Heading& h) { return h.role == Heading::kPlan; })) {
    const int next = frame.review.end.year + 1;
    frame.plan = years(next, next + (scan.five_year ? 4 : 0));
  }
  add_sentence_sections(text, marks, kinds, frame.year, scan.headings);

  build_sections(frame, scan.headings, target_kind, kinds);
  return frame;
}

}  // namespace jiedao::report
