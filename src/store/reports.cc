#include <sqlite3.h>

#include <algorithm>

#include "store/database.h"
#include "store/report_columns.h"
#include "store/store.h"

// The reads of reports: their states, rows and text.
namespace jiedao::store {

namespace {

// One report's row, its text read by the SQL of `text_column` (the text, or '' for none).
Result<std::optional<ReportRecord>> read_one(Store::Impl& impl, const std::string& id,
                                             std::string_view text_column) {
  using Found = std::optional<ReportRecord>;
  const std::string doing = "cannot read report " + id;
  return impl.read<Found>(doing, [&](Connection& reader) -> Result<Found> {
    Query q(reader,
            "SELECT " + report_select_list() + std::string(text_column) + " FROM reports WHERE id = ?1");
    q.bind(1, id);
    Found found;
    if (q.step()) found = read_report(q);
    if (!q.ok()) return q.error(impl.path, doing);
    return found;
  });
}

}  // namespace

Result<std::map<std::string, ReportState>> Store::report_states() const {
  using States = std::map<std::string, ReportState>;
  const std::string doing = "cannot read the reports";
  const std::string& path = impl_->path;
  return impl_->read<States>(doing, [&](sqlite3* db) -> Result<States> {
    Query q(db, "SELECT id, path, sha256, data_version FROM reports");
    States states;
    while (q.step()) states[q.text(0)] = ReportState{q.text(1), q.text(2), q.text(3)};
    if (!q.ok()) return q.error(path, doing);
    return states;
  });
}

Result<std::optional<ReportState>> Store::report_state(const std::string& id) const {
  using State = std::optional<ReportState>;
  const std::string doing = "cannot read report " + id;
  const std::string& path = impl_->path;
  return impl_->read<State>(doing, [&](Connection& reader) -> Result<State> {
    Query q(reader, "SELECT path, sha256, data_version FROM reports WHERE id = ?1");
    q.bind(1, id);
    State state;
    if (q.step()) state = ReportState{q.text(0), q.text(1), q.text(2)};
    if (!q.ok()) return q.error(path, doing);
    return state;
  });
}

Result<std::vector<ReportRecord>> Store::reports(int64_t limit, int64_t offset) const {
  using Reports = std::vector<ReportRecord>;
  const std::string doing = "cannot read the reports";
  const std::string& path = impl_->path;
  return impl_->read<Reports>(doing, [&](sqlite3* db) -> Result<Reports> {
    Query q(db, "SELECT " + report_select_list() + "'' FROM reports ORDER BY id LIMIT ?1 OFFSET ?2");
    q.bind(1, limit < 0 ? int64_t{-1} : limit).bind(2, std::max<int64_t>(offset, 0));
    Reports reports;
    while (q.step()) reports.push_back(read_report(q));
    if (!q.ok()) return q.error(path, doing);
    return reports;
  });
}

Result<std::optional<ReportRecord>> Store::report(const std::string& id) const {
  return read_one(*impl_, id, "(SELECT text FROM report_texts t WHERE t.id = reports.id)");
}

Result<std::optional<ReportRecord>> Store::report_without_text(const std::string& id) const {
  return read_one(*impl_, id, "''");
}

Result<std::optional<TextWindow>> Store::report_text(const std::string& id, size_t begin,
                                                     size_t length) const {
  using Found = std::optional<TextWindow>;
  const std::string doing = "cannot read the text of report " + id;
  const std::string& path = impl_->path;
  return impl_->read<Found>(doing, [&](sqlite3* db) -> Result<Found> {
    Query q(db, "SELECT rowid FROM report_texts WHERE id = ?1");
    q.bind(1, id);
    if (!q.step()) {
      if (!q.ok()) return q.error(path, doing);
      return Found{};
    }
    const sqlite3_int64 rowid = q.integer(0);
    sqlite3_blob* blob = nullptr;
    int rc = sqlite3_blob_open(db, "main", "report_texts", "text", rowid, 0, &blob);
    TextWindow window;
    if (rc == SQLITE_OK) {
      window.total = static_cast<size_t>(sqlite3_blob_bytes(blob));
      window.begin = std::min(begin, window.total);
      window.bytes.resize(std::min(length, window.total - window.begin));
      if (!window.bytes.empty())
        rc = sqlite3_blob_read(blob, window.bytes.data(), static_cast<int>(window.bytes.size()),
                               static_cast<int>(window.begin));
    }
    const std::string message = rc == SQLITE_OK ? "" : sqlite3_errmsg(db);
    sqlite3_blob_close(blob);
    if (rc != SQLITE_OK) return failure(path, doing, rc, message);
    return Found{std::move(window)};
  });
}

Result<int64_t> Store::count_reports() const {
  const std::string doing = "cannot count the reports";
  const std::string& path = impl_->path;
  return impl_->read<int64_t>(doing, [&](sqlite3* db) -> Result<int64_t> {
    Query q(db, "SELECT count(*) FROM reports");
    int64_t count = q.step() ? q.integer(0) : 0;
    if (!q.ok()) return q.error(path, doing);
    return count;
  });
}

}  // namespace jiedao::store
