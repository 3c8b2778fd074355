// The /metrics exposition and the OpenMetrics export (serve/metrics.h).
#include "serve/metrics.h"

#include <catch2/catch.hpp>
#include <string>

#include "report/calendar.h"
#include "store/store.h"

using namespace jiedao;
using namespace jiedao::store;

TEST_CASE("metrics: point timestamps and the OpenMetrics export", "[serve][metrics]") {
  SeriesPoint late, early;
  late.indicator = early.indicator = "jobs_added";
  late.unit = early.unit = "count";
  late.status = early.status = Status::kActual;
  late.district = "江川路\"街道";
  early.district = "定海路街道";
  late.period = report::years(2019, 2019);
  early.period = report::years(2016, 2016);
  late.value = 3188;
  early.value = 0.5;
  const std::string text = serve::render_openmetrics(push::history_of({late, early}));
  CHECK(text.rfind("# HELP jiedao_reported_value", 0) == 0);
  CHECK(text.find("span=\"year\"") != std::string::npos);
  CHECK(text.find("year=") == std::string::npos);
  CHECK(text.find("district=\"江川路\\\"街道\"") != std::string::npos);       // quotes escaped
  CHECK(text.find("} 0.5 1483113600\n") < text.find("} 3188 1577721600\n"));  // sorted by time
  CHECK(text.size() >= 6);
  CHECK(text.substr(text.size() - 6) == "# EOF\n");
  serve::Metrics metrics("test");
  metrics.observe_request("/api/v1/series", 200, 0.002);
  const std::string exposition = metrics.render({late}, 5, 434);
  CHECK(exposition.find("jiedao_facts_stored 434") != std::string::npos);
  CHECK(exposition.find("jiedao_http_requests_total{code=\"200\",handler=\"/api/v1/series\"} 1") !=
        std::string::npos);
  CHECK(exposition.find("period=\"2019\"") != std::string::npos);
  CHECK(exposition.find("year=\"2019\"") != std::string::npos);
  // family, counts and of only where the point has them.
  CHECK(exposition.find("family=") == std::string::npos);
  late.family = "jobs_added";
  late.counts = "items";
  SeriesPoint rate = late;
  rate.indicator = "completion_rate";
  rate.family = "completion_rate";
  rate.counts.clear();
  rate.unit = "percent";
  rate.of = "illegal_structures_demolished";
  const std::string labelled = serve::Metrics::render_points({late, rate});
  CHECK(labelled.find(
            "{counts=\"items\",county=\"\",district=\"江川路\\\"街道\",family=\"jobs_added\",indicator="
            "\"jobs_added\",period=\"2019\",status=\"actual\",unit=\"count\",year=\"2019\"} 3188") !=
        std::string::npos);
  CHECK(
      labelled.find(
          "family=\"completion_rate\",indicator=\"completion_rate\",of=\"illegal_structures_demolished\"") !=
      std::string::npos);
}
