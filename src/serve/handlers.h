// The answers of the API's read routes, one per route of serve/routes.h. Each gets its question
// already checked against the route's parameters (serve/query.h) and writes its answer, or a
// refusal with the status that says whose mistake it was.
#pragma once

#include <httplib.h>

#include <memory>
#include <string>
#include <vector>

#include "serve/api.h"
#include "serve/query.h"

namespace jiedao::serve {

void answer_health(const ApiContext& ctx, const Question& q, httplib::Response& res);
void answer_ready(const ApiContext& ctx, const Question& q, httplib::Response& res);
void answer_metrics(const ApiContext& ctx, const Question& q, httplib::Response& res);
void answer_indicators(const ApiContext& ctx, const Question& q, httplib::Response& res);
void answer_families(const ApiContext& ctx, const Question& q, httplib::Response& res);
void answer_labels(const ApiContext& ctx, const Question& q, httplib::Response& res);
void answer_districts(const ApiContext& ctx, const Question& q, httplib::Response& res);
void answer_series(const ApiContext& ctx, const Question& q, httplib::Response& res);
void answer_value(const ApiContext& ctx, const Question& q, httplib::Response& res);
void answer_facts(const ApiContext& ctx, const Question& q, httplib::Response& res);
void answer_reports(const ApiContext& ctx, const Question& q, httplib::Response& res);
void answer_report(const ApiContext& ctx, const Question& q, httplib::Response& res);
void answer_conflicts(const ApiContext& ctx, const Question& q, httplib::Response& res);
void answer_corrections(const ApiContext& ctx, const Question& q, httplib::Response& res);

// The filter of a series question (indicator, district, county, of, city, province, code, status,
// family, from, to) and its span; false when it was refused (the answer is then written).
bool series_question(const ApiContext& ctx, const Question& q, httplib::Response& res,
                     store::SeriesFilter& filter, std::string& span);
// The points a series question selects; `keep` holds what they point into.
Result<std::vector<const store::SeriesPoint*>> series_points(const ApiContext& ctx,
                                                             const store::SeriesFilter& filter,
                                                             const std::string& span,
                                                             std::shared_ptr<const void>& keep);

}  // namespace jiedao::serve
