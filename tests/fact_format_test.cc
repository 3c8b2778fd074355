// How the CLI writes JSON numbers and strings: as the API's JSON does (cli/fact_format.h).
#include "cli/fact_format.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>

using namespace jiedao;

TEST_CASE("the CLI writes a value that is not a number as JSON's null", "[cli]") {
  CHECK(cli::json_number(20.46) == "20.46");
  CHECK(cli::json_number(std::nan("")) == "null");
  CHECK(cli::json_number(INFINITY) == "null");
}

TEST_CASE("the CLI's JSON strings keep UTF-8 and escape controls", "[cli]") {
  CHECK(cli::json_string("湿垃圾") == "\"湿垃圾\"");
  CHECK(cli::json_string("a\"b\\c") == "\"a\\\"b\\\\c\"");
  CHECK(cli::json_string(std::string("a\nb\x01", 4)) == "\"a\\nb\\u0001\"");
}
