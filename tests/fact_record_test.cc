// One fact record for every output (report/fact_record.h): FACTS.md's fields, names and order.
#include "report/fact_record.h"

#include <catch2/catch.hpp>

using namespace jiedao;

namespace {

Fact jobs() {
  Fact f;
  f.begin = 3755;
  f.end = 3762;
  f.value = 3188;
  f.unit = "count";
  f.measure = "个";
  f.indicator = f.family = "jobs_added";
  f.counts = "items";
  f.subject = "新增就业岗位";
  f.period = {{2018, 1, 1}, {2018, 12, 31}};
  return f;
}

}  // namespace

TEST_CASE("a fact is written as FACTS.md's JSON, in its order", "[report][record]") {
  const Fact f = jobs();
  const report::FactRecord r{
      "000_43a5f00219611df0", "江川路街道", "闵行区", "上海市", "上海市", "310112001", f, "3188个"};
  CHECK(report::fact_json_text(r) ==
        R"({"doc":"000_43a5f00219611df0","district":"江川路街道","county":"闵行区",)"
        R"("city":"上海市","province":"上海市","code":"310112001",)"
        R"("period":{"start":"2018-01-01","end":"2018-12-31"},"status":"actual","indicator":"jobs_added",)"
        R"("family":"jobs_added","subject":"新增就业岗位","value":3188,"unit":"count","measure":"个",)"
        R"("counts":"items","qualifier":"exact","change":"","quote":"3188个","span":[3755,3762]})");
}

TEST_CASE("a record leaves out what a fact does not have, and writes an unknown period as null",
          "[report][record]") {
  Fact f = jobs();
  f.period = {};
  f.value = 2;
  f.value_max = 3.5;
  f.of = "jobs_added";
  const report::FactRecord r{"d", "", "", "", "", "", f, "2-3.5个"};
  const auto json = report::fact_json(r);
  CHECK(json["period"].is_null());
  CHECK(json["value_max"] == 3.5);
  CHECK(json["of"] == "jobs_added");
  Fact plain = jobs();
  const auto without = report::fact_json({"d", "", "", "", "", "", plain, "3188个"});
  CHECK_FALSE(without.contains("value_max"));
  CHECK_FALSE(without.contains("of"));
}

TEST_CASE("a record's CSV has the same columns, a period and a span as two each", "[report][record]") {
  const auto& columns = report::fact_csv_columns();
  const std::vector<std::string> expected = {
      "doc",     "district",  "county",    "city",   "province", "code",       "period_start", "period_end",
      "status",  "indicator", "family",    "of",     "subject",  "value",      "value_max",    "unit",
      "measure", "counts",    "qualifier", "change", "quote",    "span_start", "span_end"};
  CHECK(columns == expected);
  const Fact f = jobs();
  CHECK(report::fact_csv_row({"", "江川路街道", "闵行区", "上海市", "上海市", "310112001", f, "=3188个"}) ==
        ",江川路街道,闵行区,上海市,上海市,310112001,2018-01-01,2018-12-31,actual,jobs_added,jobs_added,,"
        "新增就业岗位,3188,,count,个,"
        "items,exact,,'=3188个,3755,3762");
}

TEST_CASE("a record's strings keep UTF-8 and escape controls", "[report][record]") {
  Fact f = jobs();
  f.subject = std::string("a\"b\\c\nd\x01", 8);
  const std::string text = report::fact_json_text({"d", "", "", "", "", "", f, "q"});
  CHECK(text.find(R"("subject":"a\"b\\c\nd\u0001")") != std::string::npos);
}
