// The store's reads and writes (store/store.h): reports and their facts put, replaced, removed
// and read back, listed, filtered, searched and counted, and meta values.
#include "store/store.h"

#include <catch2/catch.hpp>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "report/calendar.h"
#include "store_fixture.h"

using namespace jiedao;
using namespace jiedao::store;
using namespace jiedao::store_testing;

TEST_CASE("a report and its facts read back as they were put", "[store]") {
  TempDir dir;
  Store store = open_store(dir.file("jiedao.db"));

  ReportRecord r = make_report("2018-jiangchuan", report::years(2018, 2018), CivilDate{2019, 1, 15});
  r.kind = "year review";
  r.fact_count = 99;  // the store counts for itself

  StoredFact a = make_fact("jobs_added", 1200);
  a.report = "ignored";  // the report's id is used
  a.fact.begin = 6;
  a.fact.end = 27;
  a.fact.qualifier = "approx";
  a.fact.is_base_value = false;
  a.fact.family = "jobs_added";
  a.fact.counts = "items";

  StoredFact b;
  b.district = "江川路街道";
  b.county = "闵行区";
  b.fact.begin = 30;
  b.fact.end = 40;
  b.fact.value = 2;
  b.fact.value_max = 3.5;
  b.fact.unit = "times";
  b.fact.measure = "次";
  b.fact.qualifier = "at_least";
  b.fact.change = "yoy";
  b.fact.indicator = "";
  b.fact.subject = "开展活动";
  b.fact.is_base_value = true;
  b.fact.period = report::first_half(2019);
  b.fact.status = Status::kTarget;
  b.quote = "2-3.5次";
  b.sentence = "计划开展活动2-3.5次。";
  b.fact.family = "completion_rate";
  b.fact.of = "illegal_structures_demolished";

  StoredFact c = make_fact("jobs_added", 7);
  c.fact.period = {};  // no period

  must(store.put_report(r, {a, b, c}));

  auto reports = must(store.reports());
  REQUIRE(reports.size() == 1);
  const ReportRecord& listed = reports[0];
  CHECK(listed.id == r.id);
  CHECK(listed.path == r.path);
  CHECK(listed.sha256 == r.sha256);
  CHECK(listed.district == r.district);
  CHECK(listed.county == r.county);
  CHECK(listed.kind == r.kind);
  CHECK(listed.period == r.period);
  REQUIRE(listed.published.has_value());
  CHECK(*listed.published == CivilDate{2019, 1, 15});
  CHECK(listed.ingested_at == r.ingested_at);
  CHECK(listed.data_version == r.data_version);
  CHECK(listed.text.empty());
  CHECK(listed.fact_count == 3);

  auto full = must(store.report(r.id));
  REQUIRE(full.has_value());
  CHECK(full->text == r.text);
  CHECK(full->fact_count == 3);
  CHECK_FALSE(must(store.report("absent")).has_value());

  auto facts = must(store.facts({}));
  REQUIRE(facts.size() == 3);
  const StoredFact* expected[] = {&a, &b, &c};
  for (size_t i = 0; i < facts.size(); ++i) {
    INFO("fact " << i);
    const StoredFact& got = facts[i];
    const StoredFact& want = *expected[i];
    CHECK(got.id > 0);
    CHECK(got.report == r.id);
    CHECK(got.district == want.district);
    CHECK(got.county == want.county);
    CHECK(got.quote == want.quote);
    CHECK(got.sentence == want.sentence);
    CHECK(got.fact.begin == want.fact.begin);
    CHECK(got.fact.end == want.fact.end);
    CHECK(got.fact.value == want.fact.value);
    CHECK(got.fact.value_max == want.fact.value_max);
    CHECK(got.fact.unit == want.fact.unit);
    CHECK(got.fact.measure == want.fact.measure);
    CHECK(got.fact.qualifier == want.fact.qualifier);
    CHECK(got.fact.change == want.fact.change);
    CHECK(got.fact.indicator == want.fact.indicator);
    CHECK(got.fact.subject == want.fact.subject);
    CHECK(got.fact.is_base_value == want.fact.is_base_value);
    CHECK(got.fact.period == want.fact.period);
    CHECK(got.fact.status == want.fact.status);
    CHECK(got.fact.family == want.fact.family);
    CHECK(got.fact.counts == want.fact.counts);
    CHECK(got.fact.of == want.fact.of);

    auto one = must(store.fact(got.id));
    REQUIRE(one.has_value());
    CHECK(one->fact.subject == want.fact.subject);
    CHECK(one->fact.value_max == want.fact.value_max);
  }
  CHECK_FALSE(must(store.fact(987654)).has_value());
  CHECK(sql_value(dir.file("jiedao.db"), "SELECT group_concat(seq) FROM facts ORDER BY seq") == "0,1,2");
  CHECK(sql_value(dir.file("jiedao.db"), "SELECT period_start IS NULL FROM facts WHERE seq = 2") == "1");

  // A report with neither period nor publication date.
  ReportRecord bare = make_report("bare", Period{}, std::nullopt);
  must(store.put_report(bare, {}));
  auto got = must(store.report("bare"));
  REQUIRE(got.has_value());
  CHECK(got->period.empty());
  CHECK_FALSE(got->published.has_value());
  CHECK(got->fact_count == 0);

  auto states = must(store.report_states());
  REQUIRE(states.size() == 2);
  CHECK(states.at(r.id).path == r.path);
  CHECK(states.at(r.id).sha256 == r.sha256);
  CHECK(states.at(r.id).data_version == "data-v1");
  CHECK(must(store.count_reports()) == 2);
  CHECK(must(store.count_facts()) == 3);
}

