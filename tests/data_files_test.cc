#include <algorithm>
// The real data files load and hold together (data/*.tsv).
#include <catch2/catch.hpp>
#include <map>
#include <set>

#include "case_file.h"
#include "extract/subject_words.h"
#include "report/kinds.h"
#include "text/utf8.h"

using namespace jiedao;

TEST_CASE("the gazetteer covers every county with its units", "[data][gazetteer]") {
  const auto& places = testing::resources().gazetteer.places();
  std::map<std::string, int> units_per_county;
  std::set<std::string> counties;
  for (const auto& p : places) {
    if (p.kind == "区")
      counties.insert(p.county);
    else
      ++units_per_county[p.county];
  }
  CHECK(counties.size() == 16);
  size_t total = 0;
  for (const auto& county : counties) {
    INFO(county);
    CHECK(units_per_county[county] >= 5);
    total += static_cast<size_t>(units_per_county[county]);
  }
  CHECK(total >= 200);
  for (const char* name : {"江川路街道", "南京西路街道", "定海路街道", "新江湾城街道", "真新街道"}) {
    CHECK(testing::resources().gazetteer.find_district(name) != nullptr);
  }
}

TEST_CASE("the catalogue has the fixed families and specific ids", "[data][catalogue]") {
  const auto& indicators = testing::resources().catalogue.indicators();
  CHECK(indicators.size() >= 150);
  std::set<std::string> ids;
  for (const auto& i : indicators) ids.insert(i.id);
  for (const char* id : {"jobs_added", "illegal_structures_demolished", "completion_rate"})
    CHECK(ids.count(id) == 1);
  bool garbage = false;
  for (const auto& id : ids) garbage = garbage || id.rfind("garbage_", 0) == 0;
  CHECK(garbage);
  for (const auto& i : indicators) {
    INFO(i.id);
    // No catch-all ids: each names one measured thing.
    for (const char* vague : {"other", "misc", "general", "activities", "count_"})
      CHECK(i.id.find(vague) == std::string::npos);
    for (const auto& w : i.wordings) CHECK(text::count_code_points(w) >= 2);
  }
}

TEST_CASE("every family has catalogue ids, and every count id counts one measure class",
          "[data][catalogue]") {
  const auto& r = testing::resources();
  std::set<std::string> named;
  for (const auto& i : r.catalogue.indicators()) {
    INFO(i.id);
    if (!i.family.empty()) named.insert(i.family);
    CHECK(i.family.empty() == !r.families.contains(i.family));
    const bool counts = std::find(i.units.begin(), i.units.end(), "count") != i.units.end();
    CHECK(counts == !i.counts.empty());
    if (counts) CHECK(r.units.has_class(i.counts));
  }
  for (const auto& f : r.families.families()) {
    INFO("family " << f.key << " has no catalogue id");
    CHECK(named.count(f.key) == 1);
  }
  CHECK(r.families.families().size() == 43);
  // Each measure word has a class, and the label people read names it.
  for (const auto& e : r.units.entries()) CHECK((e.unit == "count") == !e.counts.empty());
  CHECK(r.units.class_label("households") == "户 households");
}

TEST_CASE("the report kinds name every kind of issue 11, each with cues", "[data][kinds]") {
  std::set<std::string> kinds;
  for (const auto& rule : testing::resources().kinds.rules()) {
    INFO(rule.kind);
    CHECK(!rule.cues.empty());
    CHECK((rule.in_title || rule.in_opening || rule.in_heading || rule.in_sentence || rule.in_body));
    kinds.insert(rule.kind);
  }
  for (const char* kind : {"year review", "half-year review", "multi-year review", "five-year plan",
                           "year plan", "project list", "review and plan", "profile", "news"}) {
    INFO(kind);
    CHECK(kinds.count(kind) == 1);
  }
  CHECK(report::ReportKinds::cue_years("过去五年") == 5);
  CHECK(report::ReportKinds::cue_years("十年来") == 10);
  CHECK(report::ReportKinds::cue_years("过去5年") == 5);
  CHECK_FALSE(report::ReportKinds::parse("year plan\ttitle\t计划\tsoon\ttarget\n", "k.tsv"));
  CHECK_FALSE(report::ReportKinds::parse("year plan\tfooter\t计划\tyear\ttarget\n", "k.tsv"));
  CHECK_FALSE(report::ReportKinds::parse("review\topening\t近期\tlast:cue\tactual\n", "k.tsv"));
}

TEST_CASE("the subject words have every list, and refuse what they cannot use", "[data][subject]") {
  const auto& words = testing::resources().subject_words;
  CHECK(words.bare.starts("同比增长"));
  CHECK(words.bare.longest_prefix("计划增幅") == std::string_view("计划").size());  // the longest word
  CHECK(words.verb_after.starts("实现"));
  CHECK(words.phrase_verb.starts("达到"));
  CHECK(words.structural.starts("要求"));
  CHECK(words.stage.starts("开工"));
  CHECK_FALSE(words.bare.starts("新建"));
  CHECK_FALSE(extract::SubjectWords::parse("bare\t同比\n", "w.tsv"));  // the other lists are missing
  CHECK_FALSE(extract::SubjectWords::parse("verbs\t实现\n", "w.tsv"));
  CHECK_FALSE(extract::SubjectWords::parse(
      "bare\t同比\nverb_after\t实现\nphrase_verb\t达\nstructural\t要求\nstage\t开工\n", "w.tsv"));
}

TEST_CASE("the unit lexicon has every unit of FACTS.md", "[data][units]") {
  std::set<std::string> units;
  for (const auto& e : testing::resources().units.entries()) units.insert(e.unit);
  for (const char* unit :
       {"count", "m2", "m", "t", "t/d", "CNY", "percent", "m2/person", "times", "m3", "kW"}) {
    CHECK(units.count(unit) == 1);
  }
}
