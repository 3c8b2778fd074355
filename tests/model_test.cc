// The model every layer shares: dates and periods, the time of a point, and a figure's status.
#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>

#include "model/date.h"
#include "model/number.h"
#include "model/status.h"
#include "model/time.h"

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

TEST_CASE("a period's span keeps a year apart from its parts and from several years", "[model]") {
  struct Case {
    const char* start;
    const char* end;
    const char* span;
  };
  const Case cases[] = {
      {"2018-01-01", "2018-12-31", "year"},       {"2019-01-01", "2019-06-30", "half"},
      {"2019-07-01", "2019-12-31", "half"},       {"2019-04-01", "2019-06-30", "quarter"},
      {"2019-10-01", "2019-12-31", "quarter"},    {"2019-02-01", "2019-04-30", "months"},
      {"2019-01-01", "2019-10-31", "months"},     {"2019-03-01", "2019-08-31", "months"},
      {"2019-01-01", "2019-06-29", "months"},     {"2019-01-02", "2019-12-31", "months"},
      {"2020-02-01", "2020-02-29", "months"},     {"2016-01-01", "2020-12-31", "multi_year"},
      {"2019-07-01", "2020-06-30", "multi_year"}, {"2018-12-01", "2019-01-31", "multi_year"},
  };
  for (const Case& c : cases) {
    INFO(c.start << ".." << c.end);
    const Period period{*parse_iso_date(c.start), *parse_iso_date(c.end)};
    CHECK(span_name(span_of(period)) == c.span);
  }
}

TEST_CASE("a status has one spelling", "[model]") {
  CHECK(status_name(Status::kActual) == "actual");
  CHECK(status_name(Status::kTarget) == "target");
  CHECK(parse_status("actual") == Status::kActual);
  CHECK(parse_status("target") == Status::kTarget);
  for (const char* text : {"", "Actual", "plan", "actual "}) CHECK_FALSE(parse_status(text));
}

TEST_CASE("the time of a point is the last day of its period in Shanghai", "[model]") {
  struct Case {
    Period period;
    const char* time;
  };
  const Case cases[] = {
      {Period{{2018, 1, 1}, {2018, 12, 31}}, "2018-12-31T00:00:00+08:00"},
      {Period{{2016, 1, 1}, {2020, 12, 31}}, "2020-12-31T00:00:00+08:00"},
      {Period{{2019, 1, 1}, {2019, 6, 30}}, "2019-06-30T00:00:00+08:00"},
      {{{2020, 2, 1}, {2020, 2, 29}}, "2020-02-29T00:00:00+08:00"},
      {{}, ""},
  };
  for (const Case& c : cases) {
    INFO(c.time);
    CHECK(point_time(c.period) == c.time);
  }
}

TEST_CASE("now is written in Shanghai time with its offset", "[model]") {
  const std::string now = now_iso();
  const std::string shape = "dddd-dd-ddTdd:dd:dd+08:00";
  INFO(now);
  REQUIRE(now.size() == shape.size());
  for (size_t i = 0; i < shape.size(); ++i) {
    if (shape[i] == 'd')
      CHECK((now[i] >= '0' && now[i] <= '9'));
    else
      CHECK(now[i] == shape[i]);
  }
}

TEST_CASE("a point's timestamp is its time in seconds since the epoch", "[model]") {
  CHECK(point_epoch_seconds({{2018, 1, 1}, {2018, 12, 31}}) == 1546185600);  // 2018-12-31T00:00:00+08:00
  CHECK(point_epoch_seconds({{2019, 1, 1}, {2019, 6, 30}}) == 1561824000);   // 2019-06-30T00:00:00+08:00
  // Summer time (1986-1991): the ISO time and the timestamp agree on +09:00.
  CHECK(point_time({{1988, 1, 1}, {1988, 6, 30}}) == "1988-06-30T00:00:00+09:00");
  CHECK(point_epoch_seconds({{1988, 1, 1}, {1988, 6, 30}}) == 583599600);  // 1988-06-29T15:00:00Z
}

TEST_CASE("a value is written in its shortest digits, never an exponent, as JSON reads it back", "[model]") {
  struct Case {
    double value;
    const char* text;
  };
  for (const Case& c :
       {Case{3188, "3188"}, Case{36100, "36100"}, Case{-36.7, "-36.7"}, Case{20.46, "20.46"},
        Case{964000000, "964000000"}, Case{0.367, "0.367"}, Case{2e20, "200000000000000000000"},
        Case{1e-7, "0.0000001"}, Case{10000.0 / 15, "666.6666666666666"}, Case{0, "0"}}) {
    INFO(c.text);
    CHECK(number_text(c.value) == c.text);
    // What the API's JSON makes of the same value reads back as the same double.
    CHECK(nlohmann::json::parse(number_text(c.value)).get<double>() == c.value);
  }
  CHECK(number_text(std::nan("")) == "NaN");
  CHECK(number_text(INFINITY) == "+Inf");
  CHECK(number_text(-INFINITY) == "-Inf");
}

TEST_CASE("a quote's rounding is the place of its last digit, scaled as its value", "[model]") {
  struct Case {
    const char* quote;
    double value, step;
  };
  const Case cases[] = {
      {"1.51万平方米", 15100, 100},
      {"0.63平方公里", 630000, 10000},
      {"30075平方米", 30075, 1},
      {"87.6%", 87.6, 0.1},
      {"3万", 30000, 10000},
      {"1,234个", 1234, 1},
      {"9.64亿元", 964000000, 1e6},
      {"三千人", 3000, 0},
      {"0个", 0, 0},
      {"约2.5万户", 25000, 1000},
      {"2-3条", 2, 1},
  };
  for (const Case& c : cases) {
    INFO(c.quote);
    CHECK(rounding_step(c.quote, c.value) == Approx(c.step));
  }
}
