#include "store/store.h"

#include <date/date.h>
#include <date/tz.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <mutex>
#include <string_view>
#include <system_error>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "store/schema.h"
#include "store/substring_index.h"

namespace jiedao::store {

namespace {

constexpr int kBusyTimeoutMs = 5000;
// As many as the HTTP server has threads: a reader opened per request parses the schema
// each time, which under load cost more than the query.
constexpr size_t kMaxIdleReaders = 64;
constexpr int64_t kMaxLimit = 10000;

Error failure(const std::string& path, std::string_view doing, int code, std::string_view message) {
  return Error{path + ": " + std::string(doing) + ": " + std::string(message) + "; " + sqlite_advice(code),
               sqlite_error_kind(code)};
}

// One prepared statement. The first failure (prepare, bind or step) is kept
// with SQLite's message of the moment; later calls do nothing.
class Query {
 public:
  Query(sqlite3* db, std::string_view sql) : db_(db) {
    check(sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr));
  }
  ~Query() { sqlite3_finalize(stmt_); }
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;

  Query& bind(int index, std::string_view text) {
    if (ok())
      check(sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT));
    return *this;
  }
  Query& bind_or_null(int index, const std::optional<std::string>& text) {
    return text ? bind(index, std::string_view(*text)) : bind_null(index);
  }
  Query& bind(int index, int64_t number) {
    if (ok()) check(sqlite3_bind_int64(stmt_, index, number));
    return *this;
  }
  Query& bind(int index, double number) {
    if (ok()) check(sqlite3_bind_double(stmt_, index, number));
    return *this;
  }
  Query& bind_or_null(int index, const std::optional<double>& number) {
    return number ? bind(index, *number) : bind_null(index);
  }
  Query& bind_null(int index) {
    if (ok()) check(sqlite3_bind_null(stmt_, index));
    return *this;
  }

  // True with a row to read; false when done or failed (see ok()).
  bool step() {
    if (!ok()) return false;
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) check(rc);
    return false;
  }
  // Runs a statement that returns no rows; false on failure.
  bool run() {
    while (step()) {
    }
    return ok();
  }
  void reset() {
    if (ok()) {
      sqlite3_reset(stmt_);
      sqlite3_clear_bindings(stmt_);
    }
  }

  bool is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
  std::string text(int column) const {
    const auto* bytes = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    int size = sqlite3_column_bytes(stmt_, column);
    return bytes != nullptr ? std::string(bytes, static_cast<size_t>(size)) : std::string();
  }
  int64_t integer(int column) const { return sqlite3_column_int64(stmt_, column); }
  double real(int column) const { return sqlite3_column_double(stmt_, column); }

  bool ok() const { return code_ == SQLITE_OK; }
  Error error(const std::string& path, std::string_view doing) const {
    return failure(path, doing, code_, message_);
  }

 private:
  void check(int rc) {
    if (rc != SQLITE_OK && code_ == SQLITE_OK) {
      code_ = rc;
      message_ = sqlite3_errmsg(db_);
    }
  }

  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  int code_ = SQLITE_OK;
  std::string message_;
};

Result<Done> exec(sqlite3* db, const char* sql, const std::string& path, std::string_view doing) {
  char* message = nullptr;
  int rc = sqlite3_exec(db, sql, nullptr, nullptr, &message);
  if (rc == SQLITE_OK) return Done{};
  std::string text = message != nullptr ? message : sqlite3_errmsg(db);
  sqlite3_free(message);
  return failure(path, doing, rc, text);
}

// Runs a PRAGMA that answers one text value.
Result<std::string> pragma(sqlite3* db, const char* sql, const std::string& path, std::string_view doing) {
  Query query(db, sql);
  std::string value;
  if (query.step()) value = query.text(0);
  if (!query.ok()) return query.error(path, doing);
  return value;
}

// Dates are stored as ISO 8601 text (model/date.h); an empty period as NULLs.
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

// Reports: the columns read() below expects, the text column last.
constexpr std::string_view kReportColumns =
    "id, path, sha256, district, county, kind, period_start, period_end, published, ingested_at, "
    "data_version, fact_count, ";

