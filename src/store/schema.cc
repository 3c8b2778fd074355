#include "store/schema.h"

#include <string>

#include "store/store.h"
#include "store/substring_index.h"

namespace jiedao::store {

namespace {

// Migration N (1-based) is kMigrations[N - 1]. Append-only: never edit a released one.
constexpr const char* kMigrations[] = {
    // 1: reports, their facts, and key-value metadata.
    R"sql(
CREATE TABLE reports (
  id TEXT PRIMARY KEY,
  path TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  district TEXT NOT NULL,
  county TEXT NOT NULL,
  kind TEXT NOT NULL,
  period_start TEXT,
  period_end TEXT,
  published TEXT,
  ingested_at TEXT NOT NULL,
  text TEXT NOT NULL,
  fact_count INTEGER NOT NULL
);
CREATE TABLE facts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  report TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  district TEXT NOT NULL,
  county TEXT NOT NULL,
  indicator TEXT NOT NULL,
  subject TEXT NOT NULL,
  value REAL NOT NULL,
  value_max REAL,
  unit TEXT NOT NULL,
  measure TEXT NOT NULL,
  qualifier TEXT NOT NULL,
  change TEXT NOT NULL,
  quote TEXT NOT NULL,
  span_begin INTEGER NOT NULL,
  span_end INTEGER NOT NULL,
  period_start TEXT,
  period_end TEXT,
  status TEXT NOT NULL CHECK (status IN ('actual', 'target')),
  is_base_value INTEGER NOT NULL,
  sentence TEXT NOT NULL
);
CREATE INDEX facts_indicator_district ON facts(indicator, district);
CREATE INDEX facts_report ON facts(report);
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
)sql",
    // 2: the data-files fingerprint of each report; an index for per-district series.
    R"sql(
ALTER TABLE reports ADD COLUMN data_version TEXT NOT NULL DEFAULT '';
CREATE INDEX facts_district_status_period ON facts(district, status, period_end);
)sql",
    // 3: report texts in a table of their own. Inline, a report's text sat before columns
    // that every listing reads (data_version, fact_count), so each listing of 10,000 reports
    // walked 230 MB of overflow pages.
    R"sql(
CREATE TABLE report_texts (
  id TEXT PRIMARY KEY REFERENCES reports(id) ON DELETE CASCADE,
  text TEXT NOT NULL
);
INSERT INTO report_texts (id, text) SELECT id, text FROM reports;
ALTER TABLE reports DROP COLUMN text;
)sql",
    // 4: each fact's indicator family, the measure class a count counts, and the indicator whose
    // task a stated completion rate completes. The facts stored before have none of the three, so
    // every report is marked as extracted with unknown data files: the next ingest extracts it
    // again from its stored text and fills them. Family filters (/api/v1/facts?family=) read the
    // index by family and district.
    R"sql(
ALTER TABLE facts ADD COLUMN family TEXT NOT NULL DEFAULT '';
ALTER TABLE facts ADD COLUMN counts TEXT NOT NULL DEFAULT '';
ALTER TABLE facts ADD COLUMN of TEXT NOT NULL DEFAULT '';
CREATE INDEX facts_family_district ON facts(family, district);
UPDATE reports SET data_version = '';
)sql",
    // 5: a report's facts by indicator. With one index by report and another by indicator,
    // SQLite chose the one by indicator for "the completion rates of this report" (the check
    // of every derived rate) and walked every completion rate of the store each time: reading
    // the whole series view took 25 s at 10,000 reports. One index on both is the plan it takes.
    R"sql(
CREATE INDEX facts_report_indicator ON facts(report, indicator);
DROP INDEX facts_report;
)sql",
    // 6: an index of the facts' subject, quote and sentence for /api/v1/facts?q=, which scanned
    // every fact (0.5 s at 10,000 reports; 140 such questions held every worker). The index reads
    // its text from the facts table (content=); substring_index.h says how it finds substrings of
    // Chinese. Facts are added to it in batches, not one report at a time: each commit of the
    // index makes a segment that must be merged later, and one per report tripled the time of an
    // ingest. fact_text_through holds the last fact id indexed; the facts after it are searched
    // by a scan, and a deleted or changed fact leaves the index only if it was in it.
    R"sql(
CREATE VIRTUAL TABLE fact_text USING fts5(
  subject, quote, sentence,
  content = 'facts', content_rowid = 'id', tokenize = 'jiedao_pairs', columnsize = 0
);
CREATE TABLE fact_text_through (id INTEGER NOT NULL);
INSERT INTO fact_text_through (id) SELECT coalesce(max(id), 0) FROM facts;
CREATE TRIGGER fact_text_delete AFTER DELETE ON facts
WHEN old.id <= (SELECT id FROM fact_text_through) BEGIN
  INSERT INTO fact_text (fact_text, rowid, subject, quote, sentence)
  VALUES ('delete', old.id, old.subject, old.quote, old.sentence);
