// The store: reports, their facts, and the time series they form, in SQLite.
//
// A Store is one SQLite database in WAL mode. Writes (put_report, put_reports,
// remove_report, set_meta) are serialised and each is one transaction: a
// reader never sees half a report. Reads run on their own connections, so
// HTTP queries go on while an ingest writes. All methods are safe to call
// from any thread.
//
// The schema is versioned with PRAGMA user_version and upgraded in place by
// the migrations of schema.cc; a database written by a newer jiedao is
// refused, untouched.
//
// Series. A point is keyed by (indicator, of, unit, district, status, period):
// `of` is "" except for a completion rate, where it names the indicator whose
// task the rate completes, so that the rates of seven tasks in one district
// and year are seven series. A point carries the family and the measure class
// (counts) of the fact it shows. Only levels with an indicator make points: changes (同比下降36.7%) and base
// values are facts, not points. When several facts state the same point, the
// series shows one: the fact from the report whose own period is the most
// specific (a year review before a five-year review), then from the most
// recently published report, then the first in document order; the others
// are its provenance ("also_stated_by").
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/result.h"
#include "extract/fact.h"

namespace jiedao::store {

inline constexpr int kSchemaVersion = 10;

// A row of the reports folder's corrections.tsv (report/corrections.h) as the last extraction of
// its report found it: applied, or stale (its quote no longer stands at its span).
struct StoredCorrection {
  std::string report;
  int64_t span_begin = 0, span_end = 0;
  std::string quote, field, value, note, by, at;
  bool applied = false;
};

// One report as stored. `text` is the UTF-8 text the facts' spans point into.
// A window of a report's text: `bytes` start at byte `begin` of a text of `total` bytes.
struct TextWindow {
  std::string bytes;
  size_t begin = 0, total = 0;
};

struct ReportRecord {
  std::string id;      // file stem
  std::string path;    // as ingested
  std::string sha256;  // of the file's bytes, hex
  std::string district, county;
  std::string city, province, code;  // of the gazetteer (report/gazetteer.h), or "": the code is the key
  std::string kind;                  // year review, half-year review, ...
  Period period;                     // the period the report reviews (may be empty)
  std::optional<CivilDate> published;
  std::string ingested_at;   // ISO 8601 with offset
  std::string data_version;  // fingerprint of the data files it was extracted with
  std::string text;
  int64_t fact_count = 0;
  std::vector<StoredCorrection> corrections;  // its rows of corrections.tsv, as last applied
};

// One fact as stored: the extractor's fact, where it came from, and its sentence.
struct StoredFact {
  int64_t id = 0;  // assigned by the store
  std::string report;
  std::string district, county;
  std::string city, province, code;  // the report's, as its district and county
  Fact fact;
  std::string quote;
  std::string sentence;
  std::string how;  // how its indicator was chosen, or why there is none (Fact::how, kept)
  // The rounding its quote allows: half of it either side of the value (1.51万: 100, 30075: 1).
  double step = 0;
  // What corrections.tsv did to it (report/corrections.h: Review as JSON), or "" when nothing.
  std::string review;
  bool chosen = false;  // a correction says it is the fact its point shows
};

// A report and its facts to store (Store::put_reports), held by the caller meanwhile.
struct ReportWrite {
  const ReportRecord& report;
  const std::vector<StoredFact>& facts;
};

// The state of a stored report, for deciding what to re-ingest.
struct ReportState {
  std::string path, sha256, data_version;
};

struct SeriesFilter {
  std::string indicator, district, county, family, of;  // "" = any
  std::string city, province, code;                     // "" = any; code: a unit's, or a prefix of it
  std::optional<Status> status;                         // nullopt = any
  int from_year = 0, to_year = 0;                       // 0 = open; compares the period's end year
};

struct SeriesPoint {
  std::string time;  // last day of the period, 00:00 Asia/Shanghai, ISO 8601 (2018-12-31T00:00:00+08:00)
  std::string district, county, indicator, unit;
  std::string city, province, code;  // the district's, from its facts ("" when the gazetteer has none)
  // A point's unit is its district, county and code together: names repeat across China.
  Status status = Status::kActual;
  std::string family;  // the indicator family (data/families.tsv), or ""
  std::string counts;  // a count's measure class (households, items, ...), or ""
  // A completion rate, stated or derived: the indicator whose task it completes, or "" when
  // the report does not say. Part of the point's key.
  std::string of;
  Period period;
  double value = 0;
  int64_t fact_id = 0;                  // the fact shown
  std::string report;                   // its report
  std::vector<int64_t> also_stated_by;  // the other facts of the same point
  // Its facts state values that differ beyond their rounding (|a - b| > half of each one's step)
  // and no correction chose one: the person who checks the data looks at these first.
  bool conflict = false;
  bool reviewed = false;  // the fact shown rests on a correction (corrections.tsv)
  // A completion rate derived by series_view() (series_view.h): the two facts (actual,
  // target) it divides; `of` names their indicator. Empty for stored points.
  std::vector<int64_t> sources;
  bool derived() const { return !sources.empty(); }
  // This point is "the value of its year" for its indicator, unit, district, county, code, status
  // and `of`: its period lies within one calendar year and covers the most of it among that year's
  // points (the whole year first). Set by series_view() (series_view.h); /api/v1/value and the
  // page's comparison of districts answer with these points only.
  bool year_value = false;
};

struct FactFilter {
  std::string report, indicator, district, county, family,
      text;          // text: substring of subject, quote or sentence
  std::string code;  // a unit's division code or its first digits (31: Shanghai), as SeriesFilter's
  // The fact at this span of its report's text (Fact::begin, end); -1: any.
  int64_t span_begin = -1, span_end = -1;
  int64_t limit = 100, offset = 0;
};

struct IndicatorCount {
  std::string indicator, unit;
  int64_t facts = 0;
};

struct FamilyCount {
  std::string family;
  int64_t facts = 0;
};

struct DistrictSummary {
  std::string district, county, city, province, code;
  std::vector<int> years;  // years with facts, ascending
  int64_t reports = 0, facts = 0;
};

class Store {
 public:
  // Opens or creates the database at `path`, migrating it to kSchemaVersion.
  // Fails with a message naming the file when it cannot be opened, is not a
  // jiedao database, is damaged, or was written by a newer version (left untouched).
  static Result<Store> open(const std::string& path);

  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  ~Store();

