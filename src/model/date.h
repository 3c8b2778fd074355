// Civil dates and periods, the calendar every layer shares.
//
// A date is a day in Asia/Shanghai with no time; a period an inclusive span of them. Both are
// written and read as ISO 8601 (2018-12-31) everywhere: in the store, the API, the CLI and
// reports.tsv. Calendar arithmetic and the periods reports name live in report/calendar.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace jiedao {

struct CivilDate {
  int year = 0, month = 0, day = 0;
  bool operator==(const CivilDate&) const = default;
  auto operator<=>(const CivilDate&) const = default;
};

// An inclusive span of civil dates (Asia/Shanghai), e.g. 2018-01-01..2018-12-31.
struct Period {
  CivilDate start;
  CivilDate end;
  bool empty() const { return start.year == 0; }
  bool operator==(const Period&) const = default;
};

// A year a date may have: from the founding of the People's Republic (1949) to 2100. Dates,
// periods and the API's year parameters outside it are refused.
inline constexpr int kFirstYear = 1949, kLastYear = 2100;
inline bool plausible_year(int year) { return year >= kFirstYear && year <= kLastYear; }

// The days from a period's first day to its last (0 for one day): what "covers more" compares.
// REQUIRES: !period.empty()
int64_t days_spanned(const Period& period);

// How long a period is, as a series keeps it apart: one line of the page and one series of a
// TSDB hold a single span, since a year's total and a half year's are not one quantity.
//   year        a calendar year (2018-01-01..2018-12-31)
//   half        2018-01-01..06-30 or 07-01..12-31
//   quarter     a calendar quarter (2018-04-01..06-30)
//   months      any other part of one calendar year (1-10月, 2018-03-01..2018-10-31)
//   multi_year  a period over more than one calendar year (2016-2020, 2019-07..2020-06)
enum class Span { kYear, kHalf, kQuarter, kMonths, kMultiYear };
// REQUIRES: !period.empty()
Span span_of(const Period& period);
std::string_view span_name(Span span);  // "year", "half", "quarter", "months", "multi_year"

// "2018-12-31".
std::string iso_date(const CivilDate& date);

// A date written exactly YYYY-MM-DD, digits only (not checked against the calendar: what
// iso_date() wrote reads back), or nullopt. Reports' own ways of writing dates are
// report::parse_date().
std::optional<CivilDate> parse_iso_date(std::string_view text);

}  // namespace jiedao
