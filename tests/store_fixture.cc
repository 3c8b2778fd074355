// The store fixture's helpers (store_fixture.h).
#include "store_fixture.h"

#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <random>

namespace jiedao::store_testing {

using namespace jiedao::store;
namespace fs = std::filesystem;

TempDir::TempDir() {
  static std::atomic<int> counter{0};
  std::random_device random;
  path_ = fs::temp_directory_path() / ("jiedao-store-test-" + std::to_string(::getpid()) + "-" +
                                       std::to_string(counter++) + "-" + std::to_string(random()));
  fs::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

Store open_store(const std::string& path) {
  auto store = Store::open(path);
  INFO((store ? std::string() : store.error().message));
  REQUIRE(store);
  return std::move(store).value();
}

ReportRecord make_report(const std::string& id, Period period, std::optional<CivilDate> published,
                         const std::string& district, const std::string& county) {
  ReportRecord r;
  r.id = id;
  r.path = "reports/" + id + ".txt";
  r.sha256 = std::string(64, 'a');
  r.district = district;
  r.county = county;
  r.kind = "year review";
  r.period = period;
  r.published = published;
  r.ingested_at = "2024-05-01T10:00:00+08:00";
  r.data_version = "data-v1";
  r.text = "全年新增就业岗位1200个。";
  return r;
}

StoredFact make_fact(const std::string& indicator, double value, Period period, const std::string& district,
                     const std::string& county) {
  StoredFact s;
  s.district = district;
  s.county = county;
  s.fact.indicator = indicator;
  s.fact.value = value;
  s.fact.unit = "count";
  s.fact.measure = "个";
  s.fact.subject = "新增就业岗位";
  s.fact.period = period;
  s.quote = "新增就业岗位" + std::to_string(static_cast<int>(value)) + "个";
  s.sentence = "全年" + s.quote + "。";
  return s;
}

int user_version(const std::string& path) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(stmt) == SQLITE_ROW);
  int version = sqlite3_column_int(stmt, 0);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return version;
}

std::vector<std::string> sql_rows(const std::string& path, const std::string& sql, int column) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  INFO(sql);
  REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK);
  std::vector<std::string> values;
  int rc = SQLITE_ROW;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    const unsigned char* text = sqlite3_column_text(stmt, column);
    values.emplace_back(text != nullptr ? reinterpret_cast<const char*>(text) : "");
  }
  CHECK(rc == SQLITE_DONE);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return values;
}

std::string sql_value(const std::string& path, const std::string& sql) {
  const std::vector<std::string> rows = sql_rows(path, sql);
  return rows.empty() ? "" : rows.front();
}

std::vector<int64_t> fact_ids(const Store& store, const std::string& report) {
  std::vector<int64_t> ids;
  FactFilter filter;
  filter.report = report;
  filter.limit = 10000;
  for (const auto& f : must(store.facts(filter))) ids.push_back(f.id);
  return ids;
}

}  // namespace jiedao::store_testing
