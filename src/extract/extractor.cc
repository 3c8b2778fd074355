#include "extract/extractor.h"

#include "extract/change.h"
#include "extract/clauses.h"
#include "extract/scanner.h"
#include "extract/subject.h"

namespace jiedao::extract {

namespace {

std::vector<Quantity> kept_quantities(std::string_view text, const Vocabulary& vocabulary,
                                      std::vector<Rejected>* rejected) {
  std::vector<Quantity> all = scan_quantities(text, vocabulary.units, vocabulary.qualifier_words);
  const auto name_spans = find_names(text, vocabulary.names);
  std::vector<Quantity> kept;
  kept.reserve(all.size());
  for (const Quantity& q : all) {
    std::string_view reason = non_fact_reason(text, q, name_spans);
    if (reason.empty()) {
      kept.push_back(q);
    } else if (rejected != nullptr) {
      rejected->push_back({q.begin, q.end, reason});
    }
  }
  return kept;
}

}  // namespace

std::vector<Fact> extract_facts(std::string_view text, const Vocabulary& vocabulary) {
  return extract_facts(text, vocabulary, ClauseMarks(text));
}

std::vector<Fact> extract_facts(std::string_view text, const Vocabulary& vocabulary,
                                const ClauseMarks& marks) {
  const std::vector<Quantity> quantities = kept_quantities(text, vocabulary, nullptr);
  const std::vector<WordingMatch> matches = vocabulary.catalogue.find_all(text);
  std::vector<Fact> facts;
  facts.reserve(quantities.size());
  std::vector<SubjectQuery> queries;
  queries.reserve(quantities.size());
  std::vector<int> signs;  // the sign each change's words gave, 0 for a level
  signs.reserve(quantities.size());
  for (const Quantity& q : quantities) {
    const Window clause = marks.clause_around(q.begin);
    Fact fact;
    fact.begin = q.begin;
    fact.end = q.end;
    fact.unit = rate_unit(text, q, q.unit != nullptr ? std::string_view(q.unit->unit) : "count", clause,
                          vocabulary.change_words);
    fact.measure = q.unit != nullptr ? q.unit->surface : "";
    if (fact.unit == "count" && q.unit != nullptr) fact.counts = q.unit->counts;
    // One rounding from what the report wrote to the canonical unit (text/decimal.h).
    const int64_t num = q.unit != nullptr ? q.unit->numerator : 1,
                  den = q.unit != nullptr ? q.unit->denominator : 1;
    fact.value = q.number.decimal.times(num, den);
    if (q.upper) fact.value_max = q.upper->times(num, den);
    fact.qualifier = std::string(q.qualifier);
    ChangeReading change = read_change(text, q, clause, vocabulary.change_words);
    // The rates of a list share the change the words before the first give (同比增长分别达13.2%、
    // 66.67%、22%; 分别下降5%和6%).
    if (change.change.empty() && !change.base_value && !facts.empty() && !facts.back().change.empty() &&
        facts.back().unit == fact.unit && listed_together(text, quantities[facts.size() - 1], q)) {
      change.change = facts.back().change;
      change.sign = signs.back();
    }
    signs.push_back(change.change.empty() ? 0 : change.sign);
    fact.change = std::string(change.change);
    fact.is_base_value = change.base_value;
    if (!change.change.empty() && change.sign < 0) {
      fact.value = -fact.value;
      if (fact.value_max) fact.value_max = -*fact.value_max;
    }
    facts.push_back(std::move(fact));
  }
  // A relative change (同比增长9%, 提高3个百分点, 增长4倍) takes its level's id whatever the level's
  // unit; an absolute one (比去年同期增加563户) is measured like its level and must fit it.
  for (const Fact& fact : facts) {
    const bool relative = fact.unit == "percent" || fact.unit == "times";
    queries.push_back({fact.unit, fact.counts, !fact.change.empty() && relative});
  }
  std::vector<SubjectReading> readings = read_subjects(text, marks, quantities, queries, vocabulary.catalogue,
                                                       vocabulary.subject_words, matches);
  const auto& indicators = vocabulary.catalogue.indicators();
  for (size_t k = 0; k < facts.size(); ++k) {
    Fact& fact = facts[k];
    SubjectReading& reading = readings[k];
    if (reading.indicator >= 0) fact.indicator = indicators[reading.indicator].id;
    if (reading.of >= 0) fact.of = indicators[reading.of].id;
    fact.family = std::move(reading.family);
    fact.subject = std::move(reading.subject);
    fact.how = reading.how;
    fact.wording_begin = reading.wording_begin;
    fact.wording_end = reading.wording_end;
  }
  return facts;
}

std::vector<Rejected> rejected_quantities(std::string_view text, const Vocabulary& vocabulary) {
  std::vector<Rejected> rejected;
  kept_quantities(text, vocabulary, &rejected);
  return rejected;
}

}  // namespace jiedao::extract
