// The columns of the facts table, each named once beside how a StoredFact is written to it and
// read from it. put_report's INSERT and every SELECT of whole facts are made from this table, so a
// column added here is written and read alike, with no list of positions to keep in step. A fact's
// sentence is kept once per report in the sentences table (schema migration 9) and read with it.
// Also here: the shape of a filtered read, which the facts' indexes decide.
#pragma once

#include <string>

#include "store/database.h"
#include "store/store.h"

namespace jiedao::store {

// "INSERT INTO facts (report, seq, sentence_id, <columns>) VALUES (?1, ?2, ?3, ...)".
const std::string& fact_insert_sql();
// Binds a fact's row to fact_insert_sql()'s statement: its report's id, its place in the report
// (document order), the id of its sentence in the sentences table, and its columns.
void bind_fact(Query& q, const std::string& report, int64_t seq, int64_t sentence_id, const StoredFact& s);

// A fact's sentence, read from the sentences table (facts as `f`).
inline constexpr const char* kFactSentence = "(SELECT text FROM sentences WHERE id = f.sentence_id)";

// "f.id, f.report, <kFactSentence>, f.<column>, ...": the select list read_fact() reads (facts as
// `f`).
const std::string& fact_select_list();
StoredFact read_fact(const Query& q);

// "f.indicator IN (...)", true of every fact (facts as `f`): the indicators are found by seeking
// each once in facts_indicator_district (a loose index scan, a few hundred seeks), so that a
// condition on the district alone beside it is looked up through that index.
const std::string& every_indicator();

// "SELECT <fact_select_list()> FROM facts f WHERE ..." with `filter`'s conditions but its text,
// limit and offset, in the shape that SQLite looks up through the facts' indexes (schema
// migration 10): by report; by indicator and district; by district through every_indicator();
// by family through each report's run of facts_report_family.
Sql fact_filter_sql(const FactFilter& filter);

}  // namespace jiedao::store
