#include "store/store.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string_view>
#include <system_error>
#include <unordered_map>

#include "store/corrections.h"
#include "store/database.h"
#include "store/fact_columns.h"
#include "store/report_columns.h"
#include "store/schema.h"
#include "store/substring_index.h"

namespace jiedao::store {

Store::Store() : impl_(std::make_unique<Impl>()) {}
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() = default;

Result<Store> Store::open(const std::string& path) {
  namespace fs = std::filesystem;
  if (path.empty() || path == ":memory:") {
    return Error{"\"" + path + "\": not a database file name; give the path of a file with --db"};
  }
  std::error_code ec;
  const fs::path parent = fs::path(path).parent_path();
  if (!parent.empty() && !fs::is_directory(parent, ec)) {
    if (fs::exists(parent, ec)) {
      return Error{path + ": " + parent.string() + " is not a folder; give another --db"};
    }
    return Error{path + ": the folder " + parent.string() +
                 " does not exist; create it or give another --db"};
  }
  if (fs::is_directory(path, ec)) {
    return Error{path + ": is a folder, not a database file; give the path of a file with --db"};
  }

  auto db = Impl::connect(path, false);
  if (!db) return db.error();
  Store store;
  store.impl_->path = path;
  store.impl_->writer = std::make_unique<Connection>(db.value());
  struct stat opened {};
  if (::stat(path.c_str(), &opened) != 0) return Error{path + ": cannot read: " + std::strerror(errno)};
  store.impl_->device = opened.st_dev;
  store.impl_->inode = opened.st_ino;
  // The version is judged before anything is written (WAL mode writes the
  // header): a refused file stays as it was.
  if (auto migrated = migrate(store.impl_->writer->db(), kSchemaVersion, path); !migrated)
    return migrated.error();
  if (auto wal = Impl::set_wal(store.impl_->writer->db(), path); !wal) return wal.error();
  // The writer keeps 16 MB of pages rather than SQLite's 2 MB: adding a batch of facts to the
  // text index rewrites its segments, and with 2 MB each page was read back from the file.
  // (After migrate(): the PRAGMA reads the schema, and a file that is not a database must be
  // refused by migrate()'s message.)
  if (auto cache =
          exec(store.impl_->writer->db(), "PRAGMA cache_size = -16384", path, "cannot open the database");
      !cache)
    return cache.error();
  return store;
}

uint64_t Store::generation() const { return impl_->generation.load(); }

Store::Changes Store::changes_since(uint64_t since) const {
  std::lock_guard lock(impl_->changes_mutex);
  Changes changes{impl_->generation.load(), std::nullopt};
  // changes[i] made generation changes_first + i; the writes after `since` start at since + 1.
  if (since > changes.generation || since + 1 < impl_->changes_first) return changes;
  std::vector<std::string> districts;
  for (size_t i = since + 1 - impl_->changes_first; i < impl_->changes.size(); ++i)
    districts.insert(districts.end(), impl_->changes[i].begin(), impl_->changes[i].end());
  std::sort(districts.begin(), districts.end());
  districts.erase(std::unique(districts.begin(), districts.end()), districts.end());
  changes.districts = std::move(districts);
  return changes;
}

Result<Done> Store::same_file() const { return impl_->same_file(); }

namespace {

// Names the districts of the facts report `id` has now to the write under way (Impl::touch):
// its points there change when they go.
Result<Done> touch_districts(Store::Impl& impl, Connection& db, const std::string& id,
                             const std::string& doing) {
  Query q(db, "SELECT DISTINCT district FROM facts WHERE report = ?1");
  q.bind(1, id);
  while (q.step()) impl.touch(q.text(0));
  if (!q.ok()) return q.error(impl.path, doing);
  return Done{};
}

// The facts of report `id`, in document order (seq), and their sentences, each once, on the
// writer inside put_reports' transaction.
Result<Done> insert_facts(Connection& db, const std::string& id, const std::vector<StoredFact>& facts,
                          const std::string& path, const std::string& doing) {
  Query insert_sentence(db, "INSERT INTO sentences (report, text) VALUES (?1, ?2)");
  Query insert_fact(db, fact_insert_sql());
  std::unordered_map<std::string_view, int64_t> sentence_ids;  // views facts' sentences
  for (size_t seq = 0; seq < facts.size(); ++seq) {
    auto [at, added] = sentence_ids.try_emplace(facts[seq].sentence, 0);
    if (added) {
      insert_sentence.reset();
      if (!insert_sentence.bind(1, id).bind(2, facts[seq].sentence).run())
        return insert_sentence.error(path, doing + " (the sentence of fact " + std::to_string(seq) + ")");
      at->second = sqlite3_last_insert_rowid(db.db());
    }
    insert_fact.reset();
    bind_fact(insert_fact, id, static_cast<int64_t>(seq), at->second, facts[seq]);
    if (!insert_fact.run()) return insert_fact.error(path, doing + " (fact " + std::to_string(seq) + ")");
  }
  return Done{};
}

// Deletes report `id`'s facts and sentences, before the report itself. They would go with it (ON
// DELETE CASCADE); deleting them first does not depend on foreign_keys being on.
Result<Done> delete_facts(Connection& db, const std::string& id, const std::string& path,
                          const std::string& doing) {
  Query facts(db, "DELETE FROM facts WHERE report = ?1");
  if (!facts.bind(1, id).run()) return facts.error(path, doing);
  Query sentences(db, "DELETE FROM sentences WHERE report = ?1");
  if (!sentences.bind(1, id).run()) return sentences.error(path, doing);
  return Done{};
}

// Replaces one report and its facts, on the writer inside put_reports' transaction.
Result<Done> put_one(Store::Impl& impl, Connection& db, const ReportWrite& w, const std::string& doing) {
  const ReportRecord& report = w.report;
  const std::string& path = impl.path;
  if (auto touched = touch_districts(impl, db, report.id, doing); !touched) return touched;
  for (const StoredFact& fact : w.facts) impl.touch(fact.district);
  if (auto deleted = delete_facts(db, report.id, path, doing); !deleted) return deleted;
  Query delete_text(db, "DELETE FROM report_texts WHERE id = ?1");
  if (!delete_text.bind(1, report.id).run()) return delete_text.error(path, doing);
  Query delete_report(db, "DELETE FROM reports WHERE id = ?1");
  if (!delete_report.bind(1, report.id).run()) return delete_report.error(path, doing);

  Query insert_report(db, report_insert_sql());
  bind_report(insert_report, report, static_cast<int64_t>(w.facts.size()));
  if (!insert_report.run()) return insert_report.error(path, doing);
  Query insert_text(db, "INSERT INTO report_texts (id, text) VALUES (?1, ?2)");
  if (!insert_text.bind(1, report.id).bind(2, report.text).run()) return insert_text.error(path, doing);

  if (auto inserted = insert_facts(db, report.id, w.facts, path, doing); !inserted) return inserted;
  return replace_corrections(db, report, path, doing);
}

// put_one() inside a savepoint: when it fails, the report is left as it was, names no district
// to the write (its points do not change), and the transaction goes on. Returns false when the
// transaction itself is gone (SQLite rolls back the whole of it on some errors: a full disk, an
// I/O error).
bool put_in_savepoint(Store::Impl& impl, Connection& db, const ReportWrite& w, Result<Done>& outcome) {
  const std::string doing = "cannot store report " + w.report.id;
  if (Query begin(db, "SAVEPOINT report"); !begin.run()) {
    outcome = begin.error(impl.path, doing);
    return false;
  }
  const size_t touched_before = impl.touched.size();
  outcome = put_one(impl, db, w, doing);
  if (sqlite3_get_autocommit(db.db()) != 0) return false;
  if (!outcome) {
    impl.touched.resize(touched_before);
    Query undo(db, "ROLLBACK TO report");
    if (!undo.run()) return false;
  }
  Query release(db, "RELEASE report");
  return release.run();
}

}  // namespace

Result<Done> Store::put_report(const ReportRecord& report, const std::vector<StoredFact>& facts) {
  const ReportWrite one[] = {{report, facts}};
  return put_reports(one).front();
}

std::vector<Result<Done>> Store::put_reports(std::span<const ReportWrite> writes) {
  std::vector<Result<Done>> outcomes;
  if (writes.empty()) return outcomes;
  std::string doing = "cannot store report " + writes.front().report.id;
  if (writes.size() > 1) {
    doing = "cannot store reports " + writes.front().report.id;
    doing += " to " + writes.back().report.id + " (one transaction)";
  }
  const std::string& path = impl_->path;
  bool none_stored = false;  // every report failed alone: the transaction is rolled back
  auto written = impl_->write(doing, [&](Connection& db) -> Result<Done> {
    outcomes.assign(writes.size(), Done{});
    for (size_t i = 0; i < writes.size(); ++i) {
      if (!put_in_savepoint(*impl_, db, writes[i], outcomes[i]))
        return outcomes[i] ? Error{doing + ": the transaction ended"} : outcomes[i].error();
    }
    // A write that stores nothing commits nothing: the generation, and what readers keep by
    // it, stay as they are.
    none_stored =
        std::none_of(outcomes.begin(), outcomes.end(), [](const Result<Done>& o) { return o.ok(); });
    if (none_stored) return Error{doing + ": no report could be stored"};
    if (const int rc = index_fact_text(db.db(), kTextIndexBatch); rc != SQLITE_OK)
      return failure(path, doing + " (indexing the facts' text)", rc, sqlite3_errmsg(db.db()));
    return Done{};
  });
  if (written || none_stored) return outcomes;
  // Nothing was stored: each report says why.
  outcomes.assign(writes.size(), written.error());
  return outcomes;
}

Result<Done> Store::index_text() {
  const std::string doing = "cannot index the facts' text";
  const std::string& path = impl_->path;
  return impl_->write(doing, [&](sqlite3* db) -> Result<Done> {
    if (const int rc = index_fact_text(db, 1); rc != SQLITE_OK)
      return failure(path, doing, rc, sqlite3_errmsg(db));
    return Done{};
  });
}

Result<Done> Store::remove_report(const std::string& id) {
  const std::string doing = "cannot remove report " + id;
  const std::string& path = impl_->path;
  return impl_->write(doing, [&](Connection& db) -> Result<Done> {
    if (auto touched = touch_districts(*impl_, db, id, doing); !touched) return touched;
    if (auto deleted = delete_facts(db, id, path, doing); !deleted) return deleted;
    Query delete_corrections(db, "DELETE FROM corrections WHERE report = ?1");
    if (!delete_corrections.bind(1, id).run()) return delete_corrections.error(path, doing);
    Query delete_text(db, "DELETE FROM report_texts WHERE id = ?1");
    if (!delete_text.bind(1, id).run()) return delete_text.error(path, doing);
    Query delete_report(db, "DELETE FROM reports WHERE id = ?1");
    if (!delete_report.bind(1, id).run()) return delete_report.error(path, doing);
    return Done{};
  });
}

Result<Done> Store::set_meta(const std::string& key, const std::string& value) {
  const std::string doing = "cannot set " + key;
  const std::string& path = impl_->path;
  return impl_->write(doing, [&](sqlite3* db) -> Result<Done> {
    Query upsert(db,
                 "INSERT INTO meta (key, value) VALUES (?1, ?2) "
                 "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    if (!upsert.bind(1, key).bind(2, value).run()) return upsert.error(path, doing);
    return Done{};
  });
}

Result<std::optional<std::string>> Store::meta(const std::string& key) const {
  const std::string doing = "cannot read " + key;
  const std::string& path = impl_->path;
  return impl_->read<std::optional<std::string>>(doing,
                                                 [&](sqlite3* db) -> Result<std::optional<std::string>> {
                                                   Query q(db, "SELECT value FROM meta WHERE key = ?1");
                                                   q.bind(1, key);
                                                   std::optional<std::string> value;
                                                   if (q.step()) value = q.text(0);
                                                   if (!q.ok()) return q.error(path, doing);
                                                   return value;
                                                 });
}

}  // namespace jiedao::store