ReportRecord read_report(const Query& q) {
  ReportRecord r;
  r.id = q.text(0);
  r.path = q.text(1);
  r.sha256 = q.text(2);
  r.district = q.text(3);
  r.county = q.text(4);
  r.kind = q.text(5);
  r.period = period_columns(q, 6, 7);
  r.published = date_column(q, 8);
  r.ingested_at = q.text(9);
  r.data_version = q.text(10);
  r.fact_count = q.integer(11);
  r.text = q.text(12);
  return r;
}

constexpr std::string_view kFactColumns =
    "f.id, f.report, f.district, f.county, f.indicator, f.subject, f.value, f.value_max, f.unit, f.measure, "
    "f.qualifier, f.change, f.quote, f.span_begin, f.span_end, f.period_start, f.period_end, f.status, "
    "f.is_base_value, f.sentence, f.family, f.counts, f.of";

StoredFact read_fact(const Query& q) {
  StoredFact s;
  s.id = q.integer(0);
  s.report = q.text(1);
  s.district = q.text(2);
  s.county = q.text(3);
  Fact& f = s.fact;
  f.indicator = q.text(4);
  f.subject = q.text(5);
  f.value = q.real(6);
  if (!q.is_null(7)) f.value_max = q.real(7);
  f.unit = q.text(8);
  f.measure = q.text(9);
  f.qualifier = q.text(10);
  f.change = q.text(11);
  s.quote = q.text(12);
  f.begin = static_cast<size_t>(q.integer(13));
  f.end = static_cast<size_t>(q.integer(14));
  f.period = period_columns(q, 15, 16);
  f.status = parse_status(q.text(17)).value_or(Status::kActual);  // the column's CHECK allows only the two
  f.is_base_value = q.integer(18) != 0;
  s.sentence = q.text(19);
  f.family = q.text(20);
  f.counts = q.text(21);
  f.of = q.text(22);
  return s;
}

// A statement text with its parameters, for queries whose WHERE depends on the
// filter. Only fixed SQL is appended; values are always bound.
struct Sql {
  std::string text;
  std::vector<std::string> params;

  void where(std::string_view condition, std::string value) {
    text += " AND ";
    text += condition;
    params.push_back(std::move(value));
  }
  void bind(Query& q) const {
    for (size_t i = 0; i < params.size(); ++i) q.bind(static_cast<int>(i + 1), std::string_view(params[i]));
  }
};

// The Asia/Shanghai zone, or nullptr when the time zone database cannot be read.
const date::time_zone* shanghai() {
  static const date::time_zone* const zone = []() -> const date::time_zone* {
    try {
      return date::locate_zone("Asia/Shanghai");
    } catch (const std::exception&) {
      return nullptr;
    }
  }();
  return zone;
}

// A local time in Asia/Shanghai, or nullopt when the time zone database cannot be read (the
// callers then take +08:00, which Shanghai has kept without daylight saving since 1991).
std::optional<date::zoned_seconds> in_shanghai(date::local_seconds local) {
  if (const date::time_zone* zone = shanghai()) {
    try {
      return date::zoned_seconds(zone, local, date::choose::earliest);
    } catch (const std::exception&) {
    }
  }
  return std::nullopt;
}

std::string format_local(date::local_seconds local) {
  if (const auto zoned = in_shanghai(local)) return date::format("%FT%T%Ez", *zoned);
  return date::format("%FT%T", local) + "+08:00";
}

}  // namespace

struct Store::Impl {
  std::string path;
  // The file opened, by identity: a file put in its place (or its removal) while the daemon
  // runs must not be read by new connections beside the old one still written.
  dev_t device = 0;
  ino_t inode = 0;

  // Error when the file at `path` is no longer the one opened.
  Result<Done> same_file() const {
    struct stat now {};
    if (::stat(path.c_str(), &now) != 0 || now.st_dev != device || now.st_ino != inode) {
      return Error{"the database file " + path +
                       " was replaced or removed while the daemon ran; nothing more is written to or read "
                       "from it: restart the daemon",
                   ErrorKind::kIO};  // not kUnavailable: retrying does not help, a restart does
    }
    return Done{};
  }

  std::mutex write_mutex;  // guards writer
  sqlite3* writer = nullptr;

  std::mutex pool_mutex;  // guards idle
  std::vector<sqlite3*> idle;

  std::atomic<uint64_t> generation{0};  // bumped after every committed write

  ~Impl() {
    for (sqlite3* db : idle) sqlite3_close_v2(db);
    sqlite3_close_v2(writer);
  }

