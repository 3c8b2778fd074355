#include "report/time_cues.h"

#include <algorithm>
#include <cstring>
#include <initializer_list>
#include <optional>
#include <utility>

#include "extract/clauses.h"
#include "report/calendar.h"
#include "text/numeral.h"
#include "text/utf8.h"

namespace jiedao::report {

using extract::contains_any;
using extract::ends_with_any;
using extract::ends_with_at;
using extract::starts_with_any;
using extract::starts_with_at;

namespace {

struct YearAt {
  int year = 0;
  size_t begin = 0;     // of the 4 digits
  size_t end = 0;       // after 年 (and 年度)
  bool annual = false;  // 年度
};

// Every YYYY年 in [begin, end).
std::vector<YearAt> years_in(std::string_view text, size_t begin, size_t end) {
  std::vector<YearAt> found;
  // Searching only [begin, end + 3) keeps this linear in the window, not in the report.
  const std::string_view window = text.substr(0, std::min(text.size(), end + 3));
  for (size_t at = text::find_word(window, "年", begin); at != window.npos && at < end;
       at = text::find_word(window, "年", at + 1)) {
    if (at < begin + 4) continue;
    int year = 0;
    bool ok = true;
    for (size_t i = at - 4; i < at; ++i) {
      if (text[i] < '0' || text[i] > '9') {
        ok = false;
      } else {
        year = year * 10 + (text[i] - '0');
      }
    }
    if (!ok || !report_year(year)) continue;
    if (at >= 5 && text[at - 5] >= '0' && text[at - 5] <= '9') continue;
    YearAt y{year, at - 4, at + 3, false};
    if (starts_with_at(text, y.end, "度")) {
      y.annual = true;
      y.end += 3;
    }
    found.push_back(y);
  }
  return found;
}

bool is_clause_mark(char32_t c) {
  return c == U'，' || c == U',' || c == U'。' || c == U'；' || c == U';' || c == U'：' || c == U':' ||
         c == U'\n' || c == U'、' || c == U'(' || c == U'（';
}

// Whether the year stands at the start of its clause, as the time of what
// follows (2018年度基地新增…, 于2017年创建…), not as part of a name (开展2019年新版…).
bool opens_clause(std::string_view text, size_t pos, size_t limit, const TimeWords& words) {
  while (pos > limit) {
    size_t prev = text::previous_start(text, pos);
    char32_t c = text::code_point_at(text, prev);
    if (c == U' ' || c == 0x3000) {
      pos = prev;
      continue;
    }
    // 于2018年获评…, 在2019年的…, 自2020年8月起: a time adverbial wherever it stands.
    return is_clause_mark(c) || ends_with_any(text, pos, words.year_opener);
  }
  return true;
}

// 截至2020年底, 至10月底, 到2025年末: the date a stock or a total is counted to.
std::optional<CivilDate> end_date_at(std::string_view text, size_t pos, int default_year) {
  size_t i = pos;
  int year = 0, month = 0;
  auto read_digits = [&](int max_digits, int& out) {
    int digits = 0;
    out = 0;
    while (i < text.size() && digits < max_digits && text[i] >= '0' && text[i] <= '9') {
      out = out * 10 + (text[i++] - '0');
      ++digits;
    }
    return digits;
  };
  int digits = read_digits(4, year);
  if (digits == 4 && starts_with_at(text, i, "年")) {
    i += 3;
  } else {
    i = pos;
    year = 0;
  }
  size_t before_month = i;
  if (read_digits(2, month) > 0 && starts_with_at(text, i, "月")) {
    i += 3;
  } else {
    i = before_month;
    month = 0;
  }
  if (year == 0 && month == 0) return std::nullopt;
  if (!(starts_with_at(text, i, "底") || starts_with_at(text, i, "末"))) return std::nullopt;
  if (year == 0) year = default_year;
  if (month == 0) month = 12;
  if (!report_year(year) || month < 1 || month > 12) return std::nullopt;
  return CivilDate{year, month, last_day_of_month(year, month)};
}

// An enumeration mark that starts a new item within a paragraph: 五是, （二）.
bool item_starts_at(std::string_view text, size_t pos) {
  auto n = text::read_numeral(text, pos);
  if (!n || n->form != text::NumeralForm::kChinese) return false;
  return starts_with_at(text, n->end, "是");
}

struct Time {
  Period period;
  bool found = false;
};

// 自2020年8月起, 从2019年开始, 2020年以来: figures counted from a date to the end of the section's
// period (a mid-2021 summary: 2020-08-01..2021-06-30). Only when the section ends later.
std::optional<Period> since_date(std::string_view text, const YearAt& y, const Section& section,
                                 const TimeWords& words) {
  size_t i = y.end;
  int month = 1;
  if (i < text.size() && text[i] >= '0' && text[i] <= '9') {
    int m = 0;
    size_t j = i;
    while (j < text.size() && j < i + 2 && text[j] >= '0' && text[j] <= '9') m = m * 10 + (text[j++] - '0');
    if (!starts_with_at(text, j, "月") || m < 1 || m > 12) return std::nullopt;
    month = m;
    i = j + 3;
  }
  const bool from = ends_with_any(text, y.begin, words.from);
  const bool since =
      starts_with_any(text, i, words.since) || (from && starts_with_any(text, i, words.from_end));
  if (!since || section.period.empty()) return std::nullopt;
  const CivilDate start{y.year, month, 1};
  if (!(start < section.period.end)) return std::nullopt;
  return Period{start, section.period.end};
}

// The time a sentence gives the fact at `pos`: the last cue before it.
Time sentence_time(std::string_view text, size_t sentence_begin, size_t pos, const Section& section,
                   const TimeWords& words) {
  Time time;
  size_t best_at = 0;
  const int default_year = section.period.empty() ? 0 : section.period.end.year;
  // 截至…底
  for (std::string_view until : words.until) {
    const std::string_view before = text.substr(0, std::min(text.size(), pos + until.size()));
    for (size_t at = text::find_word(before, until, sentence_begin); at != before.npos && at < pos;
         at = text::find_word(before, until, at + 1)) {
      auto end = end_date_at(text, at + until.size(), default_year);
      if (!end || at < best_at) continue;
      best_at = at;
      time.found = true;
      if (section.status == Status::kTarget && section.period.start.year <= end->year &&
          end->year <= section.period.end.year) {
        time.period = {section.period.start, *end};
      } else {
        time.period = {{end->year, 1, 1}, *end};
      }
    }
  }
  // 于2017年, 2019年上半年, 在2019年的…; 自2020年8月起, 2020年以来: from then to the section's end
  for (const YearAt& y : years_in(text, sentence_begin, pos)) {
    if (y.begin < best_at || !opens_clause(text, y.begin, sentence_begin, words)) continue;
    if (starts_with_at(text, y.end, "底") || starts_with_at(text, y.end, "末")) continue;
    if (auto since = since_date(text, y, section, words); since) {
      best_at = y.begin;
      time.found = true;
      time.period = *since;
      continue;
    }
    best_at = y.begin;
    time.found = true;
    time.period = starts_with_any(text, y.end, words.first_half) ? first_half(y.year) : years(y.year, y.year);
  }
  return time;
}

// The year a paragraph's item gives all its sentences: 2018年度基地新增…
Time item_time(std::string_view text, size_t paragraph_begin, size_t sentence_begin, size_t pos,
               const TimeWords& words) {
  Time time;
  for (const YearAt& y : years_in(text, paragraph_begin, sentence_begin)) {
    if (!y.annual || !opens_clause(text, y.begin, paragraph_begin, words)) continue;
    time.found = true;
    time.period = years(y.year, y.year);
    // An item that starts after the year ends its reach.
    size_t length = 0;
    for (size_t i = y.end; i < pos; i += length) {
      text::decode_at(text, i, length);
      if (item_starts_at(text, i)) {
        time.found = false;
        break;
      }
    }
  }
  return time;
}

// A date that the work is counted from (自2020年8月起, 2020年8月以来) at the start of a sentence
// frames the rest of its paragraph: what follows reports the work since then. The cues of one
// paragraph are read once, for all its facts.
class ParagraphSince {
 public:
  Time at(std::string_view text, size_t paragraph_begin, size_t sentence_begin, const Section& section,
          const TimeWords& words) {
    if (paragraph_begin != paragraph_ || &section != section_) {
      paragraph_ = paragraph_begin;
      section_ = &section;
      cues_.clear();
      const size_t end = text.find('\n', paragraph_begin);
      for (const YearAt& y :
           years_in(text, paragraph_begin, end == std::string_view::npos ? text.size() : end)) {
        if (!opens_clause(text, y.begin, paragraph_begin, words)) continue;
        if (auto since = since_date(text, y, section, words); since) cues_.push_back({y.begin, *since});
      }
    }
    Time time;
    for (const auto& [begin, period] : cues_) {
      if (begin >= sentence_begin) break;
      time = {period, true};
    }
    return time;
  }

