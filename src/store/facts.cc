#include <algorithm>
#include <map>
#include <tuple>
#include <utility>

#include "store/database.h"
#include "store/fact_columns.h"
#include "store/store.h"
#include "store/substring_index.h"

// The reads of facts: by filter, by id, and counted by indicator, family and district.
namespace jiedao::store {

namespace {

constexpr int64_t kMaxLimit = 10000;

}  // namespace

Result<std::vector<StoredFact>> Store::facts(const FactFilter& filter) const {
  using Facts = std::vector<StoredFact>;
  const std::string doing = "cannot read the facts";
  const std::string& path = impl_->path;
  Sql sql = fact_filter_sql(filter);
  const int text_param = static_cast<int>(sql.params.size()) + 1;
  if (!filter.text.empty()) {
    sql.params.push_back(indexable_query(filter.text) ? substring_match(filter.text) : std::string());  // ?N
    sql.params.push_back(filter.text);
  }
  const int64_t limit = std::clamp<int64_t>(filter.limit, 0, kMaxLimit);
  const int64_t offset = std::max<int64_t>(filter.offset, 0);
  return impl_->read<Facts>(doing, [&](sqlite3* db) -> Result<Facts> {
    std::string text = sql.text;
    if (!filter.text.empty()) {
      TextPlan plan;
      if (const int rc = plan_text_search(db, sql.params[text_param - 1], plan); rc != SQLITE_OK)
        return failure(path, doing + " (searching the text)", rc, sqlite3_errmsg(db));
      text += " AND " + text_condition(plan, text_param);
    }
    text += " ORDER BY f.report, f.seq LIMIT ? OFFSET ?";
    Query q(db, text);
    sql.bind(q);
    q.bind(static_cast<int>(sql.params.size()) + 1, limit)
        .bind(static_cast<int>(sql.params.size()) + 2, offset);
    Facts facts;
    while (q.step()) facts.push_back(read_fact(q));
    if (!q.ok()) return q.error(path, doing);
    return facts;
  });
}

Result<std::optional<StoredFact>> Store::fact(int64_t id) const {
  using Found = std::optional<StoredFact>;
  const std::string doing = "cannot read fact " + std::to_string(id);
  const std::string& path = impl_->path;
  return impl_->read<Found>(doing, [&](Connection& reader) -> Result<Found> {
    Query q(reader, "SELECT " + fact_select_list() + " FROM facts f WHERE f.id = ?1");
    q.bind(1, id);
    Found found;
    if (q.step()) found = read_fact(q);
    if (!q.ok()) return q.error(path, doing);
    return found;
  });
}

Result<std::vector<StoredFact>> Store::facts_by_id(const std::vector<int64_t>& ids) const {
  using Found = std::vector<StoredFact>;
  const std::string doing = "cannot read facts";
  const std::string& path = impl_->path;
  // One read transaction for all: a point stated by 45 reports is one lease, not 45.
  return impl_->read<Found>(doing, [&](Connection& reader) -> Result<Found> {
    Query q(reader, "SELECT " + fact_select_list() + " FROM facts f WHERE f.id = ?1");
    Found found;
    for (int64_t id : ids) {
      q.reset();
      q.bind(1, id);
      if (q.step()) found.push_back(read_fact(q));
      if (!q.ok()) return q.error(path, doing);
    }
    return found;
  });
}

Result<std::vector<IndicatorCount>> Store::indicator_counts() const {
  using Counts = std::vector<IndicatorCount>;
  const std::string doing = "cannot count the facts by indicator";
  const std::string& path = impl_->path;
  return impl_->read<Counts>(doing, [&](sqlite3* db) -> Result<Counts> {
    Query q(db,
            "SELECT indicator, unit, count(*) FROM facts WHERE indicator != '' "
            "GROUP BY indicator, unit ORDER BY indicator, unit");
    Counts counts;
    while (q.step()) counts.push_back(IndicatorCount{q.text(0), q.text(1), q.integer(2)});
    if (!q.ok()) return q.error(path, doing);
    return counts;
  });
}

Result<std::vector<FamilyCount>> Store::family_counts() const {
  using Counts = std::vector<FamilyCount>;
  const std::string doing = "cannot count the facts by family";
  const std::string& path = impl_->path;
  return impl_->read<Counts>(doing, [&](sqlite3* db) -> Result<Counts> {
    Query q(db, "SELECT family, count(*) FROM facts WHERE family != '' GROUP BY family ORDER BY family");
    Counts counts;
    while (q.step()) counts.push_back(FamilyCount{q.text(0), q.integer(1)});
    if (!q.ok()) return q.error(path, doing);
    return counts;
  });
}

Result<std::vector<DistrictSummary>> Store::districts() const {
  using Summaries = std::vector<DistrictSummary>;
  const std::string doing = "cannot summarise the districts";
  const std::string& path = impl_->path;
  return impl_->read<Summaries>(doing, [&](sqlite3* db) -> Result<Summaries> {
    // Keyed (county, district, code), a unit (names repeat across China): the order of the answer.
    std::map<std::tuple<std::string, std::string, std::string>, DistrictSummary> by_key;
    auto entry = [&](const Query& q) -> DistrictSummary& {
      DistrictSummary& s = by_key[{q.text(1), q.text(0), q.text(2)}];
      s.district = q.text(0);
      s.county = q.text(1);
      s.code = q.text(2);
      return s;
    };
    Query reports(db,
                  "SELECT district, county, code, count(*), max(city), max(province) FROM reports "
                  "WHERE district != '' GROUP BY district, county, code");
    while (reports.step()) {
      DistrictSummary& s = entry(reports);
      s.reports = reports.integer(3);
      s.city = reports.text(4);
      s.province = reports.text(5);
    }
    if (!reports.ok()) return reports.error(path, doing);
    Query facts(db,
                "SELECT district, county, code, count(*) FROM facts WHERE district != '' "
                "GROUP BY district, county, code");
    while (facts.step()) entry(facts).facts = facts.integer(3);
    if (!facts.ok()) return facts.error(path, doing);
    Query years(db,
                "SELECT DISTINCT district, county, code, CAST(substr(period_end, 1, 4) AS INTEGER) AS year "
                "FROM facts "
                "WHERE district != '' AND period_end IS NOT NULL ORDER BY district, county, code, year");
    while (years.step()) entry(years).years.push_back(static_cast<int>(years.integer(3)));
    if (!years.ok()) return years.error(path, doing);
    Summaries summaries;
    summaries.reserve(by_key.size());
    for (auto& [key, summary] : by_key) summaries.push_back(std::move(summary));
    return summaries;
  });
}

Result<int64_t> Store::count_facts() const {
  const std::string doing = "cannot count the facts";
  const std::string& path = impl_->path;
  return impl_->read<int64_t>(doing, [&](sqlite3* db) -> Result<int64_t> {
    // Each report keeps its count (put_reports writes it with its facts): summing 10,000 of them
    // is a fraction of a millisecond, counting 868,000 facts about 10 ms of each first /metrics.
    Query q(db, "SELECT coalesce(sum(fact_count), 0) FROM reports");
    int64_t count = q.step() ? q.integer(0) : 0;
    if (!q.ok()) return q.error(path, doing);
    return count;
  });
}

}  // namespace jiedao::store