  // Opens a connection with the settings every connection has. Readers refuse writes.
  static Result<sqlite3*> connect(const std::string& path, bool reader) {
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

  static Result<Done> set_wal(sqlite3* db, const std::string& path) {
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

  // A read connection, back to the pool when the lease ends.
  class Lease {
   public:
    Lease(Impl* impl, sqlite3* db) : impl_(impl), db_(db) {}
    Lease(Lease&& other) noexcept : impl_(other.impl_), db_(std::exchange(other.db_, nullptr)) {}
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (db_ == nullptr) return;
      if (sqlite3_get_autocommit(db_) == 0) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
      impl_->give_back(db_);
    }
    sqlite3* db() const { return db_; }

   private:
    Impl* impl_;
    sqlite3* db_;
  };

  Result<Lease> lease() {
    if (auto same = same_file(); !same) return same.error();
    {
      std::lock_guard lock(pool_mutex);
      if (!idle.empty()) {
        sqlite3* db = idle.back();
        idle.pop_back();
        return Lease(this, db);
      }
    }
    auto db = connect(path, true);
    if (!db) return db.error();
    return Lease(this, db.value());
  }

  void give_back(sqlite3* db) {
    {
      std::lock_guard lock(pool_mutex);
      if (idle.size() < kMaxIdleReaders) {
        idle.push_back(db);
        return;
      }
    }
    sqlite3_close_v2(db);
  }

  // Runs `body(db)` -> Result<T> on a read connection, in one read transaction
  // so that its statements see one snapshot.
  template <class T, class Body>
  Result<T> read(std::string_view doing, Body&& body) {
    auto lease_or = lease();
    if (!lease_or) return lease_or.error();
    sqlite3* db = lease_or.value().db();
    if (auto begun = exec(db, "BEGIN", path, doing); !begun) return begun.error();
    Result<T> result = body(db);
    if (auto ended = exec(db, "COMMIT", path, doing); !ended && result) return ended.error();
    return result;
  }

  // One report's row, its text read by the SQL of `text_column` (the text, or '' for none).
  Result<std::optional<ReportRecord>> report(const std::string& id, std::string_view text_column) {
    using Found = std::optional<ReportRecord>;
    const std::string doing = "cannot read report " + id;
    return read<Found>(doing, [&](sqlite3* db) -> Result<Found> {
      Query q(db, "SELECT " + std::string(kReportColumns) + std::string(text_column) +
                      " FROM reports WHERE id = ?1");
      q.bind(1, id);
      Found found;
      if (q.step()) found = read_report(q);
      if (!q.ok()) return q.error(path, doing);
      return found;
    });
  }

  // Runs `body(db)` -> Result<Done> on the write connection in one transaction.
  template <class Body>
  Result<Done> write(std::string_view doing, Body&& body) {
    if (auto same = same_file(); !same) return same;
    std::lock_guard lock(write_mutex);
    if (auto begun = exec(writer, "BEGIN IMMEDIATE", path, doing); !begun) return begun;
    Result<Done> result = body(writer);
    if (result) result = exec(writer, "COMMIT", path, doing);
    if (!result && sqlite3_get_autocommit(writer) == 0)
      sqlite3_exec(writer, "ROLLBACK", nullptr, nullptr, nullptr);
    if (result) ++generation;
    return result;
  }
};

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
  store.impl_->writer = db.value();
  struct stat opened {};
  if (::stat(path.c_str(), &opened) != 0) return Error{path + ": cannot read: " + std::strerror(errno)};
  store.impl_->device = opened.st_dev;
  store.impl_->inode = opened.st_ino;
  // The version is judged before anything is written (WAL mode writes the
  // header): a refused file stays as it was.
  if (auto migrated = migrate(store.impl_->writer, kSchemaVersion, path); !migrated) return migrated.error();
  if (auto wal = Impl::set_wal(store.impl_->writer, path); !wal) return wal.error();
  // The writer keeps 16 MB of pages rather than SQLite's 2 MB: adding a batch of facts to the
  // text index rewrites its segments, and with 2 MB each page was read back from the file.
  // (After migrate(): the PRAGMA reads the schema, and a file that is not a database must be
  // refused by migrate()'s message.)
  if (auto cache = exec(store.impl_->writer, "PRAGMA cache_size = -16384", path, "cannot open the database");
      !cache)
    return cache.error();
  return store;
}

