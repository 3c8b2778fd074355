// The store's SQLite plumbing, shared by its files and by no one else: one prepared statement
// (Query), the settings every connection has, the pool of read connections and the one writer
// (Store::Impl), and the columns dates are kept in.
//
// Every read runs in one read transaction on a pooled connection, so its statements see one
// snapshot; every write is one IMMEDIATE transaction on the writer, and bumps the generation
// when it commits. Errors carry the database's path, what was being done, SQLite's message and
// an ErrorKind from the SQLite code (sqlite_error_kind).
#pragma once

#include <sqlite3.h>
#include <sys/types.h>

#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "base/result.h"
#include "model/date.h"
#include "store/store.h"

namespace jiedao::store {

// An error of the database at `path`: what was being done, SQLite's message and advice.
Error failure(const std::string& path, std::string_view doing, int code, std::string_view message);

// A connection and the statements prepared on it, kept as long as it is: preparing parses the
// SQL, which costs more than the lookups the API asks for most (a fact by id), and than the
// insert of one fact. Closes the connection when it ends.
class Connection {
 public:
  explicit Connection(sqlite3* db) : db_(db) {}
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  sqlite3* db() const { return db_; }
  // The statement of `sql`, prepared on first use; SQLite's code when it cannot be.
  int prepared(std::string_view sql, sqlite3_stmt** stmt);

 private:
  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> prepared_;
};

// One prepared statement. The first failure (prepare, bind or step) is kept
// with SQLite's message of the moment; later calls do nothing.
class Query {
 public:
  Query(sqlite3* db, std::string_view sql) : db_(db) {
    check(sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr));
  }
  // A statement of `connection`'s, reset for the next use when this Query ends.
  Query(Connection& connection, std::string_view sql) : db_(connection.db()), kept_(true) {
    check(connection.prepared(sql, &stmt_));
  }
  ~Query() {
    if (!kept_) {
      sqlite3_finalize(stmt_);
    } else if (stmt_ != nullptr) {
      sqlite3_reset(stmt_);
      sqlite3_clear_bindings(stmt_);
    }
  }
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
  bool kept_ = false;  // the Connection's, not finalized here
  int code_ = SQLITE_OK;
  std::string message_;
};

// Runs SQL that answers nothing.
Result<Done> exec(sqlite3* db, const char* sql, const std::string& path, std::string_view doing);
// Runs a PRAGMA that answers one text value.
Result<std::string> pragma(sqlite3* db, const char* sql, const std::string& path, std::string_view doing);

// Dates are stored as ISO 8601 text (model/date.h); an empty period as NULLs.
std::optional<std::string> start_of(const Period& p);
std::optional<std::string> end_of(const Period& p);
std::optional<CivilDate> date_column(const Query& q, int column);
Period period_columns(const Query& q, int start_column, int end_column);

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

struct Store::Impl {
  std::string path;
  // The file opened, by identity: a file put in its place (or its removal) while the daemon
  // runs must not be read by new connections beside the old one still written.
  dev_t device = 0;
  ino_t inode = 0;

  // Error when the file at `path` is no longer the one opened.
  Result<Done> same_file() const;

  std::mutex write_mutex;  // guards writer
  std::unique_ptr<Connection> writer;

  std::mutex pool_mutex;  // guards idle
  std::vector<std::unique_ptr<Connection>> idle;

  std::atomic<uint64_t> generation{0};  // bumped after every committed write

  // The districts each committed write touched (Store::changes_since), newest last: entry i is
  // the write that made generation changes_first + i. A write's body names its districts with
  // touch() while it holds write_mutex; they are logged only if it commits.
  mutable std::mutex changes_mutex;  // guards changes, changes_first and generation's bump
  std::deque<std::vector<std::string>> changes;
  uint64_t changes_first = 1;
  std::vector<std::string> touched;  // of the write under way, guarded by write_mutex
  // "" is no district: facts without one make no points (and a filter of "" means every district).
  void touch(std::string district) {
    if (!district.empty()) touched.push_back(std::move(district));
  }

  ~Impl() {
    idle.clear();
    writer.reset();
  }

  // Opens a connection with the settings every connection has. Readers refuse writes.
  static Result<sqlite3*> connect(const std::string& path, bool reader);
  // WAL mode, and the sync level it allows.
  static Result<Done> set_wal(sqlite3* db, const std::string& path);

  // A read connection, back to the pool when the lease ends.
  class Lease {
   public:
    Lease(Impl* impl, std::unique_ptr<Connection> reader) : impl_(impl), reader_(std::move(reader)) {}
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (!reader_) return;
      if (sqlite3_get_autocommit(reader_->db()) == 0)
        sqlite3_exec(reader_->db(), "ROLLBACK", nullptr, nullptr, nullptr);
      impl_->give_back(std::move(reader_));
    }
    Connection& reader() const { return *reader_; }

   private:
    Impl* impl_;
    std::unique_ptr<Connection> reader_;
  };

  // A pooled reader, or a new one; an error when the file is no longer the one opened.
  Result<Lease> lease();
  void give_back(std::unique_ptr<Connection> reader);

  // Runs `body(db)` -> Result<T> on a read connection, in one read transaction
  // so that its statements see one snapshot. A body that takes a Connection& instead
  // gets statements kept from one read to the next (Query(Connection&, sql)).
  template <class T, class Body>
  Result<T> read(std::string_view doing, Body&& body) {
    auto lease_or = lease();
    if (!lease_or) return lease_or.error();
    Connection& reader = lease_or.value().reader();
    if (Query begin(reader, "BEGIN"); !begin.run()) return begin.error(path, doing);
    Result<T> result = [&] {
      if constexpr (std::is_invocable_v<Body, Connection&>) {
        return body(reader);
      } else {
        return body(reader.db());
      }
    }();
    if (Query commit(reader, "COMMIT"); !commit.run() && result) return commit.error(path, doing);
    return result;
  }

  // Runs `body(db)` -> Result<Done> on the write connection in one transaction. A body that
  // takes a Connection& instead gets statements kept from one write to the next.
  template <class Body>
  Result<Done> write(std::string_view doing, Body&& body) {
    if (auto same = same_file(); !same) return same;
    std::lock_guard lock(write_mutex);
    sqlite3* db = writer->db();
    if (auto begun = exec(db, "BEGIN IMMEDIATE", path, doing); !begun) return begun;
    touched.clear();
    Result<Done> result = [&] {
      if constexpr (std::is_invocable_v<Body, Connection&>) {
        return body(*writer);
      } else {
        return body(db);
      }
    }();
    if (result) result = exec(db, "COMMIT", path, doing);
    if (!result && sqlite3_get_autocommit(db) == 0) sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    if (result) committed();
    return result;
  }

  // Logs the write that just committed (its touched districts) and bumps the generation.
  void committed();
};

}  // namespace jiedao::store
