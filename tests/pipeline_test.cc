// ordered_pipeline: items prepared on several threads, committed in order, memory bounded.
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "base/ordered_pipeline.h"

using jiedao::ordered_pipeline;

TEST_CASE("a pipeline commits every item in order, whatever the threads", "[base][pipeline]") {
  for (size_t threads : {0, 1, 2, 4}) {
    for (size_t n : {0, 1, 7, 200}) {
      INFO("threads " << threads << ", items " << n);
      std::vector<size_t> committed;
      std::vector<std::string> values;
      ordered_pipeline<std::string>(
          n, threads, 3,
          [](size_t i) {
            // Later items are quicker, so that they would finish first if order were not kept.
            std::this_thread::sleep_for(std::chrono::microseconds((i % 5 == 0) ? 200 : 0));
            return "item " + std::to_string(i);
          },
          [&](size_t i, std::string& value) {
            committed.push_back(i);
            values.push_back(value);
            return true;
          });
      REQUIRE(committed.size() == n);
      for (size_t i = 0; i < n; ++i) {
        CHECK(committed[i] == i);
        CHECK(values[i] == "item " + std::to_string(i));
      }
    }
  }
}

TEST_CASE("a pipeline prepares at most `ahead` items beyond the one committed", "[base][pipeline]") {
  std::atomic<size_t> prepared{0};
  size_t worst = 0;
  ordered_pipeline<size_t>(
      100, 4, 5, [&](size_t i) { return prepared++, i; },
      [&](size_t i, size_t&) {
        std::this_thread::sleep_for(std::chrono::microseconds(100));
        worst = std::max(worst, prepared.load() - i);
        return true;
      });
  CHECK(prepared.load() == 100);
  CHECK(worst <= 5 + 1);  // the items ahead, and the one being committed
}

TEST_CASE("a pipeline stops when a commit says so", "[base][pipeline]") {
  std::atomic<size_t> prepared{0};
  std::vector<size_t> committed;
  ordered_pipeline<size_t>(
      1000, 2, 4, [&](size_t i) { return prepared++, i; },
      [&](size_t i, size_t&) {
        committed.push_back(i);
        return i < 9;
      });
  CHECK(committed.size() == 10);
  CHECK(prepared.load() <= 10 + 4 + 2);  // no further work beyond what was under way
}
