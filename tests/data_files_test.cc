// The real data files load and hold together (data/*.tsv, data/cues/*.tsv).
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>

#include "case_file.h"
#include "extract/cue_words.h"
#include "extract/extractor.h"
#include "extract/subject_words.h"
#include "report/cue_words.h"
#include "report/kinds.h"
#include "report/labels.h"
#include "temp_dir.h"
#include "text/tsv.h"
#include "text/units.h"
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
    CHECK(testing::resources().gazetteer.find(name) != nullptr);
  }
  // Every hand-kept row names one unit of the national list, in its county.
  for (const auto& p : places) {
    if (p.kind == "区") continue;
    INFO(p.district);
    const auto* unit = testing::resources().gazetteer.find(p.district, p.county);
    REQUIRE(unit != nullptr);
    CHECK(testing::resources().gazetteer.location_of(*unit).province == "上海市");
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
  CHECK(words.leading_filler.words().front() == "其中");
  CHECK(words.trailing_filler.starts("分别为"));
  CHECK(words.not_item_mark.starts("普及"));
}

namespace {

// The word lists of every file of word lists, by file and list, as the file gives them.
std::map<std::string, std::map<std::string, std::vector<std::string>>> word_list_files() {
  std::map<std::string, std::map<std::string, std::vector<std::string>>> files;
  for (const char* name : {"subject_words.tsv", "cues/change.tsv", "cues/qualifiers.tsv", "cues/sections.tsv",
                           "cues/time.tsv"}) {
    std::ifstream in(testing::source_path("data") / name);
    const std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto rows = parse_tsv(content, name, 2);
    REQUIRE(rows);
    for (const TsvRow& row : rows.value()) files[name][row.fields[0]] = split_list(row.fields[1], '|');
  }
  return files;
}

bool has(const std::vector<std::string>& words, const std::string& word) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

}  // namespace

TEST_CASE("the files of word lists give each list once, with words, none twice", "[data][cues]") {
  for (const auto& [file, lists] : word_list_files()) {
    INFO(file);
    CHECK(lists.size() >= 7);
    for (const auto& [list, words] : lists) {
      INFO(list);
      CHECK(!words.empty());
      std::set<std::string> seen;
      for (const std::string& w : words) {
        INFO(w);
        CHECK(seen.insert(w).second);
        CHECK(text::count_code_points(w) >= 1);
        CHECK(w.find(' ') == std::string::npos);
      }
    }
  }
}

TEST_CASE("the cue words hold what the rules were written with", "[data][cues]") {
  const auto& r = testing::resources();
  CHECK(has(r.change_words.rise, "增长"));
  CHECK(has(r.change_words.fall, "下降"));
  CHECK(has(r.change_words.year_on_year, "同比"));
  CHECK(has(r.change_words.per_1000, "每千人"));
  // Fillers are taken off in the file's order: 了 before 约 (下降了约5%).
  CHECK(r.change_words.filler.front() == "了");
  CHECK(has(r.qualifier_words.at_most_before, "不超过"));
  CHECK(has(r.qualifier_words.not_before, "签约"));
  CHECK(r.qualifier_words.before.size() == r.qualifier_words.at_most_before.size() +
                                               r.qualifier_words.at_least_before.size() +
                                               r.qualifier_words.approx_before.size());
  CHECK(has(r.section_words.review, "回顾"));
  CHECK(has(r.section_words.plan, "工作安排"));
  CHECK(has(r.section_words.date_label, "发布日期"));
  CHECK(has(r.time_words.until, "截至"));
  CHECK(has(r.time_words.strive, "力争"));
  CHECK(has(r.time_words.now, "目前"));
  // A review heading's years come from the report kinds' cues of several years.
  CHECK(r.kinds.years_reviewed("一、过去五年工作简要回顾") == 5);
  CHECK(r.kinds.years_reviewed("三年来工作回顾") == 3);
  CHECK(r.kinds.years_reviewed("2019年工作回顾") == 0);
}