uint64_t Store::generation() const { return impl_->generation.load(); }

Result<Done> Store::same_file() const { return impl_->same_file(); }

Result<Done> Store::put_report(const ReportRecord& report, const std::vector<StoredFact>& facts) {
  const std::string doing = "cannot store report " + report.id;
  const std::string& path = impl_->path;
  return impl_->write(doing, [&](sqlite3* db) -> Result<Done> {
    // The facts would go with the report (ON DELETE CASCADE); deleting them
    // first does not depend on foreign_keys being on.
    Query delete_facts(db, "DELETE FROM facts WHERE report = ?1");
    if (!delete_facts.bind(1, report.id).run()) return delete_facts.error(path, doing);
    Query delete_text(db, "DELETE FROM report_texts WHERE id = ?1");
    if (!delete_text.bind(1, report.id).run()) return delete_text.error(path, doing);
    Query delete_report(db, "DELETE FROM reports WHERE id = ?1");
    if (!delete_report.bind(1, report.id).run()) return delete_report.error(path, doing);

    Query insert_report(
        db,
        "INSERT INTO reports (id, path, sha256, district, county, kind, period_start, period_end, "
        "published, ingested_at, data_version, fact_count) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
    insert_report.bind(1, report.id)
        .bind(2, report.path)
        .bind(3, report.sha256)
        .bind(4, report.district)
        .bind(5, report.county)
        .bind(6, report.kind)
        .bind_or_null(7, start_of(report.period))
        .bind_or_null(8, end_of(report.period))
        .bind_or_null(
            9, report.published ? std::optional<std::string>(iso_date(*report.published)) : std::nullopt)
        .bind(10, report.ingested_at)
        .bind(11, report.data_version)
        .bind(12, static_cast<int64_t>(facts.size()));
    if (!insert_report.run()) return insert_report.error(path, doing);
    Query insert_text(db, "INSERT INTO report_texts (id, text) VALUES (?1, ?2)");
    if (!insert_text.bind(1, report.id).bind(2, report.text).run()) return insert_text.error(path, doing);

    Query insert_fact(
        db,
        "INSERT INTO facts (report, seq, district, county, indicator, subject, value, value_max, "
        "unit, measure, qualifier, change, quote, span_begin, span_end, period_start, period_end, "
        "status, is_base_value, sentence, family, counts, of) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, "
        "?19, ?20, ?21, ?22, ?23)");
    for (size_t seq = 0; seq < facts.size(); ++seq) {
      const StoredFact& s = facts[seq];
      const Fact& f = s.fact;
      insert_fact.reset();
      insert_fact.bind(1, report.id)
          .bind(2, static_cast<int64_t>(seq))
          .bind(3, s.district)
          .bind(4, s.county)
          .bind(5, f.indicator)
          .bind(6, f.subject)
          .bind(7, f.value)
          .bind_or_null(8, f.value_max)
          .bind(9, f.unit)
          .bind(10, f.measure)
          .bind(11, f.qualifier)
          .bind(12, f.change)
          .bind(13, s.quote)
          .bind(14, static_cast<int64_t>(f.begin))
          .bind(15, static_cast<int64_t>(f.end))
          .bind_or_null(16, start_of(f.period))
          .bind_or_null(17, end_of(f.period))
          .bind(18, status_name(f.status))
          .bind(19, static_cast<int64_t>(f.is_base_value ? 1 : 0))
          .bind(20, s.sentence)
          .bind(21, f.family)
          .bind(22, f.counts)
          .bind(23, f.of);
      if (!insert_fact.run()) return insert_fact.error(path, doing + " (fact " + std::to_string(seq) + ")");
    }
    if (const int rc = index_fact_text(db, kTextIndexBatch); rc != SQLITE_OK)
      return failure(path, doing + " (indexing the facts' text)", rc, sqlite3_errmsg(db));
    return Done{};
  });
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
  return impl_->write(doing, [&](sqlite3* db) -> Result<Done> {
    Query delete_facts(db, "DELETE FROM facts WHERE report = ?1");
    if (!delete_facts.bind(1, id).run()) return delete_facts.error(path, doing);
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
  return impl_->read<State>(doing, [&](sqlite3* db) -> Result<State> {
    Query q(db, "SELECT path, sha256, data_version FROM reports WHERE id = ?1");
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
    Query q(db, "SELECT " + std::string(kReportColumns) + "'' FROM reports ORDER BY id LIMIT ?1 OFFSET ?2");
    q.bind(1, limit < 0 ? int64_t{-1} : limit).bind(2, std::max<int64_t>(offset, 0));
    Reports reports;
    while (q.step()) reports.push_back(read_report(q));
    if (!q.ok()) return q.error(path, doing);
    return reports;
  });
}

Result<std::optional<ReportRecord>> Store::report(const std::string& id) const {
  return impl_->report(id, "(SELECT text FROM report_texts t WHERE t.id = reports.id)");
}

Result<std::optional<ReportRecord>> Store::report_without_text(const std::string& id) const {
  return impl_->report(id, "''");
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

Result<std::vector<StoredFact>> Store::facts(const FactFilter& filter) const {
  using Facts = std::vector<StoredFact>;
  const std::string doing = "cannot read the facts";
  const std::string& path = impl_->path;
  Sql sql{"SELECT " + std::string(kFactColumns) + " FROM facts f WHERE 1 = 1", {}};
  if (!filter.report.empty()) sql.where("f.report = ?", filter.report);
  if (!filter.indicator.empty()) sql.where("f.indicator = ?", filter.indicator);
  if (!filter.district.empty()) sql.where("f.district = ?", filter.district);
  if (!filter.family.empty()) sql.where("f.family = ?", filter.family);
  const int text_param = static_cast<int>(sql.params.size()) + 1;
  if (!filter.text.empty()) {
    sql.params.push_back(indexable_query(filter.text) ? substring_match(filter.text) : std::string());
    sql.params.push_back(filter.text);
  }
  const int64_t limit = std::clamp<int64_t>(filter.limit, 0, kMaxLimit);
  const int64_t offset = std::max<int64_t>(filter.offset, 0);
  return impl_->read<Facts>(doing, [&](sqlite3* db) -> Result<Facts> {
    std::string text = sql.text;
    if (!filter.text.empty()) {
      TextPlan plan;
      if (const int rc = plan_text_search(db, filter.text, plan); rc != SQLITE_OK)
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
  return impl_->read<Found>(doing, [&](sqlite3* db) -> Result<Found> {
    Query q(db, "SELECT " + std::string(kFactColumns) + " FROM facts f WHERE f.id = ?1");
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
  return impl_->read<Found>(doing, [&](sqlite3* db) -> Result<Found> {
    Query q(db, "SELECT " + std::string(kFactColumns) + " FROM facts f WHERE f.id = ?1");
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
    // Keyed (county, district): the order of the answer.
    std::map<std::pair<std::string, std::string>, DistrictSummary> by_key;
    auto entry = [&](const Query& q) -> DistrictSummary& {
      DistrictSummary& s = by_key[{q.text(1), q.text(0)}];
      s.district = q.text(0);
      s.county = q.text(1);
      return s;
    };
    Query reports(
        db, "SELECT district, county, count(*) FROM reports WHERE district != '' GROUP BY district, county");
    while (reports.step()) entry(reports).reports = reports.integer(2);
    if (!reports.ok()) return reports.error(path, doing);
    Query facts(
        db, "SELECT district, county, count(*) FROM facts WHERE district != '' GROUP BY district, county");
    while (facts.step()) entry(facts).facts = facts.integer(2);
    if (!facts.ok()) return facts.error(path, doing);
    Query years(
        db,
        "SELECT DISTINCT district, county, CAST(substr(period_end, 1, 4) AS INTEGER) AS year FROM facts "
        "WHERE district != '' AND period_end IS NOT NULL ORDER BY district, county, year");
    while (years.step()) entry(years).years.push_back(static_cast<int>(years.integer(2)));
    if (!years.ok()) return years.error(path, doing);
    Summaries summaries;
    summaries.reserve(by_key.size());
    for (auto& [key, summary] : by_key) summaries.push_back(std::move(summary));
    return summaries;
  });
}

namespace {

// The days a report's own period spans, for "the more specific period first".
int64_t period_days(const Period& p) {
  const auto days = [](const CivilDate& d) {
    return date::sys_days{date::year{d.year} / date::month{static_cast<unsigned>(d.month)} /
                          date::day{static_cast<unsigned>(d.day)}}
        .time_since_epoch()
        .count();
  };
  return days(p.end) - days(p.start);
}

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

}  // namespace

Result<std::vector<SeriesPoint>> Store::series(const SeriesFilter& filter) const {
  using Points = std::vector<SeriesPoint>;
  const std::string doing = "cannot read the series";
  const std::string& path = impl_->path;
  // The candidate facts of every point, a point's facts together and best first: the
  // report whose own period is shortest (none: longest), then the most recently
  // published (unknown: last), then report id and document order. A narrow filter lets
  // SQLite sort the few rows it selects; the whole view (a million facts) is sorted here,
  // on interned keys, because SQLite's ORDER BY spilled that sort to disk (10 s).
  const bool narrow = !filter.indicator.empty() || !filter.district.empty() || !filter.family.empty();
  Sql sql{
      "SELECT f.id, f.report, f.indicator, f.unit, f.district, f.county, f.status, f.of, f.family, "
      "f.counts, f.period_start, f.period_end, f.value, f.seq FROM facts f JOIN reports r ON r.id = f.report "
      "WHERE f.indicator != '' AND f.change = '' AND f.is_base_value = 0 "
      "AND f.district != '' AND f.period_start IS NOT NULL AND f.period_end IS NOT NULL",
      {}};
  if (!filter.indicator.empty()) sql.where("f.indicator = ?", filter.indicator);
  if (!filter.district.empty()) sql.where("f.district = ?", filter.district);
  if (!filter.county.empty()) sql.where("f.county = ?", filter.county);
  if (filter.status) sql.where("f.status = ?", std::string(status_name(*filter.status)));
  if (!filter.family.empty()) sql.where("f.family = ?", filter.family);
  if (!filter.of.empty()) sql.where("f.of = ?", filter.of);
  // ISO dates compare as text: the end year is at least from_year, at most to_year.
  if (filter.from_year != 0) sql.where("f.period_end >= ?", iso_date({filter.from_year, 1, 1}));
  if (filter.to_year != 0) sql.where("f.period_end <= ?", iso_date({filter.to_year, 12, 31}));
  if (narrow) {
    sql.text +=
        " ORDER BY f.indicator, f.district, f.county, f.status, f.period_end, f.unit, f.of, f.period_start, "
        "(r.period_start IS NULL OR r.period_end IS NULL), julianday(r.period_end) - "
        "julianday(r.period_start), "
        "r.published IS NULL, r.published DESC, r.id, f.seq";
  }
  return impl_->read<Points>(doing, [&](sqlite3* db) -> Result<Points> {
    // One candidate fact. Strings are interned: [0] indicator, [1] unit, [2] district,
    // [3] county, [4] status, [5] of (with the period, the point's key), then [6] family,
    // [7] counts (what the shown fact says), [8] report.
    constexpr int kKeyColumns = 6, kReport = 8;
    struct Row {
      int64_t id = 0, seq = 0;
      uint32_t key[9] = {};
      Period period;
      double value = 0;
    };
    Interned columns[9];
    std::vector<Row> rows;
    {
      Query q(db, sql.text);
      sql.bind(q);
      while (q.step()) {
        Row row;
        row.id = q.integer(0);
        row.key[kReport] = columns[kReport].add(q.text(1));
        for (int c = 0; c < kReport; ++c) row.key[c] = columns[c].add(q.text(2 + c));
        row.period = period_columns(q, 10, 11);
        row.value = q.real(12);
        row.seq = q.integer(13);
        rows.push_back(row);
      }
      if (!q.ok()) return q.error(path, doing);
    }
    for (auto& column : columns) column.finish();
    if (!narrow) {
      // The rank of each report among those that state a row, best first.
      struct ReportOrder {
        bool no_period = true;
        int64_t days = 0;
        bool unpublished = true;
        int64_t later_first = 0;  // the publication date as -yyyymmdd: the most recent sorts first
        uint32_t id_rank = 0;
      };
      std::vector<ReportOrder> orders;
      {
        Query q(db, "SELECT id, period_start, period_end, published FROM reports");
        std::unordered_map<std::string, ReportOrder> by_id;
        while (q.step()) {
          ReportOrder order;
          const Period period = period_columns(q, 1, 2);
          order.no_period = period.empty();
          order.days = period.empty() ? 0 : period_days(period);
          const auto published = date_column(q, 3);
          order.unpublished = !published.has_value();
          if (published)
            order.later_first = -(published->year * 10000LL + published->month * 100 + published->day);
          by_id.emplace(q.text(0), order);
        }
        if (!q.ok()) return q.error(path, doing);
        orders.resize(columns[kReport].size());
        for (uint32_t id = 0; id < orders.size(); ++id) {
          auto found = by_id.find(columns[kReport].text(id));
          if (found != by_id.end()) orders[id] = found->second;
          orders[id].id_rank = columns[kReport].rank(id);
        }
      }
      std::vector<uint32_t> report_rank(orders.size());
      {
        std::vector<uint32_t> order(orders.size());
        for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
        std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
          const ReportOrder& x = orders[a];
          const ReportOrder& y = orders[b];
          return std::tie(x.no_period, x.days, x.unpublished, x.later_first, x.id_rank) <
                 std::tie(y.no_period, y.days, y.unpublished, y.later_first, y.id_rank);
        });
        for (uint32_t place = 0; place < order.size(); ++place) report_rank[order[place]] = place;
      }
      auto sort_key = [&](const Row& r) {
        return std::make_tuple(columns[0].rank(r.key[0]), columns[2].rank(r.key[2]),
                               columns[3].rank(r.key[3]), columns[4].rank(r.key[4]), r.period.end,
                               columns[1].rank(r.key[1]), columns[5].rank(r.key[5]), r.period.start,
                               report_rank[r.key[kReport]], r.seq);
      };
      std::sort(rows.begin(), rows.end(),
                [&](const Row& a, const Row& b) { return sort_key(a) < sort_key(b); });
    }
    Points points;
    const Row* current = nullptr;
    for (const Row& row : rows) {
      // A point: indicator, unit, district, county, status, of, period.
      const bool same = current != nullptr && std::equal(row.key, row.key + kKeyColumns, current->key) &&
                        row.period == current->period;
      if (same) {
        points.back().also_stated_by.push_back(row.id);
        continue;
      }
      current = &row;
      SeriesPoint p;
      p.fact_id = row.id;
      p.report = columns[kReport].text(row.key[kReport]);
      p.indicator = columns[0].text(row.key[0]);
      p.unit = columns[1].text(row.key[1]);
      p.district = columns[2].text(row.key[2]);
      p.county = columns[3].text(row.key[3]);
      p.status = parse_status(columns[4].text(row.key[4])).value_or(Status::kActual);
      p.of = columns[5].text(row.key[5]);
      p.family = columns[6].text(row.key[6]);
      p.counts = columns[7].text(row.key[7]);
      p.period = row.period;
      p.value = row.value;
      p.time = point_time(p.period);
      points.push_back(std::move(p));
    }
    return points;
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

Result<int64_t> Store::count_facts() const {
  const std::string doing = "cannot count the facts";
  const std::string& path = impl_->path;
  return impl_->read<int64_t>(doing, [&](sqlite3* db) -> Result<int64_t> {
    Query q(db, "SELECT count(*) FROM facts");
    int64_t count = q.step() ? q.integer(0) : 0;
    if (!q.ok()) return q.error(path, doing);
    return count;
  });
}

namespace {

// The local midnight a point stands at: the start of its period's last day.
date::local_seconds point_midnight(const Period& period) {
  const date::year_month_day day{date::year{period.end.year},
                                 date::month{static_cast<unsigned>(period.end.month)},
                                 date::day{static_cast<unsigned>(period.end.day)}};
  return date::local_seconds{date::local_days{day}};
}

}  // namespace

std::string point_time(const Period& period) {
  if (period.empty()) return "";
  return format_local(point_midnight(period));
}

int64_t point_epoch_seconds(const Period& period) {
  const date::local_seconds local = point_midnight(period);
  if (const auto zoned = in_shanghai(local)) return zoned->get_sys_time().time_since_epoch().count();
  return (local.time_since_epoch() - std::chrono::hours(8)).count();
}

std::string now_iso() {
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  if (const date::time_zone* zone = shanghai()) {
    try {
      return date::format("%FT%T%Ez", date::zoned_seconds(zone, now));
    } catch (const std::exception&) {
    }
  }
  return date::format("%FT%T", now + std::chrono::hours(8)) + "+08:00";
}

}  // namespace jiedao::store
