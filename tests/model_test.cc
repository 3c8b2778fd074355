// The model every layer shares: dates and periods, and a figure's status.
#include <catch2/catch.hpp>

#include "model/date.h"
#include "model/status.h"

using namespace jiedao;

TEST_CASE("dates are written and read as ISO 8601", "[model]") {
  CHECK(iso_date({2018, 12, 31}) == "2018-12-31");
  CHECK(iso_date({987, 1, 2}) == "0987-01-02");
  for (const CivilDate d : {CivilDate{2018, 12, 31}, CivilDate{1949, 10, 1}, CivilDate{2100, 1, 1}})
    CHECK(parse_iso_date(iso_date(d)) == d);
  // Exactly YYYY-MM-DD: the store's own writing, nothing else.
  for (const char* text :
       {"", "2018-1-31", "2018/12/31", "2018-12-31 ", "20181231", "2018-12-3x", "２０１８-12-31"})
    CHECK_FALSE(parse_iso_date(text));
}

TEST_CASE("a status has one spelling", "[model]") {
  CHECK(status_name(Status::kActual) == "actual");
  CHECK(status_name(Status::kTarget) == "target");
  CHECK(parse_status("actual") == Status::kActual);
  CHECK(parse_status("target") == Status::kTarget);
  for (const char* text : {"", "Actual", "plan", "actual "}) CHECK_FALSE(parse_status(text));
}
