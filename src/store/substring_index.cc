#include "store/substring_index.h"

#include <cstddef>

#include "store/fact_columns.h"

namespace jiedao::store {

namespace {

// The end of the code point that starts at `pos`: a lead byte and the continuation bytes that
// follow it, at most three. Any byte string is cut into units this way, valid or not, and a
// text and a query are cut alike.
size_t unit_end(const char* text, size_t size, size_t pos) {
  size_t end = pos + 1;
  while (end < size && end - pos < 4 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
  return end;
}

using TokenFn = int (*)(void*, int, const char*, int, int, int);

int emit(TokenFn token, void* ctx, const char* text, size_t begin, size_t end) {
  return token(ctx, 0, text + begin, static_cast<int>(end - begin), static_cast<int>(begin),
               static_cast<int>(end));
}

int tokenize(Fts5Tokenizer*, void* ctx, int, const char* text, int n, TokenFn token) {
  const auto size = static_cast<size_t>(n > 0 ? n : 0);
  if (size == 0) return SQLITE_OK;
  size_t first = 0;
  size_t second = unit_end(text, size, first);
  while (second < size) {
    const size_t end = unit_end(text, size, second);
    if (int rc = emit(token, ctx, text, first, end); rc != SQLITE_OK) return rc;
    first = second;
    second = end;
  }
  return SQLITE_OK;
}

int create(void*, const char**, int n_args, Fts5Tokenizer** out) {
  // The tokenizer has no state; a non-null handle tells FTS5 it was made.
  static char handle;
  *out = reinterpret_cast<Fts5Tokenizer*>(&handle);
  return n_args == 0 ? SQLITE_OK : SQLITE_ERROR;
}

void destroy(Fts5Tokenizer*) {}

fts5_api* fts5_of(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, nullptr) != SQLITE_OK) return nullptr;
  sqlite3_bind_pointer(stmt, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
  sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  return api;
}

}  // namespace

int register_pair_tokenizer(sqlite3* db) {
  fts5_api* api = fts5_of(db);
  if (api == nullptr || api->iVersion < 2) return SQLITE_ERROR;
  static fts5_tokenizer methods{create, destroy, tokenize};
  return api->xCreateTokenizer(api, kPairTokenizer, nullptr, &methods, nullptr);
}

int index_fact_text(sqlite3* db, int64_t at_least) {
  sqlite3_stmt* count = nullptr;
  // At most that many: ids only grow, and rows deleted since are not counted out. Counting the
  // rows instead would read every waiting fact at every write.
  int rc = sqlite3_prepare_v2(
      db,
      "SELECT max((SELECT coalesce(max(id), 0) FROM facts) - (SELECT id FROM fact_text_through), "
      "(SELECT coalesce(max(id), 0) FROM sentences) - (SELECT id FROM sentence_text_through))",
      -1, &count, nullptr);
  if (rc == SQLITE_OK) rc = sqlite3_step(count);
  const int64_t waiting = rc == SQLITE_ROW ? sqlite3_column_int64(count, 0) : 0;
  sqlite3_finalize(count);
  if (rc != SQLITE_ROW) return rc;
  if (waiting == 0 || waiting < at_least) return SQLITE_OK;
  return sqlite3_exec(
      db,
      "INSERT INTO fact_text (rowid, subject, quote) "
      "SELECT id, subject, quote FROM facts WHERE id > (SELECT id FROM fact_text_through); "
      "UPDATE fact_text_through SET id = max(id, (SELECT coalesce(max(id), 0) FROM facts)); "
      "INSERT INTO sentence_text (rowid, text) "
      "SELECT id, text FROM sentences WHERE id > (SELECT id FROM sentence_text_through); "
      "UPDATE sentence_text_through SET id = max(id, (SELECT coalesce(max(id), 0) FROM sentences));",
      nullptr, nullptr, nullptr);
}

int plan_text_search(sqlite3* db, std::string_view match, TextPlan& plan) {
  plan = TextPlan::kScan;
  if (match.empty()) return SQLITE_OK;
  // FTS5 reads a phrase's matches lazily: counting up to the bound costs no more than the bound.
  // A fact found by its subject or quote and again by its sentence counts twice: the count is
  // the rows a lookup would read.
  const std::string sql =
      std::string(
          "SELECT count(*) FROM (SELECT rowid FROM fact_text WHERE fact_text MATCH ?1 UNION ALL "
          "SELECT f.id FROM sentence_text JOIN facts f ON f.sentence_id = sentence_text.rowid "
          "WHERE sentence_text MATCH ?1 LIMIT ") +
      std::to_string(kDenseMatches) + ")";
  sqlite3_stmt* count = nullptr;
  int rc = sqlite3_prepare_v2(db, sql.c_str(), -1, &count, nullptr);
  if (rc == SQLITE_OK)
    rc = sqlite3_bind_text(count, 1, match.data(), static_cast<int>(match.size()), SQLITE_STATIC);
  if (rc == SQLITE_OK) rc = sqlite3_step(count);
  if (rc == SQLITE_ROW && sqlite3_column_int64(count, 0) < kDenseMatches) plan = TextPlan::kIndex;
  sqlite3_finalize(count);
  return rc == SQLITE_ROW ? SQLITE_OK : rc;
}

std::string text_condition(TextPlan plan, int n) {
  // Appended, not "?" + std::to_string(n): GCC 12 at -O3 warns of a memcpy overlap there (-Wrestrict).
  std::string match = "?", text = "?";
  match += std::to_string(n);
  text += std::to_string(n + 1);
  const std::string in_subject_or_quote =
      "instr(subject, " + text + ") > 0 OR instr(quote, " + text + ") > 0";
  // A scan leaves ?N out; SQLite numbers the parameters after it all the same.
  if (plan == TextPlan::kScan) {
    return "(" + in_subject_or_quote + " OR instr(" + kFactSentence + ", " + text + ") > 0)";
  }
  // Through each index, and by a scan of the rows not in it yet.
  const std::string sentence_ids = "SELECT rowid FROM sentence_text WHERE sentence_text MATCH " + match +
                                   " UNION ALL SELECT id FROM sentences WHERE id > (SELECT id FROM "
                                   "sentence_text_through) AND instr(text, " +
                                   text + ") > 0";
  return "f.id IN (SELECT rowid FROM fact_text WHERE fact_text MATCH " + match +
         " UNION ALL SELECT id FROM facts WHERE id > (SELECT id FROM fact_text_through) AND (" +
         in_subject_or_quote + ") UNION ALL SELECT id FROM facts WHERE sentence_id IN (" + sentence_ids +
         "))";
}

bool indexable_query(std::string_view text) {
  return !text.empty() && unit_end(text.data(), text.size(), 0) < text.size();
}

std::string substring_match(std::string_view text) {
  // One FTS5 string: any byte but '"' stands for itself, and '"' is written twice.
  std::string match = "\"";
  for (char c : text) {
    match += c;
    if (c == '"') match += '"';
  }
  match += '"';
  return match;
}

}  // namespace jiedao::store