TEST_CASE("putting the same report twice gives the same counts", "[store]") {
  TempDir dir;
  Store store = open_store(dir.file("jiedao.db"));
  ReportRecord r = make_report("r1");
  std::vector<StoredFact> facts = {make_fact("jobs_added", 1), make_fact("jobs_added", 2)};
  for (int i = 0; i < 2; ++i) {
    REQUIRE(store.put_report(r, facts));
    CHECK(must(store.count_reports()) == 1);
    CHECK(must(store.count_facts()) == 2);
    CHECK(must(store.series({})).size() == 1);
    CHECK(must(store.report("r1"))->fact_count == 2);
  }
}

TEST_CASE("putting a report again replaces its facts", "[store]") {
  TempDir dir;
  Store store = open_store(dir.file("jiedao.db"));
  REQUIRE(store.put_report(make_report("r1"), {make_fact("jobs_added", 1), make_fact("jobs_added", 2),
                                               make_fact("jobs_added", 3)}));
  REQUIRE(store.put_report(make_report("r2"), {make_fact("jobs_added", 9)}));
  const auto old_ids = fact_ids(store, "r1");
  const auto other_ids = fact_ids(store, "r2");
  REQUIRE(old_ids.size() == 3);

  ReportRecord replaced = make_report("r1");
  replaced.sha256 = std::string(64, 'b');
  REQUIRE(store.put_report(replaced, {make_fact("greening_area", 50)}));

  const auto new_ids = fact_ids(store, "r1");
  REQUIRE(new_ids.size() == 1);
  for (int64_t id : old_ids) {
    CHECK(id != new_ids[0]);
    CHECK_FALSE(must(store.fact(id)).has_value());
  }
  CHECK(must(store.fact(new_ids[0]))->fact.indicator == "greening_area");
  CHECK(must(store.report("r1"))->fact_count == 1);
  CHECK(must(store.report("r1"))->sha256 == std::string(64, 'b'));
  CHECK(fact_ids(store, "r2") == other_ids);
  CHECK(must(store.count_facts()) == 2);
}

TEST_CASE("reports put in one transaction: each stands alone", "[store]") {
  TempDir dir;
  Store store = open_store(dir.file("jiedao.db"));
  REQUIRE(store.put_report(make_report("r2"), {make_fact("jobs_added", 9)}));
  const auto kept = fact_ids(store, "r2");
  const uint64_t before = store.generation();

  ReportRecord r1 = make_report("r1"), r2 = make_report("r2"), r3 = make_report("r3");
  r2.sha256 = std::string(64, 'b');
  const std::vector<StoredFact> good = {make_fact("jobs_added", 1), make_fact("jobs_added", 2)};
  // A value that is not a number is stored as NULL, which the facts' NOT NULL refuses.
  std::vector<StoredFact> bad = {make_fact("jobs_added", 3, report::years(2018, 2018), "曹路镇", "浦东新区"),
                                 make_fact("jobs_added", 4)};
  bad[1].fact.value = std::numeric_limits<double>::quiet_NaN();
  const ReportWrite writes[] = {{r1, good}, {r2, bad}, {r3, good}};
  const std::vector<Result<Done>> outcomes = store.put_reports(writes);

  REQUIRE(outcomes.size() == 3);
  CHECK(outcomes[0]);
  REQUIRE_FALSE(outcomes[1]);
  CHECK(outcomes[1].error().message.find("cannot store report r2") != std::string::npos);
  CHECK(outcomes[2]);
  // r2 is as it was before the group; r1 and r3 are stored, in one write.
  CHECK(fact_ids(store, "r2") == kept);
  CHECK(must(store.report("r2"))->sha256 != std::string(64, 'b'));
  CHECK(fact_ids(store, "r1").size() == 2);
  CHECK(fact_ids(store, "r3").size() == 2);
  CHECK(store.generation() == before + 1);
  FactFilter searched, all;
  searched.text = "就业";
  CHECK(must(store.facts(searched)).size() == must(store.facts(all)).size());

  CHECK(store.put_reports({}).empty());
  CHECK(store.generation() == before + 1);
  // The refused report names no district to the readers, and a write that stores nothing is no
  // write: its own error, no new generation.
  CHECK(store.changes_since(before).districts == std::vector<std::string>{"江川路街道"});
  const ReportWrite refused[] = {{r2, bad}};
  const std::vector<Result<Done>> alone = store.put_reports(refused);
  REQUIRE_FALSE(alone.front());
  CHECK(alone.front().error().message.find("cannot store report r2") != std::string::npos);
  CHECK(store.generation() == before + 1);
}

