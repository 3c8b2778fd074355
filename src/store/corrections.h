// The store's copy of corrections.tsv's rows, per report, as the report's last extraction
// applied them (store.h: StoredCorrection, Store::corrections).
#pragma once

#include <string>

#include "base/result.h"
#include "store/database.h"
#include "store/store.h"

namespace jiedao::store {

// Replaces the stored corrections of `report` by report.corrections, on the writer inside
// put_reports' transaction.
Result<Done> replace_corrections(Connection& writer, const ReportRecord& report, const std::string& path,
                                 const std::string& doing);

}  // namespace jiedao::store
