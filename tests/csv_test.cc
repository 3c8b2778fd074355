// CSV fields as jiedao writes them (base/csv.h): made safe for spreadsheets, then quoted.
#include "base/csv.h"

#include <catch2/catch.hpp>

using namespace jiedao;

TEST_CASE("csv: fields a spreadsheet would run get a leading ', then RFC 4180 quoting", "[csv]") {
  struct Case {
    const char* text;
    const char* field;
  };
  const Case cases[] = {
      {"", ""},
      {"新增就业岗位3188个", "新增就业岗位3188个"},
      {"=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\""},
      {"+1", "'+1"},
      {"-36.7", "'-36.7"},  // text that looks like a number is still text here; numbers bypass csv_field
      {"@SUM(A1)", "'@SUM(A1)"},
      {"\t=1", "'\t=1"},
      {"\r=1", "\"'\r=1\""},
      {"a,b", "\"a,b\""},
      {"a\"b", "\"a\"\"b\""},
      {"x=1", "x=1"},
      {" =1", " =1"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    CHECK(csv_field(c.text) == c.field);
  }
}