TEST_CASE("removing a report removes its facts and nothing else", "[store]") {
  TempDir dir;
  Store store = open_store(dir.file("jiedao.db"));
  REQUIRE(store.put_report(make_report("r1"), {make_fact("jobs_added", 1), make_fact("jobs_added", 2)}));
  REQUIRE(store.put_report(make_report("r2"), {make_fact("jobs_added", 9)}));
  const auto kept = fact_ids(store, "r2");

  REQUIRE(store.remove_report("r1"));
  CHECK_FALSE(must(store.report("r1")).has_value());
  CHECK(fact_ids(store, "r1").empty());
  CHECK(fact_ids(store, "r2") == kept);
  CHECK(must(store.count_reports()) == 1);
  CHECK(must(store.count_facts()) == 1);
  CHECK(store.remove_report("never-there"));
  CHECK(must(store.count_reports()) == 1);
}

TEST_CASE("reports are listed by id, a page at a time", "[store]") {
  TempDir dir;
  Store store = open_store(dir.file("jiedao.db"));
  for (const char* id : {"c", "a", "d", "b"}) REQUIRE(store.put_report(make_report(id), {}));
  auto ids = [&](int64_t limit, int64_t offset) {
    std::string out;
    for (const auto& r : must(store.reports(limit, offset))) out += r.id;
    return out;
  };
  CHECK(ids(-1, 0) == "abcd");
  CHECK(ids(2, 0) == "ab");
  CHECK(ids(2, 1) == "bc");
  CHECK(ids(10, 3) == "d");
  CHECK(ids(10, 4) == "");
  CHECK(ids(0, 0) == "");
  CHECK(ids(2, -5) == "ab");
}

TEST_CASE("meta values are set, replaced and read", "[store]") {
  TempDir dir;
  Store store = open_store(dir.file("jiedao.db"));
  CHECK_FALSE(must(store.meta("data_version")).has_value());
  REQUIRE(store.set_meta("data_version", "v1"));
  CHECK(must(store.meta("data_version")) == std::optional<std::string>("v1"));
  REQUIRE(store.set_meta("data_version", "v2"));
  CHECK(must(store.meta("data_version")) == std::optional<std::string>("v2"));
  REQUIRE(store.set_meta("quote's \"key\"; DROP TABLE meta", "x"));
  CHECK(must(store.meta("quote's \"key\"; DROP TABLE meta")) == std::optional<std::string>("x"));
}

