// What the tests of src/store share: a temporary folder, a store opened in it, reports and facts
// to put, and SQL run on a connection of the test's own.
#pragma once

#include <catch2/catch.hpp>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/result.h"
#include "report/calendar.h"
#include "store/store.h"

namespace jiedao::store_testing {

// A fresh folder under the system's temporary folder, removed with everything in it.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

store::Store open_store(const std::string& path);

template <class T>
T must(Result<T> result) {
  INFO((result ? std::string() : result.error().message));
  REQUIRE(result);
  return std::move(result).value();
}

store::ReportRecord make_report(const std::string& id, Period period = report::years(2018, 2018),
                                std::optional<CivilDate> published = CivilDate{2019, 1, 15},
                                const std::string& district = "江川路街道",
                                const std::string& county = "闵行区");

store::StoredFact make_fact(const std::string& indicator, double value,
                            Period period = report::years(2018, 2018),
                            const std::string& district = "江川路街道", const std::string& county = "闵行区");

// The database's PRAGMA user_version.
int user_version(const std::string& path);

// Runs SQL on a connection of its own: column `column` of every row ("" for NULL).
std::vector<std::string> sql_rows(const std::string& path, const std::string& sql, int column = 0);

// The first column of the first row, or "".
std::string sql_value(const std::string& path, const std::string& sql);

// The ids of a report's facts, in document order.
std::vector<int64_t> fact_ids(const store::Store& store, const std::string& report);

}  // namespace jiedao::store_testing
