#include "model/time.h"

#include <date/date.h>
#include <date/tz.h>

#include <chrono>
#include <exception>
#include <optional>

namespace jiedao {

namespace {

// The offset Shanghai has kept since 1991, for when the time zone database cannot be read.
constexpr std::chrono::hours kStandardOffset{8};

// The Asia/Shanghai zone, or nullptr when the time zone database cannot be read.
const date::time_zone* shanghai() {
  static const date::time_zone* const zone = []() -> const date::time_zone* {
    try {
      return date::locate_zone("Asia/Shanghai");
    } catch (const std::exception&) {
      return nullptr;
    }
  }();
  return zone;
}

// A local time in Asia/Shanghai, or nullopt when the time zone database cannot be read.
std::optional<date::zoned_seconds> in_shanghai(date::local_seconds local) {
  if (const date::time_zone* zone = shanghai()) {
    try {
      return date::zoned_seconds(zone, local, date::choose::earliest);
    } catch (const std::exception&) {
    }
  }
  return std::nullopt;
}

// The local midnight a point stands at: the start of its period's last day.
date::local_seconds point_midnight(const Period& period) {
  const date::year_month_day day{date::year{period.end.year},
                                 date::month{static_cast<unsigned>(period.end.month)},
                                 date::day{static_cast<unsigned>(period.end.day)}};
  return date::local_seconds{date::local_days{day}};
}

}  // namespace

std::string point_time(const Period& period) {
  if (period.empty()) return "";
  const date::local_seconds local = point_midnight(period);
  if (const auto zoned = in_shanghai(local)) return date::format("%FT%T%Ez", *zoned);
  return date::format("%FT%T", local) + "+08:00";
}

int64_t point_epoch_seconds(const Period& period) {
  const date::local_seconds local = point_midnight(period);
  if (const auto zoned = in_shanghai(local)) return zoned->get_sys_time().time_since_epoch().count();
  return (local.time_since_epoch() - kStandardOffset).count();
}

std::string now_iso() {
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  if (const date::time_zone* zone = shanghai()) {
    try {
      return date::format("%FT%T%Ez", date::zoned_seconds(zone, now));
    } catch (const std::exception&) {
    }
  }
  return date::format("%FT%T", now + kStandardOffset) + "+08:00";
}

}  // namespace jiedao