TEST_CASE("a file of word lists that is wrong names its file and line", "[data][cues]") {
  auto message = [](const auto& parsed) { return parsed ? std::string("(parsed)") : parsed.error().message; };
  const std::string time = "until\t截至\nyear_opener\t在\n";
  CHECK(message(report::TimeWords::parse(time + "until\t到\n", "t.tsv"))
            .find("t.tsv:3: list 'until' given twice") != std::string::npos);
  CHECK(message(report::TimeWords::parse(time + "later\t后\n", "t.tsv"))
            .find("t.tsv:3: unknown list 'later'") != std::string::npos);
  CHECK(message(report::TimeWords::parse(time, "t.tsv")).find("t.tsv: no list 'from'") != std::string::npos);
  CHECK(message(extract::ChangeWords::parse("# rise\n\nrise\t增长|提高|增长\n", "c.tsv"))
            .find("c.tsv:3: '增长' is twice in list 'rise'") != std::string::npos);
  CHECK(message(extract::QualifierWords::parse("at_most_before\t不到\nat_least_before\n", "q.tsv"))
            .find("q.tsv:2: expected 2 tab-separated fields") != std::string::npos);
  CHECK(message(report::SectionWords::parse("review\t||\n", "s.tsv")).find("s.tsv:1: no word") !=
        std::string::npos);
  std::string subject;  // every list, with a phrase verb of one character on line 3
  for (const char* list :
       {"bare", "verb_after", "phrase_verb", "structural", "stage", "work_verb", "empty_head", "gives",
        "generic_head", "forecast", "leading_filler", "trailing_filler", "not_item_mark"})
    subject += std::string(list) + (list == std::string("phrase_verb") ? "\t达\n" : "\t甲乙\n");
  CHECK(message(extract::SubjectWords::parse(subject, "w.tsv")).find("w.tsv:3: phrase verb '达'") !=
        std::string::npos);
  // A folder with a broken cue file: load_resources names it.
  testing::TempDir dir("cues");
  const std::filesystem::path data = dir.path / "data";
  testing::copy_data_folder(data);
  std::ifstream in(data / "cues/time.tsv");
  const std::string original((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  testing::write(data / "cues/time.tsv", original + "until 截至\n");  // a space where the tab belongs
  const std::string line = std::to_string(std::count(original.begin(), original.end(), '\n') + 1);
  const auto loaded = report::load_resources(data.string());
  REQUIRE_FALSE(loaded);
  INFO(loaded.error().message);
  CHECK(loaded.error().message.find("cues/time.tsv:" + line + ": expected 2 tab-separated fields") !=
        std::string::npos);
}

TEST_CASE("a word a domain expert adds to a cue file is read like those before it", "[data][cues]") {
  const auto& r = testing::resources();
  // A fall verb that ends with a rise verb: the longer decides (负增长, not 增长).
  extract::ChangeWords change = r.change_words;
  change.fall.push_back("负增长");
  // An at-least word that ends with an at-most word: the longer decides (不少于, not 少于).
  auto qualifiers = extract::QualifierWords::parse(
      "at_most_before\t少于\nat_least_before\t不少于\napprox_before\t约\nat_least_after\t以上\n"
      "at_most_after\t以内\napprox_after\t左右\nnot_before\t签约\n",
      "q.tsv");
  REQUIRE(qualifiers);
  const extract::Vocabulary vocabulary{r.units,         r.catalogue, r.names,
                                       r.subject_words, change,      qualifiers.value()};
  const auto facts =
      extract::extract_facts("全年税收同比负增长5%,新增就业岗位不少于300个,签约3家企业。", vocabulary);
  REQUIRE(facts.size() == 3);
  CHECK(facts[0].change == "yoy");
  CHECK(facts[0].value == -5);
  CHECK(facts[1].qualifier == "at_least");
  CHECK(facts[2].qualifier == "exact");
}

TEST_CASE("the unit lexicon has every unit of FACTS.md", "[data][units]") {
  std::set<std::string> units;
  for (const auto& e : testing::resources().units.entries()) units.insert(e.unit);
  for (const char* unit :
       {"count", "m2", "m", "t", "t/d", "CNY", "percent", "m2/person", "times", "m3", "kW"}) {
    CHECK(units.count(unit) == 1);
  }
}

TEST_CASE("data/labels.tsv labels every unit, status and category the API answers with", "[data][labels]") {
  const auto& r = testing::resources();
  const auto& units = r.labels.of("unit");
  for (std::string_view unit : text::kCanonicalUnits) {
    INFO(unit);
    CHECK(units.count(std::string(unit)) == 1);
  }
  CHECK(units.size() == text::kCanonicalUnits.size());
  for (const char* status : {"actual", "target"}) CHECK(r.labels.of("status").count(status) == 1);
  for (Span span : {Span::kYear, Span::kHalf, Span::kQuarter, Span::kMonths, Span::kMultiYear})
    CHECK(r.labels.of("span").count(std::string(span_name(span))) == 1);
  std::set<std::string> categories;
  for (const auto& i : r.catalogue.indicators()) categories.insert(i.category);
  for (const auto& c : categories) {
    INFO(c);
    CHECK(r.labels.of("category").count(c) == 1);
  }
  CHECK(r.labels.of("category").at("employment").zh == "就业");
  CHECK(r.labels.of("unit").at("times").zh == "倍");  // FACTS.md §2: 倍, not 次
}

TEST_CASE("a malformed labels file is an error naming its line", "[data][labels]") {
  auto twice = report::Labels::parse("unit\tm2\t平方米\tm²\nunit\tm2\t平米\tm²\n", "labels.tsv");
  REQUIRE_FALSE(twice);
  CHECK(twice.error().message == "labels.tsv:2: the unit 'm2' is labelled twice");
  auto kind = report::Labels::parse("# c\ncolour\tred\t红\tred\n", "labels.tsv");
  REQUIRE_FALSE(kind);
  CHECK(kind.error().message.rfind("labels.tsv:2: unknown kind 'colour'", 0) == 0);
  CHECK_FALSE(report::Labels::parse("unit\tm2\t\tm²\n", "labels.tsv"));
  CHECK_FALSE(report::Labels::parse("unit\tm2\t平方米\n", "labels.tsv"));
}
