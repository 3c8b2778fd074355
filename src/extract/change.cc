#include "extract/change.h"

#include <array>

#include "text/utf8.h"

namespace jiedao::extract {

namespace {

struct Direction {
  std::string_view word;
  int sign;
};

// 增速 and 增幅 give the sign the number carries (同比增速-21.4%); 增 alone is a change only
// before a rate (可比增3%), since 新增 and 增加 before a count state what was added.
constexpr std::array<Direction, 20> kDirections = {{
    {"增长", 1},  {"增产", 1},  {"减产", -1}, {"上升", 1},  {"提高", 1},  {"提升", 1},  {"增加", 1},
    {"增幅", 1},  {"上涨", 1},  {"扩大", 1},  {"增速", 1},  {"增", 1},    {"下降", -1}, {"减少", -1},
    {"降低", -1}, {"回落", -1}, {"下滑", -1}, {"降幅", -1}, {"缩小", -1}, {"减", -1},
}};

// Words that may stand between a direction verb and its number (下降了约5%).
constexpr std::array<std::string_view, 11> kFillers = {"了", "达",   "约", "近",   "超过", "超",
                                                       "逾", "高达", "为", "分别", "达到"};

// 比增 is the reports' short form of 同比增长 (税收比增15%).
constexpr std::array<std::string_view, 10> kYearOnYear = {
    "同比", "比上年", "较上年", "比去年", "较去年", "与上年相比", "同期相比", "比上一年", "可比", "比增"};

// `pos` moved back over the fillers that end there (下降了约5%: to the end of 下降), not past `limit`.
size_t before_fillers(std::string_view text, size_t pos, size_t limit) {
  for (bool stripped = true; stripped;) {
    stripped = false;
    for (std::string_view filler : kFillers) {
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
bool yoy_before(std::string_view text, size_t pos, size_t limit) {
  pos = before_fillers(text, pos, limit);
  for (std::string_view marker : kYearOnYear) {
    if (pos - limit >= marker.size() && ends_with_at(text, pos, marker)) return true;
  }
  return false;
}

// The sign of a direction verb that ends at `pos` (after fillers), or 0.
int direction_before(std::string_view text, size_t pos, size_t limit) {
  pos = before_fillers(text, pos, limit);
  for (const Direction& d : kDirections) {
    if (pos - limit >= d.word.size() && ends_with_at(text, pos, d.word)) return d.sign;
  }
  return 0;
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

ChangeReading read_change(std::string_view text, const Quantity& q, const Window& clause) {
  ChangeReading reading;
  const size_t limit = clause.begin;
  // A base value: 同比(715起), 较2016年1.5平方米/人.
  size_t before = q.begin;
  if (ends_with_at(text, before, "(") || ends_with_at(text, before, "（")) {
    before -= ends_with_at(text, before, "(") ? 1 : 3;
  }
  for (std::string_view marker : kYearOnYear) {
    if (before - limit >= marker.size() && ends_with_at(text, before, marker) && before != q.begin) {
      reading.base_value = true;
      return reading;
    }
  }
  // 比去年同期(5181万元), 较上年同期3.2亿元: last year's level, with or without brackets.
  for (std::string_view marker :
       {"比去年同期", "比上年同期", "较去年同期", "较上年同期", "去年同期为", "上年同期为"}) {
    if (before - limit >= marker.size() && ends_with_at(text, before, marker)) {
      reading.base_value = true;
      return reading;
    }
  }
  if (ends_with_base_year(text, before, limit)) {
    reading.base_value = true;
    return reading;
  }
  int sign = direction_before(text, q.begin, limit);
  const bool points = q.unit != nullptr && q.unit->change;
  const bool rate = q.unit != nullptr && q.unit->unit == "percent";
  if (sign == 0 && rate && yoy_before(text, q.begin, limit)) {
    reading.change = "yoy";
    reading.sign = 1;
    return reading;
  }
  if (sign == 0 && !points) return reading;
  bool yoy = false;
  for (std::string_view marker : kYearOnYear) yoy = yoy || contains(text, limit, q.begin, marker);
  if (yoy) {
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
                           const Window& clause) {
  auto said = [&](std::initializer_list<std::string_view> words) {
    for (std::string_view w : words) {
      if (contains(text, clause.begin, q.begin, w)) return true;
    }
    return false;
  };
  if (unit == "t" && said({"日均", "每日", "每天", "日处理", "日产生", "日收运"})) return "t/d";
  if (unit == "m2" && said({"人均"})) return "m2/person";
  if (unit == "count" && said({"每千人", "每千名", "每千户", "每千常住人口"})) return "per_1000";
  if (unit == "count" && said({"每万人", "每万名", "每万户", "每万常住人口"})) return "per_10000";
  return unit;
}

}  // namespace jiedao::extract
