// WriteGroup (ingest/write_group.h): reports stored a group at a time, each standing alone, and
// every outcome handed back in the order it was added.
#include "ingest/write_group.h"

#include <catch2/catch.hpp>
#include <limits>
#include <string>
#include <vector>

#include "store_fixture.h"

using namespace jiedao;
using namespace jiedao::store_testing;
using jiedao::ingest::WriteGroup;

namespace {

// What the outcomes said, in the order they came: the report's name and "ok" or "error".
struct Log {
  std::vector<std::string> lines;
  WriteGroup::Then note(const std::string& name) {
    return
        [this, name](const Result<Done>& outcome) { lines.push_back(name + (outcome ? " ok" : " error")); };
  }
};

}  // namespace

TEST_CASE("a write group stores its reports when it is flushed, outcomes in order", "[ingest]") {
  TempDir dir;
  store::Store store = open_store(dir.file("jiedao.db"));
  Log log;
  WriteGroup group(store);
  group.after([&] { log.lines.push_back("before ok"); });  // nothing waits: at once
  CHECK(log.lines == std::vector<std::string>{"before ok"});
  group.add(make_report("r1"), {make_fact("jobs_added", 1)}, log.note("r1"));
  group.after([&] { log.lines.push_back("known error"); });  // a file that could not be read
  std::vector<store::StoredFact> bad = {make_fact("jobs_added", 2)};
  bad[0].fact.value = std::numeric_limits<double>::quiet_NaN();  // refused by the facts' NOT NULL
  group.add(make_report("r2"), bad, log.note("r2"));
  group.add(make_report("r3"), {make_fact("jobs_added", 3)}, log.note("r3"));
  // Nothing is written, nor said, before the group is.
  CHECK(log.lines.size() == 1);
  CHECK(must(store.count_reports()) == 0);
  const uint64_t before = store.generation();
  group.flush();
  CHECK(log.lines == std::vector<std::string>{"before ok", "r1 ok", "known error", "r2 error", "r3 ok"});
  CHECK(must(store.count_reports()) == 2);
  CHECK(store.generation() == before + 1);
  group.flush();  // nothing waits: nothing is written
  CHECK(store.generation() == before + 1);
}

TEST_CASE("a write group is written when it is full, and when it ends", "[ingest]") {
  TempDir dir;
  store::Store store = open_store(dir.file("jiedao.db"));
  Log log;
  {
    WriteGroup group(store);
    for (size_t i = 0; i < WriteGroup::kReports + 1; ++i)
      group.add(make_report("r" + std::to_string(i)), {make_fact("jobs_added", 1)}, log.note("r"));
    CHECK(log.lines.size() == WriteGroup::kReports);
    CHECK(must(store.count_reports()) == static_cast<int64_t>(WriteGroup::kReports));
  }
  CHECK(log.lines.size() == WriteGroup::kReports + 1);
  CHECK(must(store.count_reports()) == static_cast<int64_t>(WriteGroup::kReports + 1));
}
