
#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "model/time.h"
#include "store/database.h"
#include "store/fact_columns.h"
#include "store/store.h"

// The series: the facts that make points, grouped by point, and the one rule of which fact a
// point shows (store.h). The rule is applied here, in C++, for every filter: SQLite's ORDER BY
// spilled the whole view's sort (a million facts) to disk (10 s), and a second copy of the rule
// in SQL for narrow filters could drift from this one.
namespace jiedao::store {

namespace {

// Strings of one column as dense numbers in the strings' order, so that a million rows
// sort by comparing integers.
class Interned {
 public:
  uint32_t add(std::string text) {
    auto [at, inserted] = ids_.try_emplace(std::move(text), static_cast<uint32_t>(ids_.size()));
    return at->second;
  }
  // rank()[id] is the place of string `id` in sorted order; text(id) the string.
  void finish() {
    texts_.resize(ids_.size());
    for (const auto& [text, id] : ids_) texts_[id] = &text;
    std::vector<uint32_t> order(texts_.size());
    for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return *texts_[a] < *texts_[b]; });
    rank_.resize(order.size());
    for (uint32_t place = 0; place < order.size(); ++place) rank_[order[place]] = place;
  }
  uint32_t size() const { return static_cast<uint32_t>(texts_.size()); }
  uint32_t rank(uint32_t id) const { return rank_[id]; }
  const std::string& text(uint32_t id) const { return *texts_[id]; }

 private:
  std::unordered_map<std::string, uint32_t> ids_;
  std::vector<const std::string*> texts_;
  std::vector<uint32_t> rank_;
};

// Which report's fact a point shows, best first: the report whose own period is shortest
// (none: last), then the most recently published (unknown: last), then by report id.
struct ReportOrder {
  bool no_period = true;
  int64_t days = 0;
  bool unpublished = true;
  int64_t later_first = 0;  // the publication date as -yyyymmdd: the most recent sorts first
  uint32_t id_rank = 0;

  ReportOrder(const Period& own, const std::optional<CivilDate>& published)
      : no_period(own.empty()),
        days(own.empty() ? 0 : days_spanned(own)),
        unpublished(!published.has_value()),
        later_first(published ? -(published->year * 10000LL + published->month * 100 + published->day) : 0) {}
  bool operator<(const ReportOrder& o) const {
    return std::tie(no_period, days, unpublished, later_first, id_rank) <
           std::tie(o.no_period, o.days, o.unpublished, o.later_first, o.id_rank);
  }
};

// The interned columns of a candidate fact: [0] indicator, [1] unit, [2] district, [3] county,
// [4] status, [5] of (with the period and the code, the point's key), then [6] family, [7] counts
// (what the shown fact says), [8] report, and the district's [9] code, [10] city, [11] province.
// A unit is its district, county and code: 解放街道 of 铁东区 is a unit of 鞍山 and of 四平.
constexpr int kKeyColumns = 6, kReport = 8, kCode = 9, kColumns = 12;

struct Row {
  int64_t id = 0, seq = 0;
  uint32_t key[kColumns] = {};
  Period period;
  double value = 0, step = 0;
  bool chosen = false, reviewed = false;
};

// The facts that make points, with what ranks them.
struct Candidates {
  Interned columns[kColumns];
  std::vector<Row> rows;
  std::vector<ReportOrder> reports;  // by interned report id
};

// Levels with an indicator, a district and a period; changes and base values make no points.
Sql candidate_sql(const SeriesFilter& filter) {
  Sql sql{
      "SELECT f.id, f.report, f.indicator, f.unit, f.district, f.county, f.status, f.of, f.family, "
      "f.counts, f.period_start, f.period_end, f.value, f.seq, r.period_start, r.period_end, r.published, "
      "f.code, f.city, f.province, f.step, f.chosen, f.review != '' "
      "FROM facts f JOIN reports r ON r.id = f.report "
      "WHERE f.indicator != '' AND f.change = '' AND f.is_base_value = 0 "
      "AND f.district != '' AND f.period_start IS NOT NULL AND f.period_end IS NOT NULL",
      {}};
  if (!filter.indicator.empty()) {
    sql.where("f.indicator = ?", filter.indicator);
  } else if (!filter.district.empty()) {
    sql.text += " AND " + every_indicator();  // the district's facts through the index (fact_columns.h)
  }
  if (!filter.district.empty()) sql.where("f.district = ?", filter.district);
  if (!filter.county.empty()) sql.where("f.county = ?", filter.county);
  if (filter.status) sql.where("f.status = ?", std::string(status_name(*filter.status)));
  if (!filter.family.empty()) sql.where("f.family = ?", filter.family);
  if (!filter.of.empty()) sql.where("f.of = ?", filter.of);
  if (!filter.city.empty()) sql.where("f.city = ?", filter.city);
  if (!filter.province.empty()) sql.where("f.province = ?", filter.province);
  // A code or its first digits: 31 is Shanghai, 3101 its city, 310112 闵行区.
  // (The API takes digits only, so the pattern holds no % or _ of its own.)
  if (!filter.code.empty()) sql.where("f.code LIKE ?", filter.code + "%");
  // ISO dates compare as text: the end year is at least from_year, at most to_year.
  if (filter.from_year != 0) sql.where("f.period_end >= ?", iso_date({filter.from_year, 1, 1}));
  if (filter.to_year != 0) sql.where("f.period_end <= ?", iso_date({filter.to_year, 12, 31}));
  return sql;
}

