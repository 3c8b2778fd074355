#include "store/corrections.h"

#include "store/database.h"
#include "store/store.h"

// The corrections of corrections.tsv as the last extraction of each report applied them: written
// with the report's facts, in the same transaction, and read by /api/v1/corrections.
namespace jiedao::store {

Result<Done> replace_corrections(Connection& writer, const ReportRecord& report, const std::string& path,
                                 const std::string& doing) {
  Query remove(writer, "DELETE FROM corrections WHERE report = ?1");
  if (!remove.bind(1, report.id).run()) return remove.error(path, doing);
  Query insert(writer,
               "INSERT INTO corrections (report, seq, span_begin, span_end, quote, field, value, note, by, "
               "at, applied) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
  for (size_t seq = 0; seq < report.corrections.size(); ++seq) {
    const StoredCorrection& c = report.corrections[seq];
    insert.reset();
    insert.bind(1, report.id)
        .bind(2, static_cast<int64_t>(seq))
        .bind(3, c.span_begin)
        .bind(4, c.span_end)
        .bind(5, c.quote)
        .bind(6, c.field)
        .bind(7, c.value)
        .bind(8, c.note)
        .bind(9, c.by)
        .bind(10, c.at)
        .bind(11, static_cast<int64_t>(c.applied ? 1 : 0));
    if (!insert.run()) return insert.error(path, doing + " (correction " + std::to_string(seq) + ")");
  }
  return Done{};
}

Result<std::vector<StoredCorrection>> Store::corrections(const std::string& report) const {
  using Rows = std::vector<StoredCorrection>;
  const std::string doing = "cannot read the corrections";
  const std::string& path = impl_->path;
  return impl_->read<Rows>(doing, [&](sqlite3* db) -> Result<Rows> {
    Query q(
        db,
        "SELECT report, span_begin, span_end, quote, field, value, note, by, at, applied FROM corrections "
        "WHERE ?1 = '' OR report = ?1 ORDER BY report, seq");
    q.bind(1, report);
    Rows rows;
    while (q.step()) {
      StoredCorrection c;
      c.report = q.text(0);
      c.span_begin = q.integer(1);
      c.span_end = q.integer(2);
      c.quote = q.text(3);
      c.field = q.text(4);
      c.value = q.text(5);
      c.note = q.text(6);
      c.by = q.text(7);
      c.at = q.text(8);
      c.applied = q.integer(9) != 0;
      rows.push_back(std::move(c));
    }
    if (!q.ok()) return q.error(path, doing);
    return rows;
  });
}

}  // namespace jiedao::store