 private:
  size_t paragraph_ = std::string_view::npos;
  const Section* section_ = nullptr;
  std::vector<std::pair<size_t, Period>> cues_;
};

struct Cue {
  size_t at = std::string_view::npos;  // where the cue begins; npos for none
  std::string_view why;
};

// The word of `lists` that begins first in `window` (the text from byte `begin`), with the reason
// given for its list.
Cue first_cue(std::string_view window, size_t begin,
              std::initializer_list<std::pair<const std::vector<std::string>*, std::string_view>> lists) {
  Cue first;
  for (const auto& [list, why] : lists) {
    for (const std::string& w : *list) {
      const size_t at = text::find_word(window, w);
      if (at != std::string_view::npos && begin + at < first.at) first = {begin + at, why};
    }
  }
  return first;
}

// A target inside a review: 力争…, 目标为…, a figure 列入 the year's 实事 (announced projects), or
// one whose clause goes on to name it a plan (上报10条…的建设计划).
// Where in a sentence the words that make its later figures targets stand: 力争 or 争取 (whose
// reach takes in the items of their semicolon list) and a project's yield once built (达产后). Read
// once per sentence, for all its facts.
class AimCues {
 public:
  const Cue& aim(std::string_view text, size_t list_begin, size_t sentence_end, const TimeWords& words) {
    if (list_begin != list_ || sentence_end != list_end_) {
      list_ = list_begin;
      list_end_ = sentence_end;
      aim_ = first_cue(text.substr(list_begin, sentence_end - list_begin), list_begin,
                       {{&words.strive, "力争"}, {&words.strive_for, "争取"}});
    }
    return aim_;
  }
  const Cue& yield(std::string_view text, extract::Window sentence, const TimeWords& words) {
    if (sentence.begin != sentence_) {
      sentence_ = sentence.begin;
      yield_ = first_cue(sentence.of(text), sentence.begin, {{&words.yield, "达产后"}});
    }
    return yield_;
  }

