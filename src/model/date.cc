#include "model/date.h"

#include <date/date.h>

#include <cstdio>

namespace jiedao {

int64_t days_spanned(const Period& period) {
  const auto day = [](const CivilDate& d) {
    return date::sys_days{date::year{d.year} / date::month{static_cast<unsigned>(d.month)} /
                          date::day{static_cast<unsigned>(d.day)}};
  };
  return (day(period.end) - day(period.start)).count();
}

Span span_of(const Period& period) {
  const CivilDate& a = period.start;
  const CivilDate& b = period.end;
  if (a.year != b.year) return Span::kMultiYear;
  if (a.day != 1) return Span::kMonths;
  const int last =
      date::year_month_day_last{date::year{b.year} / date::month{static_cast<unsigned>(b.month)} / date::last}
          .day()
          .
          operator unsigned();
  if (b.day != last) return Span::kMonths;
  const int months = b.month - a.month + 1;
  if (months == 12) return Span::kYear;
  if (months == 6 && (a.month == 1 || a.month == 7)) return Span::kHalf;
  if (months == 3 && (a.month - 1) % 3 == 0) return Span::kQuarter;
  return Span::kMonths;
}

std::string_view span_name(Span span) {
  switch (span) {
    case Span::kYear:
      return "year";
    case Span::kHalf:
      return "half";
    case Span::kQuarter:
      return "quarter";
    case Span::kMonths:
      return "months";
    case Span::kMultiYear:
      return "multi_year";
  }
  return "months";
}

std::string iso_date(const CivilDate& d) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buffer;
}

// By hand: sscanf was 5% of reading a series from the store.
std::optional<CivilDate> parse_iso_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int parts[3] = {};
  const int widths[3][2] = {{0, 4}, {5, 2}, {8, 2}};
  for (int i = 0; i < 3; ++i) {
    for (int k = 0; k < widths[i][1]; ++k) {
      const char c = text[static_cast<size_t>(widths[i][0] + k)];
      if (c < '0' || c > '9') return std::nullopt;
      parts[i] = parts[i] * 10 + (c - '0');
    }
  }
  return CivilDate{parts[0], parts[1], parts[2]};
}

}  // namespace jiedao
