#include "extract/change.h"

#include <utility>

#include "text/utf8.h"

namespace jiedao::extract {

namespace {

// Whether a word of `words` ends at `pos` and starts at or after `limit`.
bool ends_within(std::string_view text, size_t pos, size_t limit, const std::vector<std::string>& words) {
  for (std::string_view w : words) {
    if (pos - limit >= w.size() && ends_with_at(text, pos, w)) return true;
  }
  return false;
}

// `pos` moved back over the fillers that end there (下降了约5%: to the end of 下降), not past `limit`.
size_t before_fillers(std::string_view text, size_t pos, size_t limit, const ChangeWords& words) {
  for (bool stripped = true; stripped;) {
    stripped = false;
    for (std::string_view filler : words.filler) {
      if (pos - limit >= filler.size() && ends_with_at(text, pos, filler)) {
        pos -= filler.size();
        stripped = true;
      }
    }
  }
  return pos;
}

// Whether a year-on-year marker ends at `pos`, after fillers (同比-6.2%, 同比分别-6.2%): the
// number is a change that carries its own sign.
bool yoy_before(std::string_view text, size_t pos, size_t limit, const ChangeWords& words) {
  pos = before_fillers(text, pos, limit, words);
  return ends_within(text, pos, limit, words.year_on_year);
}

// The sign of the longest rise (+1) or fall (-1) verb that ends at `pos` (after fillers), or 0.
int direction_before(std::string_view text, size_t pos, size_t limit, const ChangeWords& words) {
  pos = before_fillers(text, pos, limit, words);
  size_t longest = 0;
  int sign = 0;
  for (const auto& [verbs, verbs_sign] : {std::pair{&words.rise, 1}, std::pair{&words.fall, -1}}) {
    for (std::string_view verb : *verbs) {
      if (verb.size() > longest && pos - limit >= verb.size() && ends_with_at(text, pos, verb)) {
        longest = verb.size();
        sign = verbs_sign;
      }
    }
  }
  return sign;
}

// 较2016年, 比2015年, 与2016年相比 before `pos` in [limit, pos).
bool base_year_before(std::string_view text, size_t limit, size_t pos) {
  for (std::string_view marker : {"较", "比", "与"}) {
    std::string_view window = text.substr(limit, pos - limit);
    for (size_t at = window.find(marker); at != std::string_view::npos; at = window.find(marker, at + 1)) {
      size_t i = limit + at + marker.size();
      int digits = 0;
      while (i < text.size() && text::digit_value(static_cast<unsigned char>(text[i])) >= 0) {
        ++digits;
        ++i;
      }
      if (digits == 4 && starts_with_at(text, i, "年")) return true;
    }
  }
  return false;
}

// 较2016年 ending exactly at `pos`: what follows is the 2016 level.
bool ends_with_base_year(std::string_view text, size_t pos, size_t limit) {
  if (pos - limit < 3 + 4 + 3 || !ends_with_at(text, pos, "年")) return false;
  size_t digits_begin = pos - 3 - 4;
  for (size_t i = digits_begin; i < pos - 3; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  return ends_with_at(text, digits_begin, "较") || ends_with_at(text, digits_begin, "比");
}

}  // namespace

ChangeReading read_change(std::string_view text, const Quantity& q, const Window& clause,
                          const ChangeWords& words) {
  ChangeReading reading;
  const size_t limit = clause.begin;
  // A base value: 同比(715起), 较2016年1.5平方米/人.
  size_t before = q.begin;
  if (ends_with_at(text, before, "(") || ends_with_at(text, before, "（")) {
    before -= ends_with_at(text, before, "(") ? 1 : 3;
  }
  // A year-on-year word before a bracket (同比(715起)); last year's level, with or without
  // brackets (比去年同期(5181万元), 较上年同期3.2亿元); a base year (较2016年).
  if ((before != q.begin && ends_within(text, before, limit, words.year_on_year)) ||
      ends_within(text, before, limit, words.last_year_level) || ends_with_base_year(text, before, limit)) {
    reading.base_value = true;
    return reading;
  }
  int sign = direction_before(text, q.begin, limit, words);
  const bool points = q.unit != nullptr && q.unit->change;
  const bool rate = q.unit != nullptr && q.unit->unit == "percent";
  if (sign == 0 && rate && yoy_before(text, q.begin, limit, words)) {
    reading.change = "yoy";
    reading.sign = 1;
    return reading;
  }
  if (sign == 0 && !points) return reading;
  if (contains_any(text, limit, q.begin, words.year_on_year)) {
    reading.change = "yoy";
  } else if (base_year_before(text, limit, q.begin)) {
    reading.change = "vs_base";
  } else if (points || (q.unit != nullptr && (q.unit->unit == "percent" || q.unit->unit == "times"))) {
    // A rate or a multiple that moved: measured against an earlier level.
    reading.change = "vs_base";
  } else {
    return reading;  // 增加27家: a count of what was added, a level
  }
  reading.sign = sign == 0 ? 1 : sign;
  return reading;
}

std::string_view rate_unit(std::string_view text, const Quantity& q, std::string_view unit,
                           const Window& clause, const ChangeWords& words) {
  auto said = [&](const std::vector<std::string>& rate_words) {
    return contains_any(text, clause.begin, q.begin, rate_words);
  };
  if (unit == "t" && said(words.per_day)) return "t/d";
  if (unit == "m2" && said(words.per_person)) return "m2/person";
  if (unit == "count" && said(words.per_1000)) return "per_1000";
  if (unit == "count" && said(words.per_10000)) return "per_10000";
  return unit;
}

}  // namespace jiedao::extract
