// The columns of the reports table, each named once beside how a ReportRecord is written to it and
// read from it, as store/fact_columns.h does for facts: put_report's INSERT and every SELECT of
// reports are made from this table, so a column added here is written and read alike.
#pragma once

#include <cstdint>
#include <string>

#include "store/database.h"
#include "store/store.h"

namespace jiedao::store {

// "INSERT INTO reports (<columns>) VALUES (?1, ...)".
const std::string& report_insert_sql();
// Binds a report's row to report_insert_sql()'s statement; `fact_count`: the facts stored with it.
void bind_report(Query& q, const ReportRecord& r, int64_t fact_count);

// "<column>, ...": the select list read_report() reads, to which a SELECT appends one more
// column, the text (or '' for none).
const std::string& report_select_list();
// A row of report_select_list() and the text column after it.
ReportRecord read_report(const Query& q);

}  // namespace jiedao::store
