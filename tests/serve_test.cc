// The HTTP API answered in-process through its route table (serve/routes.h), over a store of the
// sample reports: tests/cases/api.tsv says what each question must answer. And the /metrics
// exposition of that store against a golden file, in the manner of node_exporter's
// e2e-output.txt: JIEDAO_UPDATE_GOLDEN=1 rewrites it, and the diff is then the review.
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "case_file.h"
#include "ingest/ingester.h"
#include "serve/answer_cache.h"
#include "serve/exposition.h"
#include "serve/metrics.h"
#include "serve/routes.h"
#include "serve/view_cache.h"
#include "store/series_view.h"

using namespace jiedao;

namespace {

namespace fs = std::filesystem;

// The sample reports of data/reports ingested once into a store of a temporary folder.
struct SampleStore {
  fs::path dir;
  std::optional<store::Store> store;

  SampleStore() {
    dir = fs::temp_directory_path() / ("jiedao-serve-test-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    auto opened = store::Store::open((dir / "jiedao.db").string());
    if (!opened) throw std::runtime_error(opened.error().message);
    store.emplace(std::move(opened).value());
    ingest::Ingester ingester(*store, testing::resources(), "test");
    const ingest::Summary summary = ingester.sync(testing::source_path("data/reports").string());
    if (summary.failed != 0 || summary.added == 0)
      throw std::runtime_error("the sample reports did not ingest");
  }
  ~SampleStore() {
    store.reset();
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

SampleStore& sample() {
  static SampleStore s;
  return s;
}

// The daemon's context over the sample store, as serve/daemon.cc builds it, minus the upload.
struct Api {
  std::atomic<bool> ready{true};
  serve::ViewCache views;
  serve::AnswerCache answers;
  serve::Metrics metrics{"test"};
  serve::ApiContext context;

  Api()
      : views(*sample().store),
        context{.store = *sample().store,
                .catalogue = testing::resources().catalogue,
                .families = testing::resources().families,
                .units = testing::resources().units,
                .ready = ready,
                .upload = {},
                .correct = {},
                .config = {},
                .series_index = [this] { return views.current(); },
                .answers = &answers,
                .render_metrics = {},
                .observe = {},
                .log = {},
                .kinds = &testing::resources().kinds,
                .gazetteer = &testing::resources().gazetteer,
                .heavy = nullptr,
                .labels = &testing::resources().labels} {}

  httplib::Response get(const std::string& target) {
    httplib::Request req;
    req.method = "GET";
    req.target = target;
    httplib::Response res;
    serve::respond(context, req, res);
    return res;
  }
};

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> fields;
  std::stringstream in(line);
  std::string field;
  while (std::getline(in, field, '\t')) fields.push_back(field);
  return fields;
}

}  // namespace

TEST_CASE("api_cases: every question of tests/cases/api.tsv gets its status and body", "[serve][api_cases]") {
  Api api;
  int cases = 0;
  for (const auto& line : testing::case_lines("api.tsv")) {
    const auto fields = split_tabs(line.text);
    INFO("tests/cases/api.tsv:" << line.number << ": " << line.text);
    REQUIRE(fields.size() >= 2);
    const httplib::Response res = api.get(fields[0]);
    INFO("body: " << res.body.substr(0, 400));
    CHECK(res.status == std::stoi(fields[1]));
    for (size_t i = 2; i < fields.size(); ++i) {
      const std::string& check = fields[i];
      if (check.rfind("!", 0) == 0) {
        CHECK(res.body.find(check.substr(1)) == std::string::npos);
      } else if (check.rfind("type:", 0) == 0) {
        CHECK(res.get_header_value("Content-Type").rfind(check.substr(5), 0) == 0);
      } else {
        CHECK(res.body.find(check) != std::string::npos);
      }
    }
    ++cases;
  }
  CHECK(cases > 30);
}

TEST_CASE("api_cases: every route of the table is answered, and none twice", "[serve][api_cases]") {
  std::set<std::string> seen;
  for (const auto& route : serve::routes()) {
    INFO(route.method << " " << route.path);
    CHECK(seen.insert(route.method + " " + route.path).second);
    CHECK(route.label.rfind("/", 0) == 0);
  }
  CHECK(seen.size() == serve::routes().size());
}

TEST_CASE("metrics_golden: /metrics of the sample store is tests/golden/metrics.txt",
          "[serve][metrics_golden]") {
  auto& s = sample();
  serve::ViewCache views(*s.store);
  serve::StoreExposition exposition;
  serve::Metrics metrics("test");
  const std::string text = exposition.render(views, *s.store, metrics).value();
  const std::string path = testing::source_path("tests/golden/metrics.txt").string();
  if (std::getenv("JIEDAO_UPDATE_GOLDEN") != nullptr) std::ofstream(path, std::ios::binary) << text;
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  std::stringstream golden;
  golden << in.rdbuf();
  // Line by line, so that a failure names the first line that differs.
  std::stringstream got(text), want(golden.str());
  std::string a, b;
  int number = 0;
  while (true) {
    const bool more_got = static_cast<bool>(std::getline(got, a));
    const bool more_want = static_cast<bool>(std::getline(want, b));
    ++number;
    if (!more_got && !more_want) break;
    INFO("tests/golden/metrics.txt:" << number);
    REQUIRE(a == b);
    REQUIRE(more_got == more_want);
  }
}
