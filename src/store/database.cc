#include "store/database.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>

#include "store/schema.h"
#include "store/substring_index.h"

namespace jiedao::store {

namespace {

constexpr int kBusyTimeoutMs = 5000;
// As many as the HTTP server has threads: a reader opened per request parses the schema
// each time, which under load cost more than the query.
constexpr size_t kMaxIdleReaders = 64;

}  // namespace

Error failure(const std::string& path, std::string_view doing, int code, std::string_view message) {
  return Error{path + ": " + std::string(doing) + ": " + std::string(message) + "; " + sqlite_advice(code),
               sqlite_error_kind(code)};
}

Connection::~Connection() {
  for (auto& [sql, stmt] : prepared_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

int Connection::prepared(std::string_view sql, sqlite3_stmt** stmt) {
  auto found = prepared_.find(std::string(sql));
  if (found != prepared_.end()) {
    *stmt = found->second;
    return SQLITE_OK;
  }
  const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                    stmt, nullptr);
  if (rc == SQLITE_OK) prepared_.emplace(std::string(sql), *stmt);
  return rc;
}

Result<Done> exec(sqlite3* db, const char* sql, const std::string& path, std::string_view doing) {
  char* message = nullptr;
  int rc = sqlite3_exec(db, sql, nullptr, nullptr, &message);
  if (rc == SQLITE_OK) return Done{};
  std::string text = message != nullptr ? message : sqlite3_errmsg(db);
  sqlite3_free(message);
  return failure(path, doing, rc, text);
}

Result<std::string> pragma(sqlite3* db, const char* sql, const std::string& path, std::string_view doing) {
  Query query(db, sql);
  std::string value;
  if (query.step()) value = query.text(0);
  if (!query.ok()) return query.error(path, doing);
  return value;
}

std::optional<std::string> start_of(const Period& p) {
  return p.empty() ? std::nullopt : std::optional<std::string>(iso_date(p.start));
}
std::optional<std::string> end_of(const Period& p) {
  return p.empty() ? std::nullopt : std::optional<std::string>(iso_date(p.end));
}

std::optional<CivilDate> date_column(const Query& q, int column) {
  if (q.is_null(column)) return std::nullopt;
  return parse_iso_date(q.text(column));
}

Period period_columns(const Query& q, int start_column, int end_column) {
  auto start = date_column(q, start_column);
  auto end = date_column(q, end_column);
  if (!start || !end) return {};
  return {*start, *end};
}

Result<sqlite3*> Store::Impl::connect(const std::string& path, bool reader) {
  // SQLite counts the memory it holds under one mutex of the whole process, taken at every
  // allocation: under many readers at once that mutex, not the reads, set the pace. Nothing
  // here reads the count. (Must come before SQLite's first use; later it is refused, harmlessly.)
  static const bool unmetered = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;
  (void)unmetered;
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (reader ? 0 : SQLITE_OPEN_CREATE);
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    const int system_error = db != nullptr ? sqlite3_system_errno(db) : 0;
    sqlite3_close_v2(db);
    // Out of descriptors is not a file the user must fix: say what it is.
    if (system_error == EMFILE || system_error == ENFILE) {
      return Error{path +
                       ": cannot open the database: too many open files (the descriptor limit, ulimit -n, "
                       "is reached); raise it, or lower --max-connections",
                   ErrorKind::kUnavailable};
    }
    return failure(path, "cannot open the database", rc, message);
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  auto done = exec(db, "PRAGMA foreign_keys = ON", path, "cannot open the database");
  // The writer's tokenizer is registered by migrate(), once it knows the file is a database.
  if (done && reader) done = register_tokenizer(db, path);
  if (done && reader) done = set_wal(db, path);
  if (done && reader) done = exec(db, "PRAGMA query_only = ON", path, "cannot open the database");
  if (!done) {
    sqlite3_close_v2(db);
    return done.error();
  }
  return db;
}

Result<Done> Store::Impl::set_wal(sqlite3* db, const std::string& path) {
  auto mode = pragma(db, "PRAGMA journal_mode = WAL", path, "cannot switch the database to WAL mode");
  if (!mode) return mode.error();
  if (mode.value() != "wal") {
    return Error{path + ": cannot switch the database to WAL mode (it stays in " + mode.value() +
                 " mode); put it on a local disk or give another --db"};
  }
  // In WAL mode NORMAL keeps every transaction atomic and the database consistent after a
  // crash; only the last commits before a power cut may be lost, and the reports folder
  // holds them again. FULL would fsync each report's transaction: 10x slower ingests.
  return exec(db, "PRAGMA synchronous = NORMAL", path, "cannot set the database's sync mode");
}

Result<Store::Impl::Lease> Store::Impl::lease() {
  if (auto same = same_file(); !same) return same.error();
  {
    std::lock_guard lock(pool_mutex);
    if (!idle.empty()) {
      std::unique_ptr<Connection> reader = std::move(idle.back());
      idle.pop_back();
      return Lease(this, std::move(reader));
    }
  }
  auto db = connect(path, true);
  if (!db) return db.error();
  return Lease(this, std::make_unique<Connection>(db.value()));
}

void Store::Impl::give_back(std::unique_ptr<Connection> reader) {
  std::lock_guard lock(pool_mutex);
  if (idle.size() < kMaxIdleReaders) idle.push_back(std::move(reader));
}  // else closed here

void Store::Impl::committed() {
  std::sort(touched.begin(), touched.end());
  touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
  std::lock_guard lock(changes_mutex);
  changes.push_back(std::move(touched));
  touched.clear();
  if (changes.size() > Store::kChangesKept) {
    changes.pop_front();
    ++changes_first;
  }
  ++generation;
}

Result<Done> Store::Impl::same_file() const {
  struct stat now {};
  if (::stat(path.c_str(), &now) != 0 || now.st_dev != device || now.st_ino != inode) {
    return Error{"the database file " + path +
                     " was replaced or removed while the daemon ran; nothing more is written to or read "
                     "from it: restart the daemon",
                 ErrorKind::kIO};  // not kUnavailable: retrying does not help, a restart does
  }
  return Done{};
}

}  // namespace jiedao::store
