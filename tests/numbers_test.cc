// A value is printed one way in every output (model/number.h): tests/cases/numbers.tsv gives a
// sentence and the text its first fact's value must be, in `jiedao extract`'s JSON, the API's
// JSON, /metrics and the OpenMetrics export.
#include <catch2/catch.hpp>
#include <sstream>

#include "case_file.h"
#include "cli/fact_format.h"
#include "report/report.h"
#include "serve/answer.h"
#include "serve/metrics.h"
#include "serve/rows.h"

using namespace jiedao;

TEST_CASE("a value is printed as tests/cases/numbers.tsv says, in every output", "[numbers]") {
  int cases = 0;
  for (const auto& line : testing::case_lines("numbers.tsv")) {
    const size_t tab = line.text.find('\t');
    REQUIRE(tab != std::string::npos);
    const std::string sentence = line.text.substr(0, tab), printed = line.text.substr(tab + 1);
    INFO("tests/cases/numbers.tsv:" << line.number << ": " << line.text);
    const report::Report report = report::analyze_utf8("numbers", sentence, testing::resources());
    REQUIRE_FALSE(report.facts.empty());
    const double value = report.facts.front().value;

    std::ostringstream extracted;
    cli::write_facts(extracted, cli::FactFormat::kJsonLines, report, sentence);
    CHECK(extracted.str().find("\"value\":" + printed + ",") != std::string::npos);

    CHECK(serve::dump(serve::number(value)) == printed);

    store::SeriesPoint point;
    point.indicator = "x";
    point.district = "江川路街道";
    point.period = {{2018, 1, 1}, {2018, 12, 31}};
    point.value = value;
    CHECK(serve::Metrics::render_points({point}).find("} " + printed + "\n") != std::string::npos);
    CHECK(serve::render_openmetrics(push::history_of({point})).find("} " + printed + " 1546185600\n") !=
          std::string::npos);
    ++cases;
  }
  CHECK(cases >= 10);
}
