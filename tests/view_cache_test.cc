// ViewCache and AnswerCache: what the daemon keeps in memory lasts as long as the store is unchanged.
#include "serve/view_cache.h"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <thread>

#include "report/calendar.h"
#include "serve/answer_cache.h"
#include "serve/exposition.h"
#include "serve/generation_cache.h"

using namespace jiedao;
namespace fs = std::filesystem;

namespace {

store::StoredFact jobs(double value) {
  store::StoredFact s;
  s.district = "江川路街道";
  s.county = "闵行区";
  s.fact.indicator = "jobs_added";
  s.fact.unit = "person";
  s.fact.value = value;
  s.fact.period = report::years(2018, 2018);
  s.quote = "新增就业岗位" + std::to_string(static_cast<int>(value)) + "个";
  return s;
}

store::ReportRecord review(const std::string& id) {
  store::ReportRecord r;
  r.id = id;
  r.path = id + ".txt";
  r.district = "江川路街道";
  r.county = "闵行区";
  r.period = report::years(2018, 2018);
  return r;
}

// Polls current() until it gives an index, for at most five seconds.
std::shared_ptr<const store::SeriesIndex> wait_current(serve::ViewCache& views) {
  for (int i = 0; i < 500; ++i) {
    if (auto index = views.current()) return index;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return nullptr;
}

}  // namespace

TEST_CASE("the view cache gives only an index of the current generation", "[serve][view_cache]") {
  const fs::path dir = fs::temp_directory_path() / ("jiedao-view-cache-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  {
    auto opened = store::Store::open((dir / "jiedao.db").string());
    REQUIRE(opened);
    store::Store& store = opened.value();
    REQUIRE(store.put_report(review("r1"), {jobs(3188)}));

    serve::ViewCache views(store, std::chrono::milliseconds(20));
    // Nothing built yet: answers go to the store, and a rebuild starts.
    auto first = wait_current(views);
    REQUIRE(first);
    CHECK(first->generation() == store.generation());
    REQUIRE(first->points().size() == 1);
    CHECK(first->points()[0]->value == 3188);

    // A write makes the index stale at once; it is rebuilt once the store is quiet.
    REQUIRE(store.put_report(review("r1"), {jobs(3200)}));
    CHECK(views.current() == nullptr);
    auto second = wait_current(views);
    REQUIRE(second);
    REQUIRE(second->points().size() == 1);
    CHECK(second->points()[0]->value == 3200);

    // fresh() waits for the current generation instead of giving nothing.
    REQUIRE(store.put_report(review("r2"), {jobs(1)}));
    auto fresh = views.fresh();
    REQUIRE(fresh);
    CHECK(fresh.value()->generation() == store.generation());
  }
  fs::remove_all(dir);
}

TEST_CASE("after a write, the index and /metrics read again only the districts it touched",
          "[serve][view_cache][exposition]") {
  const fs::path dir = fs::temp_directory_path() / ("jiedao-view-update-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  {
    store::Store store = store::Store::open((dir / "jiedao.db").string()).value();
    auto elsewhere = jobs(800);
    elsewhere.district = "七宝镇";
    REQUIRE(store.put_report(review("r1"), {jobs(3188)}));
    REQUIRE(store.put_report(review("r2"), {elsewhere}));
    serve::ViewCache views(store, std::chrono::milliseconds(20));
    serve::StoreExposition exposition;
    serve::Metrics metrics("test");
    const auto before = views.fresh().value();
    REQUIRE(exposition.render(views, store, metrics));

    REQUIRE(store.put_report(review("r1"), {jobs(3200)}));
    const auto after = views.fresh().value();
    CHECK(after->generation() == store.generation());
    // 七宝镇 was not touched: its points are the very ones of the index before.
    CHECK(after->districts().at("七宝镇") == before->districts().at("七宝镇"));
    CHECK(after->districts().at("江川路街道") != before->districts().at("江川路街道"));
    const std::string updated = exposition.render(views, store, metrics).value();
    CHECK(updated.find("district=\"江川路街道\"") != std::string::npos);
    CHECK(updated.find("} 3200\n") != std::string::npos);
    CHECK(updated.find("} 3188\n") == std::string::npos);

    // The same text as a daemon that starts now and reads everything.
    serve::ViewCache whole(store, std::chrono::milliseconds(20));
    serve::StoreExposition first_scrape;
    CHECK(updated == first_scrape.render(whole, store, metrics).value());
  }
  fs::remove_all(dir);
}

TEST_CASE("kept answers last one store generation", "[serve][answer_cache]") {
  serve::AnswerCache answers(4096);
  CHECK(answers.find("/api/v1/value?year=2018", 1) == nullptr);
  answers.put("/api/v1/value?year=2018", 1, {200, "application/json", "{\"value\":3188}"});
  auto kept = answers.find("/api/v1/value?year=2018", 1);
  REQUIRE(kept);
  CHECK(kept->status == 200);
  CHECK(kept->body == "{\"value\":3188}");
  CHECK(kept->content_type == "application/json");
  CHECK(answers.find("/api/v1/value?year=2019", 1) == nullptr);

  // The store changed: what was kept is gone, and an answer computed before the change is not kept.
  CHECK(answers.find("/api/v1/value?year=2018", 2) == nullptr);
  answers.put("/api/v1/value?year=2018", 1, {200, "application/json", "{\"value\":3188}"});
  CHECK(answers.find("/api/v1/value?year=2018", 2) == nullptr);
  CHECK(answers.bytes() == 0);

  // Bounded: an answer of more than a quarter of the room is not kept, and a full cache starts again.
  answers.put("huge", 2, {200, "text/plain", std::string(2000, 'x')});
  CHECK(answers.find("huge", 2) == nullptr);
  for (int i = 0; i < 100; ++i)
    answers.put("k" + std::to_string(i), 2, {200, "text/plain", std::string(500, 'x')});
  CHECK(answers.bytes() <= 4096);
  CHECK(answers.find("k99", 2) != nullptr);
}

TEST_CASE("a generation cache keeps the newest generation's value only", "[serve][generation_cache]") {
  serve::GenerationCache<const std::string> cache;
  CHECK(cache.find(0) == nullptr);
  CHECK(cache.at_least(0) == nullptr);
  auto five = cache.put(5, std::make_shared<const std::string>("five"));
  CHECK(*five == "five");
  CHECK(*cache.find(5) == "five");
  CHECK(cache.find(4) == nullptr);
  CHECK(cache.find(6) == nullptr);
  CHECK(*cache.at_least(3) == "five");
  CHECK(cache.at_least(6) == nullptr);
  // A value computed across a write (older than the one kept) is the caller's, not kept.
  auto old = cache.put(4, std::make_shared<const std::string>("four"));
  CHECK(*old == "four");
  CHECK(cache.find(4) == nullptr);
  CHECK(*cache.find(5) == "five");
  // The first value put for a generation is the one every caller gets.
  CHECK(*cache.put(5, std::make_shared<const std::string>("other")) == "five");
  CHECK(*cache.put(7, std::make_shared<const std::string>("seven")) == "seven");
  CHECK(cache.find(5) == nullptr);
}
