// Which point is the value of its year (store/series_view.h: mark_year_values).
#include <catch2/catch.hpp>

#include "store/series_view.h"

using namespace jiedao;

namespace {

store::SeriesPoint point(Period period, std::string unit = "count", std::string district = "江川路街道") {
  store::SeriesPoint p;
  p.indicator = "jobs_added";
  p.unit = std::move(unit);
  p.district = std::move(district);
  p.period = period;
  return p;
}

const Period kYear2018{{2018, 1, 1}, {2018, 12, 31}};
const Period kFirstHalf2018{{2018, 1, 1}, {2018, 6, 30}};
const Period kFiveYears{{2016, 1, 1}, {2020, 12, 31}};
const Period kYear2020{{2020, 1, 1}, {2020, 12, 31}};
const Period kMonths2020{{2020, 1, 1}, {2020, 10, 31}};
const Period kQuarter2020{{2020, 1, 1}, {2020, 3, 31}};

}  // namespace

TEST_CASE("the whole year is the value of its year, before a half of it", "[store][year_value]") {
  std::vector<store::SeriesPoint> points = {point(kFirstHalf2018), point(kYear2018)};
  store::mark_year_values(points);
  CHECK_FALSE(points[0].year_value);
  CHECK(points[1].year_value);
}

TEST_CASE("without the whole year, the longest part of it is its value", "[store][year_value]") {
  std::vector<store::SeriesPoint> points = {point(kQuarter2020), point(kMonths2020)};
  store::mark_year_values(points);
  CHECK_FALSE(points[0].year_value);
  CHECK(points[1].year_value);
}

TEST_CASE("a period of several years is the value of none of them", "[store][year_value]") {
  std::vector<store::SeriesPoint> points = {point(kFiveYears)};
  store::mark_year_values(points);
  CHECK_FALSE(points[0].year_value);
  points.push_back(point(kYear2020));
  store::mark_year_values(points);
  CHECK_FALSE(points[0].year_value);
  CHECK(points[1].year_value);
}

TEST_CASE("each unit, district and status has its own value of the year", "[store][year_value]") {
  std::vector<store::SeriesPoint> points = {point(kYear2018), point(kYear2018, "percent"),
                                            point(kYear2018, "count", "真新街道"), point(kYear2018)};
  points[3].status = Status::kTarget;
  store::mark_year_values(points);
  for (const auto& p : points) CHECK(p.year_value);
}