TEST_CASE("fact filters, text search and paging", "[store]") {
  TempDir dir;
  Store store = open_store(dir.file("jiedao.db"));
  StoredFact garbage = make_fact("garbage_sorted", 30);
  garbage.fact.subject = "湿垃圾";
  garbage.quote = "湿垃圾30吨";
  garbage.sentence = "分出湿垃圾30吨。";
  garbage.fact.begin = 120;
  garbage.fact.end = 131;
  StoredFact in_sentence = make_fact("jobs_added", 5);
  in_sentence.sentence = "社区食堂新增就业岗位5个。";
  REQUIRE(store.put_report(make_report("r1"), {make_fact("jobs_added", 1), garbage, in_sentence}));
  REQUIRE(store.put_report(make_report("r2", report::years(2018, 2018), CivilDate{2019, 1, 1}, "七宝镇"),
                           {make_fact("jobs_added", 2, report::years(2018, 2018), "七宝镇")}));
  struct Case {
    const char* name;
    FactFilter filter;
    std::vector<double> values;
  };
  auto with = [](auto set) {
    FactFilter f;
    set(f);
    return f;
  };
  const Case cases[] = {
      {"none", {}, {1, 30, 5, 2}},
      {"report", with([](FactFilter& f) { f.report = "r2"; }), {2}},
      {"indicator", with([](FactFilter& f) { f.indicator = "jobs_added"; }), {1, 5, 2}},
      {"district", with([](FactFilter& f) { f.district = "七宝镇"; }), {2}},
      {"text in subject and quote", with([](FactFilter& f) { f.text = "湿垃圾"; }), {30}},
      {"text in sentence", with([](FactFilter& f) { f.text = "社区食堂"; }), {5}},
      {"text, quoted", with([](FactFilter& f) { f.text = "'; DROP TABLE facts; --"; }), {}},
      {"text and report",
       with([](FactFilter& f) {
         f.text = "就业";
         f.report = "r1";
       }),
       {1, 5}},
      {"limit", with([](FactFilter& f) { f.limit = 2; }), {1, 30}},
      {"limit and offset",
       with([](FactFilter& f) {
         f.limit = 2;
         f.offset = 2;
       }),
       {5, 2}},
      {"offset past the end", with([](FactFilter& f) { f.offset = 10; }), {}},
      {"negative limit", with([](FactFilter& f) { f.limit = -5; }), {}},
      {"negative offset", with([](FactFilter& f) { f.offset = -5; }), {1, 30, 5, 2}},
      {"huge limit", with([](FactFilter& f) { f.limit = 1'000'000'000; }), {1, 30, 5, 2}},
      {"span",
       with([](FactFilter& f) {
         f.report = "r1";
         f.span_begin = 120;
         f.span_end = 131;
       }),
       {30}},
      {"span that ends elsewhere",
       with([](FactFilter& f) {
         f.span_begin = 120;
         f.span_end = 130;
       }),
       {}},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    std::vector<double> values;
    for (const auto& f : must(store.facts(c.filter))) values.push_back(f.fact.value);
    CHECK(values == c.values);
  }
  CHECK(must(store.count_facts()) == 4);
}

TEST_CASE("indicator counts and district summaries", "[store]") {
  TempDir dir;
  Store store = open_store(dir.file("jiedao.db"));
  StoredFact percent = make_fact("jobs_added", 50, report::years(2019, 2019));
  percent.fact.unit = "percent";
  REQUIRE(
      store.put_report(make_report("r1"), {make_fact("jobs_added", 1), make_fact("jobs_added", 2), percent,
                                           make_fact("", 3), make_fact("greening_area", 4, Period{})}));
  REQUIRE(store.put_report(make_report("r2", report::years(2016, 2016), CivilDate{2017, 1, 1}, "七宝镇"),
                           {make_fact("jobs_added", 2, report::years(2016, 2016), "七宝镇")}));
  REQUIRE(store.put_report(
      make_report("r3", report::years(2016, 2016), CivilDate{2017, 1, 1}, "天平路街道", "徐汇区"), {}));
  REQUIRE(store.put_report(make_report("r4", report::years(2016, 2016), CivilDate{2017, 1, 1}, "", "徐汇区"),
                           {make_fact("jobs_added", 2, report::years(2016, 2016), "", "徐汇区")}));

  auto counts = must(store.indicator_counts());
  REQUIRE(counts.size() == 3);
  CHECK((counts[0].indicator == "greening_area" && counts[0].unit == "count" && counts[0].facts == 1));
  CHECK((counts[1].indicator == "jobs_added" && counts[1].unit == "count" && counts[1].facts == 4));
  CHECK((counts[2].indicator == "jobs_added" && counts[2].unit == "percent" && counts[2].facts == 1));

  auto districts = must(store.districts());
  REQUIRE(districts.size() == 3);
  // Ordered by county, then district (bytewise).
  CHECK(districts[0].county == "徐汇区");
  CHECK(districts[0].district == "天平路街道");
  CHECK(districts[0].reports == 1);
  CHECK(districts[0].facts == 0);
  CHECK(districts[0].years.empty());
  const bool qibao_first = std::string("七宝镇") < std::string("江川路街道");
  const DistrictSummary& qibao = qibao_first ? districts[1] : districts[2];
  const DistrictSummary& jiangchuan = qibao_first ? districts[2] : districts[1];
  CHECK(qibao.district == "七宝镇");
  CHECK(qibao.county == "闵行区");
  CHECK(qibao.reports == 1);
  CHECK(qibao.facts == 1);
  CHECK(qibao.years == std::vector<int>{2016});
  CHECK(jiangchuan.district == "江川路街道");
  CHECK(jiangchuan.reports == 1);
  CHECK(jiangchuan.facts == 5);
  CHECK(jiangchuan.years == std::vector<int>{2018, 2019});
}