 private:
  size_t list_ = std::string_view::npos, list_end_ = 0, sentence_ = std::string_view::npos;
  Cue aim_, yield_;
};

std::string_view target_within_review(std::string_view text, AimCues& cues, size_t list_begin,
                                      extract::Window sentence, size_t clause_end, const Fact& fact,
                                      const TimeWords& words) {
  const size_t sentence_begin = sentence.begin;
  // 力争 and 争取 reach over the items of their list (争取实现财政总收入11亿元;规上工业总产值300亿元).
  if (const Cue& aim = cues.aim(text, list_begin, sentence.end, words); aim.at < fact.begin) return aim.why;
  // What a project is expected to yield once built (项目建成达产后,预计年可生产…): a projection.
  if (const Cue& built = cues.yield(text, sentence, words); built.at < fact.begin) return built.why;
  // An amount planned (2022年计划投资40.6亿元, 今年固投计划13亿元, 计划总投资为9.3亿元).
  if (fact.unit != "percent") {
    size_t at = fact.begin;
    for (std::string_view filler : words.plan_filler) {
      if (ends_with_at(text, at, filler)) at -= filler.size();
    }
    if (ends_with_any(text, at, words.planned)) return "计划";
  }
  // A target quoted inside a completion (完成年初目标45亿元的116%, 完成区计划3亿元的158.93%,
  // 完成全年任务(13963.07万元)进度的71.20%).
  size_t quoted = fact.begin;
  if (ends_with_at(text, quoted, "(")) quoted -= 1;
  if (ends_with_at(text, quoted, "（")) quoted -= std::string_view("（").size();
  const bool quoted_share =
      fact.unit != "percent" && (quoted != fact.begin || starts_with_at(text, fact.end, "的"));
  if (ends_with_any(text, quoted, words.target) ||
      (quoted_share && ends_with_any(text, quoted, words.quoted_target)))
    return "目标";
  // The words after the number first: its clause is short, the sentence may be long.
  if (contains_any(text, fact.end, clause_end, words.projects) &&
      contains_any(text, sentence_begin, clause_end, words.put))
    return "列入实事";
  if (contains_any(text, fact.end, clause_end, words.plan_after)) return "的计划";
  return "";
}

// 截至目前, 目前, 现有: a stock counted now, at the end of the period a review of several years covers.
bool counted_now(std::string_view text, size_t sentence_begin, size_t pos, const TimeWords& words) {
  return contains_any(text, sentence_begin, pos, words.now);
}

// 年均增长6.5%: a change over every year of the period.
bool average_annual(std::string_view text, size_t clause_begin, const Fact& fact, const TimeWords& words) {
  return !fact.change.empty() && contains_any(text, clause_begin, fact.begin, words.average);
}

// In a plan of several years, a paragraph that opens with a year (2025年确保全镇生产总值实现9.3亿元…)
// sets its targets' year: the levels of that year, not of the whole plan.
int paragraph_year(std::string_view text, size_t paragraph_begin, size_t pos) {
  for (const YearAt& y : years_in(text, paragraph_begin, std::min(pos, paragraph_begin + 24))) {
    if (y.begin <= paragraph_begin + 6 && !starts_with_at(text, y.end, "底") &&
        !starts_with_at(text, y.end, "末"))
      return y.year;
  }
  return 0;
}

// The start of the line that holds byte `pos`. memrchr, not rfind: rfind steps back a byte at a
// time, and a report's paragraphs run for thousands of bytes with a fact every few dozen.
size_t paragraph_begin(std::string_view text, size_t pos) {
  if (pos == 0) return 0;
  const void* at = memrchr(text.data(), '\n', pos);  // bytes [0, pos)
  return at == nullptr ? 0 : static_cast<size_t>(static_cast<const char*>(at) - text.data()) + 1;
}

}  // namespace

void assign_time(std::string_view text, const extract::ClauseMarks& marks, const Frame& frame,
                 const TimeWords& words, std::vector<Fact>& facts) {
  ParagraphSince since;
  AimCues cues;
  for (Fact& fact : facts) {
    const Section& section = section_at(frame, fact.begin);
    fact.status = section.status;
    fact.period = section.period;
    fact.section = static_cast<int>(&section - frame.sections.data());
    const extract::Window sentence = marks.sentence_around(fact.begin);
    const extract::Window clause = marks.clause_around(fact.begin);
    if (section.status == Status::kActual) {
      const size_t list = extract::list_begin(text, marks, sentence.begin);
      if (std::string_view why = target_within_review(text, cues, list, sentence, clause.end, fact, words);
          !why.empty()) {
        fact.status = Status::kTarget;
        fact.status_cue = why;
      }
    }
    const bool several_years = !section.period.empty() && section.period.end.year > section.period.start.year;
    if (several_years && section.status == Status::kTarget &&
        average_annual(text, clause.begin, fact, words)) {
      fact.time_cue = "an average over the plan (年均)";
      continue;
    }
    if (fact.is_base_value) {
      const int base = section.period.empty() ? 0 : section.period.end.year - 1;
      auto ys = years_in(text, sentence.begin, fact.begin);
      int year = !ys.empty() && ys.back().end == fact.begin ? ys.back().year : base;
      if (year != 0) fact.period = years(year, year);
      continue;
    }
    const size_t paragraph = paragraph_begin(text, sentence.begin);
    Time time = sentence_time(text, sentence.begin, fact.begin, section, words);
    if (!time.found) time = item_time(text, paragraph, sentence.begin, fact.begin, words);
    if (!time.found) time = since.at(text, paragraph, sentence.begin, section, words);
    if (time.found) {
      fact.period = time.period;
      fact.time_cue = "its own time (a year, 截至…, 自…起 or 年度 before it)";
    } else if (several_years && section.status == Status::kActual &&
               counted_now(text, sentence.begin, fact.begin, words)) {
      fact.period = years(section.period.end.year, section.period.end.year);
      fact.time_cue = "counted now (目前), at the end of the period";
    } else if (several_years && section.status == Status::kTarget && fact.change.empty()) {
      if (int year = paragraph_year(text, paragraph, fact.begin);
          year >= section.period.start.year && year <= section.period.end.year) {
        fact.period = years(year, year);
        fact.time_cue = "the year its paragraph opens with";
      }
    }
  }
}

}  // namespace jiedao::report
