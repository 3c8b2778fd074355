// The series as users see them: the stored points, plus completion rates derived
// from a target and an actual of the same thing.
//
// Where a district has both a target and an actual point for the same indicator,
// unit and period, the view adds a point `completion_rate` = actual / target × 100
// (percent, status actual, family completion_rate) with `of` naming the indicator and
// `sources` the two facts — unless the report states the rate itself: a stated
// completion_rate fact sits in the actual's sentence (拆除违法搭建92处(完成任务量的120%)),
// or a stated rate of that indicator (`of`) is a point of the same district and period.
// Stated and derived rates thus share one key (completion_rate, of, district, period) and
// never both make a point of it; a derived one is told by its `sources`.
// Rates of percentages and targets of zero derive nothing.
//
// The view also says which point is the value of its year (SeriesPoint::year_value): one rule,
// here, for every answer that asks for "the value of 2018".
#pragma once

#include <vector>

#include "base/result.h"
#include "store/store.h"

namespace jiedao::store {

Result<std::vector<SeriesPoint>> series_view(const Store& store, const SeriesFilter& filter);

// Marks the value of each year among `points` (SeriesPoint::year_value): for each indicator,
// unit, district, county, code, status, `of` and calendar year, the point whose period lies within the
// year and spans the most days of it; of two alike, the first.
void mark_year_values(std::vector<SeriesPoint>& points);

// The order of the view: by indicator, district, county, code, status, period end, unit and `of`.
bool view_order(const SeriesPoint& x, const SeriesPoint& y);

// Whether `point` passes `filter` (empty fields and zero years match anything).
bool point_matches(const SeriesPoint& point, const SeriesFilter& filter);

}  // namespace jiedao::store
