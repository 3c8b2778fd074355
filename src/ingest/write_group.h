// WriteGroup: reports stored a group at a time.
//
// An ingest of thousands of reports committed one transaction per report writes the same index
// pages to SQLite's log again and again (each commit) and checkpoints them as often; a group
// of reports in one transaction (Store::put_reports) writes them once. Each report still
// stands alone: one that cannot be stored is left as it was and the others of its group are
// stored.
//
// Outcomes come in the order things were added: a report's once its group is written, and what
// follows an outcome known without writing (a file unchanged, one that could not be read,
// after()) in its place among them. A group is written when it holds kReports reports, kFacts
// facts or kBytes of text, at flush(), and when the WriteGroup ends. Used by one thread.
#pragma once

#include <functional>
#include <optional>
#include <vector>

#include "base/result.h"
#include "store/store.h"

namespace jiedao::ingest {

class WriteGroup {
 public:
  // At most this many reports, facts or bytes of text wait in a group: a reader sees a report
  // at most a group after it was extracted, and a group of typical reports holds a few MB.
  // Beyond 32 reports a larger group saves little (measured on the bench corpus).
  static constexpr size_t kReports = 32;
  static constexpr size_t kFacts = 20000;
  static constexpr size_t kBytes = 32u << 20;

  // Called with a report's outcome: Done when it was stored.
  using Then = std::function<void(const Result<Done>&)>;

  explicit WriteGroup(store::Store& store) : store_(store) {}
  ~WriteGroup() { flush(); }
  WriteGroup(const WriteGroup&) = delete;
  WriteGroup& operator=(const WriteGroup&) = delete;

  // Stores `report` and its `facts` with the group, then calls `then`.
  void add(store::ReportRecord report, std::vector<store::StoredFact> facts, Then then);
  // Calls `then` in its place among the reports' outcomes: at once when none waits.
  void after(std::function<void()> then);
  // Writes the reports waiting and calls every `then` waiting, in order.
  void flush();

 private:
  struct Entry {
    std::optional<store::ReportRecord> report;  // none: an after() entry
    std::vector<store::StoredFact> facts;
    Then then;
  };
  store::Store& store_;
  std::vector<Entry> waiting_;
  size_t reports_ = 0, facts_ = 0, bytes_ = 0;  // of waiting_
};

}  // namespace jiedao::ingest
