// Substring search of the facts' text through an SQLite FTS5 index, for text without word breaks.
//
// Chinese has no spaces, so a word tokenizer sees a whole clause as one word, and FTS5's
// trigram tokenizer cannot find the two-character words most searches are (就业, 垃圾). This
// tokenizer, "jiedao_pairs", indexes a text of code points c0 c1 ... cn-1 as the overlapping
// pairs c0c1, c1c2, ..., one per position. A query of two or more code points becomes its own
// pairs, and a phrase matches them only at consecutive positions: exactly where the query occurs
// in the text. Nothing is folded, normalised or skipped, so a match is what instr() finds; invalid
// UTF-8 is cut the same way in the text and the query.
//
// Two indexes take the text: fact_text the facts' subject and quote (schema migration 6), and
// sentence_text the sentences of the reports (migration 9), each stored once however many facts
// it holds. They take rows in batches: the facts after fact_text_through and the sentences after
// sentence_text_through are not in them yet, and a search scans those. A search is planned
// before it runs: through the indexes when the text has two code points or more and they find
// fewer than kDenseMatches facts with it, so it costs a lookup of at most that many facts plus
// the scan of at most about kTextIndexBatch; otherwise by a scan in the order of the answer,
// which for a text that many facts hold stops after the page. A single code point cannot be
// looked up.
//
// Every connection that writes the facts or searches the index must register the tokenizer
// first; a connection without it (the sqlite3 shell) can read every table but the index, and
// cannot delete facts.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace jiedao::store {

inline constexpr const char* kPairTokenizer = "jiedao_pairs";

// The facts not yet indexed that a write lets wait; more are indexed in the writer's transaction.
inline constexpr int64_t kTextIndexBatch = 10000;

// The facts holding a text above which a search scans in order rather than looks up.
inline constexpr int64_t kDenseMatches = 4000;

// Adds the tokenizer to `db`. Returns an SQLite result code (SQLITE_OK on success).
int register_pair_tokenizer(sqlite3* db);

// Adds the facts after fact_text_through and the sentences after sentence_text_through to their
// indexes when at least `at_least` of either wait. Call inside a write transaction. Returns an
// SQLite result code.
int index_fact_text(sqlite3* db, int64_t at_least);

// Whether the index can look `text` up: two code points or more.
bool indexable_query(std::string_view text);

enum class TextPlan { kIndex, kScan };

// How to search for the text whose substring_match() is `match` ("" when the text is not
// indexable: a scan), as the header comment says. Returns an SQLite result code.
int plan_text_search(sqlite3* db, std::string_view match, TextPlan& plan);

// The SQL condition on the facts table (as f) that finds `text` by `plan`: parameter ?N is
// substring_match(text) and ?N+1 the text itself.
std::string text_condition(TextPlan plan, int n);

// The FTS5 MATCH expression that finds `text` as a substring of any indexed column.
// REQUIRES: indexable_query(text).
std::string substring_match(std::string_view text);

}  // namespace jiedao::store
