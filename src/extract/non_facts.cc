#include "extract/non_facts.h"

#include <algorithm>
#include <cmath>

#include "extract/clauses.h"
#include "text/tsv.h"
#include "text/utf8.h"

namespace jiedao::extract {

using text::code_point_before;
using text::previous_start;

Result<NameList> NameList::parse(std::string_view content, std::string_view source) {
  auto rows = parse_tsv(content, source, 2);
  if (!rows) return rows.error();
  NameList list;
  for (const TsvRow& row : rows.value()) {
    if (row.fields[0].empty()) {
      return Error{row_place(source, row) + "empty name"};
    }
    list.names_.push_back(row.fields[0]);
  }
  for (size_t i = 0; i < list.names_.size(); ++i) {
    const std::string& name = list.names_[i];
    size_t length = 0;
    list.first_chars_.set(text::decode_at(name, 0, length) & 0xFFFF);
    list.by_first_byte_[static_cast<unsigned char>(name[0])].push_back(i);
  }
  return list;
}

std::vector<std::pair<size_t, size_t>> find_names(std::string_view text, const NameList& names) {
  // One pass over the text's characters (a name is valid UTF-8, so it starts only where a
  // character does), not one search per name: most characters start no name.
  std::vector<std::pair<size_t, size_t>> spans;
  size_t length = 0;
  for (size_t i = 0; i < text.size(); i += length) {
    if (!names.first_chars_.test(text::decode_at(text, i, length) & 0xFFFF)) continue;
    for (size_t index : names.by_first_byte_[static_cast<unsigned char>(text[i])]) {
      const std::string& name = names.names_[index];
      if (text.compare(i, name.size(), name) == 0) spans.emplace_back(i, i + name.size());
    }
  }
  std::sort(spans.begin(), spans.end());
  return spans;
}

namespace {

// How far a quoted name may reach on either side of the number. Quoted names
// of programmes and slogans are short; a longer “…” is a quotation whose
// numbers are facts, and a stray unmatched mark must not swallow a paragraph.
constexpr size_t kQuotedNameReach = 66;  // bytes: about 22 Han characters

bool is_opening_mark(char32_t c) {
  return c == U'“' || c == U'‘' || c == U'「' || c == U'『' || c == U'《' || c == U'〈' || c == U'【';
}
bool is_closing_mark(char32_t c) {
  return c == U'”' || c == U'’' || c == U'」' || c == U'』' || c == U'》' || c == U'〉' || c == U'】';
}

// The code point before `pos`, skipping spaces.
char32_t previous_visible(std::string_view text, size_t pos) {
  while (pos > 0) {
    size_t start = previous_start(text, pos);
    char32_t c = text::code_point_at(text, start);
    if (c != U' ' && c != 0x3000) return c;
    pos = start;
  }
  return 0;
}

}  // namespace

bool inside_quoted_name(std::string_view text, size_t begin, size_t end) {
  bool opened = false;
  size_t pos = begin;
  while (pos > 0 && begin - pos < kQuotedNameReach) {
    pos = previous_start(text, pos);
    char32_t c = text::code_point_at(text, pos);
    if (c == U'\n' || is_closing_mark(c)) return false;
    if (is_opening_mark(c)) {
      opened = true;
      break;
    }
  }
  if (!opened) return false;
  size_t length = 0;
  for (pos = end; pos < text.size() && pos - end < kQuotedNameReach; pos += length) {
    char32_t c = text::decode_at(text, pos, length);
    if (c == U'\n' || is_opening_mark(c)) return false;
    if (is_closing_mark(c)) return true;
  }
  return false;
}

namespace {

// Whether `pos` follows the year (and month) of a date written with - / or . (2025-|01-17,
// 2023/3/|31): its month and day are no quantity.
bool after_date_prefix(std::string_view text, size_t pos) {
  auto separator = [&](size_t i) { return text[i] == '-' || text[i] == '/' || text[i] == '.'; };
  auto digit = [&](size_t i) { return text[i] >= '0' && text[i] <= '9'; };
  auto year_ends_at = [&](size_t end) {  // four digits 1xxx or 2xxx end at `end`, no fifth before
    if (end < 4) return false;
    for (size_t i = end - 4; i < end; ++i)
      if (!digit(i)) return false;
    return (text[end - 4] == '1' || text[end - 4] == '2') && (end == 4 || !digit(end - 5));
  };
  if (pos == 0 || !separator(pos - 1)) return false;
  if (year_ends_at(pos - 1)) return true;
  size_t month = pos - 1;
  while (month > 0 && pos - 1 - month < 2 && digit(month - 1)) --month;
  return month < pos - 1 && month > 0 && separator(month - 1) && year_ends_at(month - 1);
}

}  // namespace

std::string_view non_fact_reason(std::string_view text, const Quantity& q,
                                 const std::vector<std::pair<size_t, size_t>>& name_spans) {
  const text::Numeral& n = q.number;
  // Thousands of digits, or 亿亿亿…: a value past what a double holds (found by fuzz/extract_fuzz).
  const int64_t num = q.unit != nullptr ? q.unit->numerator : 1,
                den = q.unit != nullptr ? q.unit->denominator : 1;
  if (!std::isfinite(n.decimal.times(num, den)) || (q.upper && !std::isfinite(q.upper->times(num, den)))) {
    return "a number too large to be a quantity";
  }
  if (n.form == text::NumeralForm::kChineseDigits) return "Chinese digits read one by one (a year or a code)";
  if (n.lone_one && !q.upper) return "一 used as an article (一批, 一起)";
  if (n.lone_two && !q.upper) return "二 as an ordinal (二期); the cardinal before a measure word is 两";
  if (after_date_prefix(text, q.begin)) return "part of a date (2025-01-17, 2023/3/31)";
  // 10:29:00 名称: the seconds of a time of day, not a count of what follows.
  if (q.begin >= 3 && (text[q.begin - 1] == ':') && text[q.begin - 2] >= '0' && text[q.begin - 2] <= '9' &&
      text[q.begin - 3] >= '0' && text[q.begin - 3] <= '9')
    return "part of a time of day (10:29:00)";
  if (q.unit != nullptr && q.unit->surface == "次" &&
      (starts_with_at(text, q.end, "全会") || starts_with_at(text, q.end, "会议") ||
       starts_with_at(text, q.end, "全体会议")) &&
      text.substr(q.begin > 30 ? q.begin - 30 : 0, q.begin > 30 ? 30 : q.begin).find("届") !=
          std::string_view::npos)
    return "a session number (十一届市委十次全会, 人大八次会议)";
  // 提前了7个月, 20个工作日之内: a duration, not a count of things.
  if (q.unit != nullptr && q.unit->surface == "个" &&
      (starts_with_at(text, q.end, "月") || starts_with_at(text, q.end, "工作日") ||
       starts_with_at(text, q.end, "小时") || starts_with_at(text, q.end, "星期") ||
       starts_with_at(text, q.end, "季度")))
    return "a duration (7个月, 20个工作日)";
  const char32_t before = previous_visible(text, q.begin);
  if (before == U'第') return "an ordinal (第N)";
  if (before == U'届') return "a session number (一届四次)";
  // 82弄6号, 100号3幢: a number after 号/弄 names a building or a room, not how many.
  if ((before == U'号' || before == U'弄') && q.unit != nullptr &&
      (q.unit->surface == "幢" || q.unit->surface == "栋" || q.unit->surface == "层" ||
       q.unit->surface == "间" || q.unit->surface == "座" || q.unit->surface == "门")) {
    return "part of an address (100弄3幢)";
  }
  if (text::is_ascii_letter(before) || before == U'+' || before == U'＋')
    return "part of a code (G60, 1+4+X)";
  if (q.unit != nullptr && (q.unit->surface == "名" || q.unit->surface == "位") &&
      (ends_with_at(text, q.begin, "前") || ends_with_at(text, q.begin, "排名"))) {
    return "a rank (前三名)";
  }
  if (inside_quoted_name(text, q.begin, q.end)) return "inside a quoted name (“五个一”)";
  auto first_after =
      std::upper_bound(name_spans.begin(), name_spans.end(), std::make_pair(q.begin, text.size()));
  for (auto it = name_spans.begin(); it != first_after; ++it) {
    if (it->second > q.begin) return "inside a fixed name (八项规定)";
  }
  return {};
}

}  // namespace jiedao::extract