// Reads every row of `q` into `c`; a report's own period and publication are read once.
void read_candidates(Query& q, Candidates& c) {
  while (q.step()) {
    Row row;
    row.id = q.integer(0);
    row.key[kReport] = c.columns[kReport].add(q.text(1));
    if (row.key[kReport] == c.reports.size())
      c.reports.emplace_back(period_columns(q, 14, 15), date_column(q, 16));
    for (int col = 0; col < kReport; ++col) row.key[col] = c.columns[col].add(q.text(2 + col));
    for (int col = kCode; col < kColumns; ++col) row.key[col] = c.columns[col].add(q.text(17 + col - kCode));
    row.period = period_columns(q, 10, 11);
    row.value = q.real(12);
    row.seq = q.integer(13);
    row.step = q.real(20);
    row.chosen = q.integer(21) != 0;
    row.reviewed = q.integer(22) != 0;
    c.rows.push_back(row);
  }
}

// Puts a point's facts together, best first: by the point's key, then the fact a correction
// chose, then the report's rank, then document order.
void rank(Candidates& c) {
  for (auto& column : c.columns) column.finish();
  for (uint32_t id = 0; id < c.reports.size(); ++id) c.reports[id].id_rank = c.columns[kReport].rank(id);
  std::vector<uint32_t> report_rank(c.reports.size());
  {
    std::vector<uint32_t> order(c.reports.size());
    for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(),
              [&](uint32_t a, uint32_t b) { return c.reports[a] < c.reports[b]; });
    for (uint32_t place = 0; place < order.size(); ++place) report_rank[order[place]] = place;
  }
  const Interned* col = c.columns;
  auto sort_key = [&](const Row& r) {
    return std::make_tuple(col[0].rank(r.key[0]), col[2].rank(r.key[2]), col[3].rank(r.key[3]),
                           col[kCode].rank(r.key[kCode]), col[4].rank(r.key[4]), r.period.end,
                           col[1].rank(r.key[1]), col[5].rank(r.key[5]), r.period.start, !r.chosen,
                           report_rank[r.key[kReport]], r.seq);
  };
  std::sort(c.rows.begin(), c.rows.end(),
            [&](const Row& a, const Row& b) { return sort_key(a) < sort_key(b); });
}

SeriesPoint point_of(const Candidates& c, const Row& row) {
  const Interned* col = c.columns;
  SeriesPoint p;
  p.fact_id = row.id;
  p.report = col[kReport].text(row.key[kReport]);
  p.indicator = col[0].text(row.key[0]);
  p.unit = col[1].text(row.key[1]);
  p.district = col[2].text(row.key[2]);
  p.county = col[3].text(row.key[3]);
  p.status = parse_status(col[4].text(row.key[4])).value_or(Status::kActual);
  p.of = col[5].text(row.key[5]);
  p.family = col[6].text(row.key[6]);
  p.counts = col[7].text(row.key[7]);
  p.code = col[kCode].text(row.key[kCode]);
  p.city = col[kCode + 1].text(row.key[kCode + 1]);
  p.province = col[kCode + 2].text(row.key[kCode + 2]);
  p.period = row.period;
  p.value = row.value;
  p.time = point_time(p.period);
  p.reviewed = row.reviewed;
  return p;
}

// Whether two statements of a value differ beyond their rounding: each stands for any value within
// half its step (1.51万 for 15050..15150), and the two ranges do not meet.
bool differ(const Row& a, const Row& b) {
  const double slack = (a.step + b.step) / 2 + 1e-9 * std::max(std::abs(a.value), std::abs(b.value));
  return std::abs(a.value - b.value) > slack;
}

// One point per key and period, from ranked rows: the first shown, the others its provenance.
std::vector<SeriesPoint> points_of(const Candidates& c) {
  std::vector<SeriesPoint> points;
  const Row* current = nullptr;
  for (const Row& row : c.rows) {
    const bool same = current != nullptr && std::equal(row.key, row.key + kKeyColumns, current->key) &&
                      row.key[kCode] == current->key[kCode] && row.period == current->period;
    if (same) {
      points.back().also_stated_by.push_back(row.id);
      // A chosen fact sorts first: a point whose shown fact was chosen has no conflict left.
      points.back().conflict = points.back().conflict || (!current->chosen && differ(*current, row));
      continue;
    }
    current = &row;
    points.push_back(point_of(c, row));
  }
  return points;
}

}  // namespace

Result<std::vector<SeriesPoint>> Store::series(const SeriesFilter& filter) const {
  using Points = std::vector<SeriesPoint>;
  const std::string doing = "cannot read the series";
  const Sql sql = candidate_sql(filter);
  return impl_->read<Points>(doing, [&](sqlite3* db) -> Result<Points> {
    Candidates candidates;
    Query q(db, sql.text);
    sql.bind(q);
    read_candidates(q, candidates);
    if (!q.ok()) return q.error(impl_->path, doing);
    rank(candidates);
    return points_of(candidates);
  });
}

}  // namespace jiedao::store