END;
CREATE TRIGGER fact_text_update AFTER UPDATE OF subject, quote, sentence ON facts
WHEN old.id <= (SELECT id FROM fact_text_through) BEGIN
  INSERT INTO fact_text (fact_text, rowid, subject, quote, sentence)
  VALUES ('delete', old.id, old.subject, old.quote, old.sentence);
  INSERT INTO fact_text (rowid, subject, quote, sentence)
  VALUES (new.id, new.subject, new.quote, new.sentence);
END;
INSERT INTO fact_text (fact_text, rank) VALUES ('automerge', 8);
INSERT INTO fact_text (fact_text) VALUES ('rebuild');
)sql",
    // 7: the city, province and division code of each report's unit and of its facts, from the
    // national gazetteer. The reports stored before have none, so each is marked as extracted
    // with unknown data files: the next ingest extracts it again from its stored text.
    R"sql(
ALTER TABLE reports ADD COLUMN city TEXT NOT NULL DEFAULT '';
ALTER TABLE reports ADD COLUMN province TEXT NOT NULL DEFAULT '';
ALTER TABLE reports ADD COLUMN code TEXT NOT NULL DEFAULT '';
ALTER TABLE facts ADD COLUMN city TEXT NOT NULL DEFAULT '';
ALTER TABLE facts ADD COLUMN province TEXT NOT NULL DEFAULT '';
ALTER TABLE facts ADD COLUMN code TEXT NOT NULL DEFAULT '';
UPDATE reports SET data_version = '';
)sql",
    // 8: what people who checked the facts said of them (corrections.tsv), how each fact's
    // indicator was chosen, and the rounding its quote allows (for telling conflicts from
    // restatements). Stored facts have none of these yet: every report is extracted again.
    R"sql(
ALTER TABLE facts ADD COLUMN how TEXT NOT NULL DEFAULT '';
ALTER TABLE facts ADD COLUMN step REAL NOT NULL DEFAULT 0;
ALTER TABLE facts ADD COLUMN review TEXT NOT NULL DEFAULT '';
ALTER TABLE facts ADD COLUMN chosen INTEGER NOT NULL DEFAULT 0;
CREATE TABLE corrections (
  report TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  span_begin INTEGER NOT NULL,
  span_end INTEGER NOT NULL,
  quote TEXT NOT NULL,
  field TEXT NOT NULL,
  value TEXT NOT NULL,
  note TEXT NOT NULL,
  by TEXT NOT NULL,
  at TEXT NOT NULL,
  applied INTEGER NOT NULL
);
CREATE INDEX corrections_report ON corrections(report);
UPDATE reports SET data_version = '';
)sql",
    // 9: each sentence stored once. A fact carried its sentence (150 bytes on average), and the
    // text index took it again with each fact: at 2,000 reports 173,600 facts held only 90,000
    // distinct sentences, and the copies were a third of the database and of an ingest's writes.
    // A report's sentences now sit in a table of their own, indexed once (sentence_text, in
    // batches like fact_text); a fact names its sentence by id. facts_sentence finds the facts
    // of a sentence the search found; ids grow as facts are added, so the index only appends.
    R"sql(
CREATE TABLE sentences (
  id INTEGER PRIMARY KEY,
  report TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
  text TEXT NOT NULL
);
INSERT INTO sentences (report, text) SELECT DISTINCT report, sentence FROM facts ORDER BY report;
CREATE INDEX sentences_report_text ON sentences(report, text);
ALTER TABLE facts ADD COLUMN sentence_id INTEGER NOT NULL DEFAULT 0;
UPDATE facts SET sentence_id =
  (SELECT s.id FROM sentences s WHERE s.report = facts.report AND s.text = facts.sentence);
DROP INDEX sentences_report_text;
CREATE INDEX sentences_report ON sentences(report);
CREATE INDEX facts_sentence ON facts(sentence_id);
DROP TRIGGER fact_text_delete;
DROP TRIGGER fact_text_update;
DROP TABLE fact_text;
ALTER TABLE facts DROP COLUMN sentence;
CREATE VIRTUAL TABLE fact_text USING fts5(
  subject, quote,
  content = 'facts', content_rowid = 'id', tokenize = 'jiedao_pairs', columnsize = 0
);
CREATE TRIGGER fact_text_delete AFTER DELETE ON facts
WHEN old.id <= (SELECT id FROM fact_text_through) BEGIN
  INSERT INTO fact_text (fact_text, rowid, subject, quote) VALUES ('delete', old.id, old.subject, old.quote);
