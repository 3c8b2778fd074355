#include "report/calendar.h"

#include <date/date.h>

#include <cstdio>

#include "base/whole_number.h"

namespace jiedao::report {

int last_day_of_month(int year, int month) {
  date::year_month_day_last last{date::year{year} / date::month{static_cast<unsigned>(month)} / date::last};
  return static_cast<int>(static_cast<unsigned>(last.day()));
}

Period years(int first, int last) { return {{first, 1, 1}, {last, 12, 31}}; }

Period first_half(int year) { return {{year, 1, 1}, {year, 6, 30}}; }

std::optional<Period> five_year_plan(int n) {
  // The 11th plan was 2006-2010; each plan is five years.
  if (n < 6 || n > 30) return std::nullopt;
  int first = 2006 + 5 * (n - 11);
  return years(first, first + 4);
}

namespace {

// Reads 1 to `max` ASCII digits at `pos`.
bool read_int(std::string_view text, size_t& pos, int max, int& out) {
  int digits = 0;
  out = 0;
  while (pos < text.size() && digits < max && text[pos] >= '0' && text[pos] <= '9') {
    out = out * 10 + (text[pos] - '0');
    ++pos;
    ++digits;
  }
  return digits > 0;
}

bool valid(int y, int m, int d) {
  return plausible_year(y) && m >= 1 && m <= 12 && d >= 1 && d <= last_day_of_month(y, m);
}

}  // namespace

std::optional<CivilDate> parse_date(std::string_view text) {
  size_t pos = 0;
  int y = 0, m = 0, d = 0;
  // 18.02.2016: day, month, year, as some news sites print the date.
  if (read_int(text, pos, 2, d) && pos <= 2 && text.compare(pos, 1, ".") == 0) {
    ++pos;
    if (read_int(text, pos, 2, m) && text.compare(pos, 1, ".") == 0) {
      const size_t year_at = ++pos;
      if (read_int(text, pos, 4, y) && pos == year_at + 4 && valid(y, m, d)) return CivilDate{y, m, d};
    }
    return std::nullopt;
  }
  pos = 0;
  if (!read_int(text, pos, 4, y) || pos != 4) return std::nullopt;
  auto separator = [&](std::string_view a, std::string_view b) {
    if (text.compare(pos, a.size(), a) == 0) {
      pos += a.size();
      return true;
    }
    if (!b.empty() && text.compare(pos, b.size(), b) == 0) {
      pos += b.size();
      return true;
    }
    return false;
  };
  if (separator("-", "/") || separator(".", "")) {
    if (!read_int(text, pos, 2, m) || !(separator("-", "/") || separator(".", "")) ||
        !read_int(text, pos, 2, d)) {
      return std::nullopt;
    }
  } else if (separator("年", "")) {
    if (!read_int(text, pos, 2, m) || !separator("月", "") || !read_int(text, pos, 2, d) ||
        !separator("日", "号")) {
      return std::nullopt;
    }
  } else {
    return std::nullopt;
  }
  if (!valid(y, m, d)) return std::nullopt;
  return CivilDate{y, m, d};
}

std::string period_label(const Period& period) {
  const CivilDate& a = period.start;
  const CivilDate& b = period.end;
  if (period.empty()) return "";
  const bool starts_year = a.month == 1 && a.day == 1;
  const bool ends_year = b.month == 12 && b.day == 31;
  if (starts_year && ends_year) {
    return a.year == b.year ? std::to_string(a.year) : std::to_string(a.year) + "-" + std::to_string(b.year);
  }
  if (a.year == b.year && starts_year && b.month == 6 && b.day == 30) return std::to_string(a.year) + "H1";
  if (a.year == b.year && a.month == 7 && a.day == 1 && ends_year) return std::to_string(a.year) + "H2";
  return iso_date(a) + ".." + iso_date(b);
}

std::optional<Period> parse_period(std::string_view text) {
  auto year_at = [&](std::string_view s) -> int {
    if (s.size() != 4 || !all_ascii_digits(s)) return 0;
    const int y = std::stoi(std::string(s));
    return plausible_year(y) ? y : 0;
  };
  if (const size_t dots = text.find(".."); dots != std::string_view::npos) {
    auto a = parse_date(text.substr(0, dots));
    auto b = parse_date(text.substr(dots + 2));
    if (!a || !b || *b < *a || iso_date(*a).size() != dots || iso_date(*b).size() != text.size() - dots - 2)
      return std::nullopt;
    return Period{*a, *b};
  }
  if (text.size() == 6 && (text.substr(4) == "H1" || text.substr(4) == "H2")) {
    const int y = year_at(text.substr(0, 4));
    if (y == 0) return std::nullopt;
    return text[5] == '1' ? first_half(y) : Period{{y, 7, 1}, {y, 12, 31}};
  }
  if (text.size() == 9 && text[4] == '-') {
    const int a = year_at(text.substr(0, 4)), b = year_at(text.substr(5));
    if (a == 0 || b < a) return std::nullopt;
    return years(a, b);
  }
  if (const int y = year_at(text); y != 0) return years(y, y);
  return std::nullopt;
}

}  // namespace jiedao::report