  // Writes. Each is one transaction.
  // Replaces the report `report.id` and all its facts (fact ids are reassigned).
  Result<Done> put_report(const ReportRecord& report, const std::vector<StoredFact>& facts);
  // put_report for each of `writes`, in order, in one transaction: an ingest stores its reports
  // a group at a time, since a commit per report writes the same index pages to the log again
  // and again. A report that cannot be stored is left as it was (a savepoint) and its error is
  // in its place of the answer; the others are stored. When the transaction fails, none is,
  // and every place holds its error. Readers see the whole group or none of it.
  std::vector<Result<Done>> put_reports(std::span<const ReportWrite> writes);
  Result<Done> remove_report(const std::string& id);  // no error when absent
  Result<Done> set_meta(const std::string& key, const std::string& value);
  // Adds every fact not yet in the text index to it (substring_index.h: puts add them in
  // batches). Searches find the same facts before and after; after, they scan none.
  Result<Done> index_text();

  // Reads.
  Result<std::optional<std::string>> meta(const std::string& key) const;
  Result<std::map<std::string, ReportState>> report_states() const;
  Result<std::optional<ReportState>> report_state(const std::string& id) const;
  // Reports without their text, by id: `limit` from `offset` (a negative limit: all).
  Result<std::vector<ReportRecord>> reports(int64_t limit = -1, int64_t offset = 0) const;
  Result<std::optional<ReportRecord>> report(const std::string& id) const;  // with text
  Result<std::optional<ReportRecord>> report_without_text(const std::string& id) const;
  // Bytes [begin, begin + length) of a report's text (fewer at its end) and the text's size in
  // bytes, read through SQLite's incremental blob I/O: a page of a large report costs the page,
  // not the report. Nothing when there is no such report.
  Result<std::optional<TextWindow>> report_text(const std::string& id, size_t begin, size_t length) const;
  Result<std::vector<StoredFact>> facts(const FactFilter& filter) const;
  // The rows of corrections.tsv as each report's last extraction applied them, by report and in
  // file order; `report` "" is every report's.
  Result<std::vector<StoredCorrection>> corrections(const std::string& report = "") const;
  Result<std::optional<StoredFact>> fact(int64_t id) const;
  Result<std::vector<StoredFact>> facts_by_id(
      const std::vector<int64_t>& ids) const;  // in that order; absent ids skipped
  Result<std::vector<IndicatorCount>> indicator_counts() const;
  Result<std::vector<FamilyCount>> family_counts() const;  // facts by family, families with facts only
  Result<std::vector<DistrictSummary>> districts() const;
  Result<std::vector<SeriesPoint>> series(const SeriesFilter& filter) const;
  Result<int64_t> count_reports() const;
  // A number that changes with every successful write of this Store: a reader may cache
  // what it computed from the store as long as the generation is the same.
  uint64_t generation() const;
  // What the writes after generation `since` changed of the series: the districts whose points
  // may differ (those of the facts a report had and has; never "", as facts without a district
  // make no points), up to `generation` (the newest).
  // `districts` is nullopt when the store no longer knows (too many writes since: it keeps the
  // last kChangesKept); a reader then reads the whole view again.
  struct Changes {
    uint64_t generation = 0;
    std::optional<std::vector<std::string>> districts;  // sorted, unique
  };
  static constexpr size_t kChangesKept = 1024;
  Changes changes_since(uint64_t since) const;
  // Error when the database file at the path opened is no longer that file (replaced or
  // removed while open); then every read and write gives that error.
  Result<Done> same_file() const;
  Result<int64_t> count_facts() const;

  // The connections (store/database.h): named here for the store's own files, defined there.
  struct Impl;

 private:
  Store();
  std::unique_ptr<Impl> impl_;
};

}  // namespace jiedao::store