END;
CREATE TRIGGER fact_text_update AFTER UPDATE OF subject, quote ON facts
WHEN old.id <= (SELECT id FROM fact_text_through) BEGIN
  INSERT INTO fact_text (fact_text, rowid, subject, quote) VALUES ('delete', old.id, old.subject, old.quote);
  INSERT INTO fact_text (rowid, subject, quote) VALUES (new.id, new.subject, new.quote);
END;
CREATE VIRTUAL TABLE sentence_text USING fts5(
  text,
  content = 'sentences', content_rowid = 'id', tokenize = 'jiedao_pairs', columnsize = 0
);
CREATE TABLE sentence_text_through (id INTEGER NOT NULL);
INSERT INTO sentence_text_through (id) SELECT coalesce(max(id), 0) FROM sentences;
CREATE TRIGGER sentence_text_delete AFTER DELETE ON sentences
WHEN old.id <= (SELECT id FROM sentence_text_through) BEGIN
  INSERT INTO sentence_text (sentence_text, rowid, text) VALUES ('delete', old.id, old.text);
END;
UPDATE fact_text_through SET id = (SELECT coalesce(max(id), 0) FROM facts);
INSERT INTO fact_text (fact_text, rank) VALUES ('automerge', 8);
INSERT INTO fact_text (fact_text) VALUES ('rebuild');
INSERT INTO sentence_text (sentence_text, rank) VALUES ('automerge', 8);
INSERT INTO sentence_text (sentence_text) VALUES ('rebuild');
)sql",
    // 10: the facts' indexes that an ingest can afford. An index led by the indicator, the
    // district or the family takes each new fact at a place of its own: a write of 32 reports
    // dirtied most pages of the three such indexes, and SQLite wrote each to its log and again at
    // the checkpoint, more than half of the time of an ingest of 10,000 reports. One is kept,
    // (indicator, district), which the page and the dashboards ask; a district alone is found
    // through it by seeking each indicator once, and a family through (report, family), whose
    // new entries sit together, those of a report being one run.
    R"sql(
DROP INDEX facts_district_status_period;
DROP INDEX facts_family_district;
CREATE INDEX facts_report_family ON facts(report, family);
)sql",
};

constexpr int kMigrationCount = static_cast<int>(sizeof kMigrations / sizeof kMigrations[0]);
static_assert(kMigrationCount == kSchemaVersion, "schema version and migrations disagree");

std::string prefix(std::string_view path) { return std::string(path) + ": "; }

Error sqlite_error(sqlite3* db, int code, std::string_view path, std::string_view doing) {
  const char* message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(code);
  return Error{prefix(path) + std::string(doing) + ": " + message + "; " + sqlite_advice(code),
               sqlite_error_kind(code)};
}

// Reads PRAGMA user_version.
Result<int> user_version(sqlite3* db, std::string_view path) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt, nullptr);
  if (rc == SQLITE_OK) rc = sqlite3_step(stmt);
  if (rc != SQLITE_ROW) {
    Error error = (rc & 0xff) == SQLITE_NOTADB
                      ? Error{prefix(path) + "not a SQLite database (" + sqlite3_errmsg(db) +
                                  "); give the path of a jiedao database, or of a new file, with --db",
                              ErrorKind::kCorrupt}
                      : sqlite_error(db, rc, path, "cannot read the schema version");
    sqlite3_finalize(stmt);
    return error;
  }
  int version = sqlite3_column_int(stmt, 0);
  sqlite3_finalize(stmt);
  return version;
}

// Whether the database has any schema object (table, index, view, trigger).
Result<bool> has_objects(sqlite3* db, std::string_view path) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master LIMIT 1", -1, &stmt, nullptr);
  if (rc == SQLITE_OK) rc = sqlite3_step(stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
    Error error = sqlite_error(db, rc, path, "cannot read the schema");
    sqlite3_finalize(stmt);
    return error;
  }
  sqlite3_finalize(stmt);
  return rc == SQLITE_ROW;
}

// Refuses a damaged database (PRAGMA quick_check): writing into it would spread the damage,
// and a daemon over it would answer errors while saying it is ready.
Result<Done> check_sound(sqlite3* db, std::string_view path) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db, "PRAGMA quick_check(1)", -1, &stmt, nullptr);
  if (rc == SQLITE_OK) rc = sqlite3_step(stmt);
  if (rc != SQLITE_ROW) {
    Error error = sqlite_error(db, rc, path, "cannot check the database");
    sqlite3_finalize(stmt);
    return error;
  }
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  std::string result = text != nullptr ? text : "";
  sqlite3_finalize(stmt);
  if (result == "ok") return Done{};
  for (char& c : result)
    if (c == '\n') c = ' ';
  return Error{prefix(path) + "the database is damaged (quick_check: " + result +
                   "); restore it from a backup, or give a new --db and the reports are read again",
               ErrorKind::kCorrupt};
}

