// The one clock of the project: civil dates are days in Asia/Shanghai.
//
// A point of a series stands at 00:00 of its period's last day, local time. The offset comes
// from the time zone database (Hinnant's date, tzdata): Shanghai kept summer time from 1986 to
// 1991, so a June 1988 point is at +09:00. When the database cannot be read, +08:00, which
// Shanghai has kept without daylight saving since 1991, stands in; nothing fails.
#pragma once

#include <cstdint>
#include <string>

#include "model/date.h"

namespace jiedao {

// The time of a point: the last day of `period` at 00:00 Asia/Shanghai, ISO 8601 with offset
// (2018-12-31T00:00:00+08:00); "" for an empty period.
std::string point_time(const Period& period);

// The same instant as seconds since the epoch (OpenMetrics and remote-write timestamps).
int64_t point_epoch_seconds(const Period& period);

// The current time in Asia/Shanghai, ISO 8601 with offset (ingested_at, log lines).
std::string now_iso();

}  // namespace jiedao
