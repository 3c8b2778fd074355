#include "ingest/write_group.h"

#include <utility>

namespace jiedao::ingest {

void WriteGroup::add(store::ReportRecord report, std::vector<store::StoredFact> facts, Then then) {
  facts_ += facts.size();
  bytes_ += report.text.size();
  ++reports_;
  waiting_.push_back(Entry{std::move(report), std::move(facts), std::move(then)});
  if (reports_ >= kReports || facts_ >= kFacts || bytes_ >= kBytes) flush();
}

void WriteGroup::after(std::function<void()> then) {
  if (waiting_.empty()) {
    then();
    return;
  }
  waiting_.push_back(Entry{std::nullopt, {}, [then = std::move(then)](const Result<Done>&) { then(); }});
}

void WriteGroup::flush() {
  std::vector<Entry> entries = std::exchange(waiting_, {});
  reports_ = facts_ = bytes_ = 0;
  std::vector<store::ReportWrite> writes;
  for (const Entry& e : entries) {
    if (e.report) writes.push_back(store::ReportWrite{*e.report, e.facts});
  }
  const std::vector<Result<Done>> written = store_.put_reports(writes);
  size_t next = 0;
  for (Entry& e : entries) e.then(e.report ? written[next++] : Result<Done>(Done{}));
}

}  // namespace jiedao::ingest
