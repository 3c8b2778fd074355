// Calendar arithmetic for report periods, on Howard Hinnant's date library.
// Periods are inclusive spans of civil dates in Asia/Shanghai.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "extract/fact.h"

namespace jiedao::report {

// The last day of a month (2019, 2 → 28).
int last_day_of_month(int year, int month);

// The whole years first..last: 2016, 2020 → 2016-01-01..2020-12-31.
Period years(int first, int last);

// The first half of a year: 2019-01-01..2019-06-30.
Period first_half(int year);

// A year a report's own words name as a time (a heading's 2019年, 截至2020年底, a file name's
// 2022): 1990 to 2099. Narrower than plausible_year(): a sub-district's work reports begin in
// the 1990s, and a four-digit number before 年 that is older is history (始建于1958年), not
// the time of a figure.
inline bool report_year(int year) { return year >= 1990 && year <= 2099; }

// The five-year plan period of the Nth plan (13 → 2016..2020), or nullopt.
std::optional<Period> five_year_plan(int n);

// A short name for a period, as metrics and dashboards label it: 2018 (a calendar year),
// 2019H1 / 2019H2 (a half year), 2016-2020 (whole years), else 2018-01-01..2018-10-31.
std::string period_label(const Period& period);

// The period a label names, as period_label() writes it (2018, 2019H1, 2016-2020,
// 2018-01-01..2018-10-31), or nullopt.
std::optional<Period> parse_period(std::string_view text);

// A civil date written 2023-03-31, 2020/9/23, 2020.01.30, 18.02.2016 (day first) or 2019年11月9日
// at the start of `text`, or nullopt.
std::optional<CivilDate> parse_date(std::string_view text);

}  // namespace jiedao::report
