// The database schema and its migrations.
//
// Version N of the schema is what migrations 1..N build, in order; each runs
// in one transaction with the PRAGMA user_version bump, so a database is
// always at exactly one version. Migrations are append-only: a released one is
// never edited, a change is a new one.
#pragma once

#include <sqlite3.h>

#include <string>
#include <string_view>

#include "base/result.h"

namespace jiedao::store {

// Brings `db` (the file at `path`, for messages) to schema version `target`
// (1..kSchemaVersion). A database at a higher version than `target` is refused
// with a message that names the file and both versions; nothing is written.
// A database that has tables but no user_version is not a jiedao database: refused.
// A damaged one (PRAGMA quick_check) is refused too, before anything is written.
// Registers the text index's tokenizer on `db` first (substring_index.h), once the file is
// known to be a database: migration 6 builds the index with it.
Result<Done> migrate(sqlite3* db, int target, std::string_view path);

// Registers the text index's tokenizer on `db`, as every connection that reads or writes the
// facts must; an error names the file.
Result<Done> register_tokenizer(sqlite3* db, std::string_view path);

// What a user can do about a failed SQLite call, by its primary result code.
std::string sqlite_advice(int code);

// The kind of a failed SQLite call, by its primary result code: busy or locked is
// kUnavailable, a damaged file or one that is not a database kCorrupt, the rest kIO.
ErrorKind sqlite_error_kind(int code);

}  // namespace jiedao::store