// Refuses what this build must not touch: a newer schema, or someone else's database.
Result<Done> check_version(sqlite3* db, int version, int target, std::string_view path) {
  if (version > target) {
    return Error{prefix(path) + "written by a newer jiedao (schema " + std::to_string(version) +
                     "; this build reads up to " + std::to_string(target) +
                     "); use a newer jiedao or another --db",
                 ErrorKind::kUnsupported};
  }
  if (version < 0) {
    return Error{prefix(path) + "has an invalid schema version (" + std::to_string(version) +
                     "); it is not a jiedao database: give another --db",
                 ErrorKind::kCorrupt};
  }
  if (version == 0) {
    auto objects = has_objects(db, path);
    if (!objects) return objects.error();
    if (objects.value()) {
      return Error{prefix(path) +
                       "is a SQLite database but not a jiedao one (it has tables and no schema version); "
                       "give another --db",
                   ErrorKind::kCorrupt};
    }
  }
  return Done{};
}

Result<Done> exec(sqlite3* db, const char* sql, std::string_view path, std::string_view doing) {
  char* message = nullptr;
  int rc = sqlite3_exec(db, sql, nullptr, nullptr, &message);
  if (rc == SQLITE_OK) return Done{};
  std::string text = message != nullptr ? message : sqlite3_errstr(rc);
  sqlite3_free(message);
  return Error{prefix(path) + std::string(doing) + ": " + text + "; " + sqlite_advice(rc),
               sqlite_error_kind(rc)};
}

// Runs migration `to` (from schema to - 1) in one transaction with its user_version bump.
Result<Done> run_migration(sqlite3* db, int to, int target, std::string_view path) {
  const std::string doing = "cannot upgrade the database to schema " + std::to_string(to);
  auto begun = exec(db, "BEGIN IMMEDIATE", path, doing);
  if (!begun) return begun;
  auto rollback = [&](Error error) -> Result<Done> {
    exec(db, "ROLLBACK", path, doing);
    return error;
  };
  // Another process may have migrated between our read of the version and our lock.
  auto version = user_version(db, path);
  if (!version) return rollback(version.error());
  if (auto checked = check_version(db, version.value(), target, path); !checked)
    return rollback(checked.error());
  if (version.value() >= to) return exec(db, "COMMIT", path, doing);
  if (version.value() != to - 1) {
    return rollback(Error{prefix(path) + doing + ": found schema " + std::to_string(version.value()) +
                          ", expected " + std::to_string(to - 1) + "; retry"});
  }
  if (auto done = exec(db, kMigrations[to - 1], path, doing); !done) return rollback(done.error());
  // A PRAGMA takes no parameters; `to` is our own integer.
  const std::string bump = "PRAGMA user_version = " + std::to_string(to);
  if (auto done = exec(db, bump.c_str(), path, doing); !done) return rollback(done.error());
  if (auto done = exec(db, "COMMIT", path, doing); !done) return rollback(done.error());
  return Done{};
}

}  // namespace

Result<Done> migrate(sqlite3* db, int target, std::string_view path) {
  if (target < 1 || target > kMigrationCount) {
    return Error{prefix(path) + "cannot migrate to schema " + std::to_string(target) +
                 ": this build knows 1.." + std::to_string(kMigrationCount) + "; report this as a bug"};
  }
  // Read and judge the version before writing anything: a refused file stays as it was.
  auto version = user_version(db, path);
  if (!version) return version.error();
  if (auto checked = check_version(db, version.value(), target, path); !checked) return checked;
  if (version.value() > 0) {
    if (auto sound = check_sound(db, path); !sound) return sound;
  }
  if (auto registered = register_tokenizer(db, path); !registered) return registered;
  for (int to = version.value() + 1; to <= target; ++to) {
    if (auto done = run_migration(db, to, target, path); !done) return done;
  }
  return Done{};
}

Result<Done> register_tokenizer(sqlite3* db, std::string_view path) {
  const int rc = register_pair_tokenizer(db);
  if (rc == SQLITE_OK) return Done{};
  return sqlite_error(db, rc, path, "cannot add the text index's tokenizer (is FTS5 in this SQLite?)");
}

ErrorKind sqlite_error_kind(int code) {
  switch (code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return ErrorKind::kUnavailable;
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      return ErrorKind::kCorrupt;
    default:
      return ErrorKind::kIO;
  }
}

// What a user can do about a failed SQLite call, by its primary result code.
std::string sqlite_advice(int code) {
  switch (code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return "another process holds the database; stop it or retry";
    case SQLITE_FULL:
      return "the disk is full; free some space and retry";
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
    case SQLITE_AUTH:
      return "check that the file and its folder are writable";
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      return "the file is damaged or not a jiedao database; restore it or give another --db";
    case SQLITE_IOERR:
      return "check the disk and retry";
    default:
      return "give another --db or report this as a bug";
  }
}

}  // namespace jiedao::store
