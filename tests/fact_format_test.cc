// How the CLI writes numbers and strings: as the API's JSON does (cli/fact_format.h).
#include "cli/fact_format.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>

using namespace jiedao;

TEST_CASE("the CLI writes a value's shortest digits, never an exponent, as the API reads it back", "[cli]") {
  struct Case {
    double value;
    const char* text;
  };
  for (const Case& c :
       {Case{3188, "3188"}, Case{36100, "36100"}, Case{-36.7, "-36.7"}, Case{20.46, "20.46"},
        Case{964000000, "964000000"}, Case{0.367, "0.367"}, Case{2e20, "200000000000000000000"},
        Case{1e-7, "0.0000001"}, Case{10000.0 / 15, "666.6666666666666"}, Case{0, "0"}}) {
    INFO(c.text);
    CHECK(cli::number_text(c.value) == c.text);
    // What the API's JSON makes of the same value reads back as the same double.
    CHECK(nlohmann::json::parse(cli::number_text(c.value)).get<double>() == c.value);
  }
  CHECK(cli::number_text(std::nan("")) == "null");
  CHECK(cli::number_text(INFINITY) == "null");
}

TEST_CASE("the CLI's JSON strings keep UTF-8 and escape controls", "[cli]") {
  CHECK(cli::json_string("湿垃圾") == "\"湿垃圾\"");
  CHECK(cli::json_string("a\"b\\c") == "\"a\\\"b\\\\c\"");
  CHECK(cli::json_string(std::string("a\nb\x01", 4)) == "\"a\\nb\\u0001\"");
}
