// The extract layer: every case of tests/cases/facts.txt and non_facts.txt.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <random>
#include <set>
#include <sstream>
#include <tuple>

#include "base/file.h"
#include "case_file.h"
#include "extract/catalogue.h"
#include "extract/clauses.h"
#include "extract/extractor.h"
#include "extract/subject.h"
#include "extract/subject_words.h"
#include "report/report.h"
#include "text/tsv.h"

using namespace jiedao;

namespace {

extract::Vocabulary vocabulary() {
  const auto& r = testing::resources();
  return {r.units, r.catalogue, r.names, r.subject_words, r.change_words, r.qualifier_words};
}

std::string describe(const std::vector<Fact>& facts, const std::string& text) {
  std::ostringstream out;
  for (const Fact& f : facts) {
    out << "  [" << text.substr(f.begin, f.end - f.begin) << "] " << f.value << " " << f.unit << " "
        << f.qualifier << " '" << f.change << "'\n";
  }
  return out.str();
}

struct Expected {
  double value = 0;
  std::optional<double> value_max;
  std::string unit, qualifier, change;
};

Expected parse_expected(const std::string& line) {
  std::istringstream in(line.substr(1));
  std::string value;
  Expected e;
  in >> value >> e.unit >> e.qualifier >> e.change;
  if (e.change == "-") e.change.clear();
  if (auto dots = value.find(".."); dots != std::string::npos) {
    e.value = std::stod(value.substr(0, dots));
    e.value_max = std::stod(value.substr(dots + 2));
  } else {
    e.value = std::stod(value);
  }
  return e;
}

}  // namespace

TEST_CASE("facts are read as tests/cases/facts.txt says", "[extract][facts]") {
  Expected expected;
  bool have = false;
  int cases = 0;
  for (const auto& line : testing::case_lines("facts.txt")) {
    if (line.text[0] == '=') {
      expected = parse_expected(line.text);
      have = true;
      continue;
    }
    REQUIRE(have);
    const testing::Marked marked = testing::unmark(testing::unescape(line.text));
    REQUIRE(marked.has_mark);
    auto facts = extract::extract_facts(marked.text, vocabulary());
    INFO("facts.txt:" << line.number << ": " << line.text << "\nfound:\n" << describe(facts, marked.text));
    const Fact* hit = nullptr;
    for (const Fact& f : facts) {
      if (f.begin == marked.begin && f.end == marked.end) hit = &f;
    }
    REQUIRE(hit != nullptr);
    // Exactly the double nearest to the value written in the block: a report's decimals are read
    // and scaled by their unit with one rounding (text/decimal.h), so 20.46% is 20.46.
    CHECK(hit->value == expected.value);
    CHECK(hit->unit == expected.unit);
    CHECK(hit->qualifier == expected.qualifier);
    CHECK(hit->change == expected.change);
    CHECK(hit->value_max.has_value() == expected.value_max.has_value());
    if (expected.value_max && hit->value_max) CHECK(*hit->value_max == *expected.value_max);
    ++cases;
  }
  CHECK(cases > 50);
}

TEST_CASE("non-facts give no fact (tests/cases/non_facts.txt)", "[extract][non_facts]") {
  int cases = 0;
  for (const auto& line : testing::case_lines("non_facts.txt")) {
    const std::string text = testing::unescape(line.text);
    auto facts = extract::extract_facts(text, vocabulary());
    INFO("non_facts.txt:" << line.number << ": " << line.text << "\nfound:\n" << describe(facts, text));
    CHECK(facts.empty());
    ++cases;
  }
  CHECK(cases > 40);
}

// An expectation of indicators.tsv and subjects.tsv: the id (id, family_ prefix, !prefix or
// -), then optional family=, counts=, change= and of= fields, - for empty.
void check_expectation(const Fact& hit, std::string_view expectation) {
  std::vector<std::string> fields = split_list(expectation, ' ');
  REQUIRE(!fields.empty());
  const std::string& id = fields.front();
  INFO("indicator: '" << hit.indicator << "' family: '" << hit.family << "' counts: '" << hit.counts
                      << "' change: '" << hit.change << "' of: '" << hit.of << "' how: " << hit.how);
  if (id == "-") {
    CHECK(hit.indicator.empty());
  } else if (id.front() == '!') {
    CHECK(hit.indicator.rfind(id.substr(1), 0) != 0);
  } else if (id.back() == '_') {
    CHECK(hit.indicator.rfind(id, 0) == 0);
  } else {
    CHECK(hit.indicator == id);
  }
  for (size_t k = 1; k < fields.size(); ++k) {
    const size_t eq = fields[k].find('=');
    REQUIRE(eq != std::string::npos);
    const std::string name = fields[k].substr(0, eq);
    std::string want = fields[k].substr(eq + 1);
    if (want == "-") want.clear();
    if (name == "family")
      CHECK(hit.family == want);
    else if (name == "counts")
      CHECK(hit.counts == want);
    else if (name == "change")
      CHECK(hit.change == want);
    else if (name == "of")
      CHECK(hit.of == want);
    else
      FAIL("unknown field " << name);
  }
}

void check_indicator_cases(const std::string& file, int at_least) {
  int cases = 0;
  for (const auto& line : testing::case_lines(file)) {
    const size_t tab = line.text.find('\t');
    REQUIRE(tab != std::string::npos);
    const testing::Marked marked = testing::unmark(line.text.substr(0, tab));
    auto facts = extract::extract_facts(marked.text, vocabulary());
    INFO(file << ":" << line.number << ": " << line.text << "\nfound:\n" << describe(facts, marked.text));
    const Fact* hit = nullptr;
    for (const Fact& f : facts) {
      if (f.begin == marked.begin && f.end == marked.end) hit = &f;
    }
    REQUIRE(hit != nullptr);
    check_expectation(*hit, std::string_view(line.text).substr(tab + 1));
    ++cases;
  }
  CHECK(cases > at_least);
}

TEST_CASE("indicators as tests/cases/indicators.tsv says", "[extract][catalogue]") {
  check_indicator_cases("indicators.tsv", 40);
}

TEST_CASE("subjects, families, measure classes and changes as tests/cases/subjects.tsv says",
          "[extract][subject]") {
  check_indicator_cases("subjects.tsv", 40);
}

TEST_CASE("clause marks give the windows clause_around and sentence_around give", "[extract][clauses]") {
  for (std::string_view text : {
           std::string_view(
               "拆违共13处,3596平方米;共青路82弄6号,400平方米。新增就业岗位3,188个，完成率100%！"),
           std::string_view("\n\n第一句：1,2,3。；,最后"),
           std::string_view(",1,000,"),
           std::string_view(""),
       }) {
    const extract::ClauseMarks marks(text);
    for (size_t pos = 0; pos <= text.size(); ++pos) {
      if (pos < text.size() && (static_cast<unsigned char>(text[pos]) & 0xC0) == 0x80) continue;
      INFO(text << " at " << pos);
      const auto clause = extract::clause_around(text, pos), sentence = extract::sentence_around(text, pos);
      CHECK(marks.clause_around(pos).begin == clause.begin);
      CHECK(marks.clause_around(pos).end == clause.end);
      CHECK(marks.sentence_around(pos).begin == sentence.begin);
      CHECK(marks.sentence_around(pos).end == sentence.end);
    }
  }
}

namespace {

// Every occurrence of every one-part wording, by a plain search: what find_all must return.
std::vector<std::tuple<size_t, size_t, int>> plain_search(std::string_view text,
                                                          const extract::Catalogue& c) {
  std::vector<std::tuple<size_t, size_t, int>> found;
  for (size_t i = 0; i < c.indicators().size(); ++i) {
    for (std::string w : c.indicators()[i].wordings) {
      if (w.starts_with("~")) w.erase(0, 1);
      if (w.find('*') != std::string::npos) continue;
      for (size_t at = text.find(w); at != std::string_view::npos; at = text.find(w, at + 1))
        found.emplace_back(at, at + w.size(), static_cast<int>(i));
    }
  }
  std::sort(found.begin(), found.end());
  return found;
}

}  // namespace

TEST_CASE("the catalogue finds every occurrence of every wording, as a plain search does",
          "[extract][catalogue]") {
  const auto& r = testing::resources();
  // Wordings that overlap and nest (the automaton's fail links), share prefixes and suffixes,
  // and hold ASCII and characters past U+FFFF.
  const auto catalogue = extract::Catalogue::parse(
      "a\tx\t-\tpercent\t-\ta\t安全生产|生产总值|全生产\n"
      "b\tx\t-\tpercent\t-\tb\t生产|总值|~产总\n"
      "c\tx\t-\tpercent\t-\tc\t5G基站|G基|𠀀𠀁|𠀁街\n"
      "d\tx\t-\tpercent\t-\td\t拆除*违法建筑|安全*隐患\n",
      "test.tsv", r.families, r.units);
  REQUIRE(catalogue);
  const std::vector<std::string> letters = {"安", "全", "生", "产", "总", "值", "5", "G", "基",
                                            "站", "𠀀", "𠀁", "街", "，", "的", "a", "拆"};
  std::mt19937 random(16);  // fixed: the same texts every run
  for (int n = 0; n < 300; ++n) {
    std::string text;
    for (int k = 0; k < 40; ++k) text += letters[random() % letters.size()];
    INFO(text);
    std::vector<std::tuple<size_t, size_t, int>> found;
    for (const auto& m : catalogue.value().find_all(text)) {
      if (m.indicator != 3) found.emplace_back(m.begin, m.end, m.indicator);
    }
    std::sort(found.begin(), found.end());
    CHECK(found == plain_search(text, catalogue.value()));
  }
  // A wording with a gap: up to 8 characters within one clause.
  auto gapped = [&](std::string_view text) {
    int count = 0;
    for (const auto& m : catalogue.value().find_all(text)) count += m.indicator == 3 ? 1 : 0;
    return count;
  };
  CHECK(gapped("拆除库内经营性违法建筑") == 1);
  CHECK(gapped("拆除违法建筑") == 1);
  CHECK(gapped("拆除一二三四五六七八违法建筑") == 1);
  CHECK(gapped("拆除一二三四五六七八九违法建筑") == 0);  // nine characters
  CHECK(gapped("拆除库内，违法建筑") == 0);              // across a clause
  CHECK(gapped("违法建筑拆除") == 0);
}

TEST_CASE("a word list finds where its first word to end ends, as a search per word does",
          "[extract][subject]") {
  const extract::WordList list({"达产后", "建成达产后", "甲乙丙丁", "乙丙", "年可贡献"});
  auto per_word = [&](std::string_view s) {
    size_t first = std::string_view::npos;
    for (const std::string& w : list.words()) {
      if (size_t at = s.find(w); at != std::string_view::npos) first = std::min(first, at + w.size());
    }
    return first;
  };
  for (std::string_view s : {"项目建成达产后,年可贡献税收11.5亿元", "甲乙丙丁", "丙丁甲乙丙", "年可贡", "",
                             "年年可贡献达产后", "建成达产"}) {
    INFO(s);
    CHECK(list.first_end(s) == per_word(s));
  }
  CHECK(list.first_end("甲乙丙丁") == std::string_view("甲乙丙").size());  // 乙丙 ends before 甲乙丙丁
  CHECK(list.first_end("建成达产") == std::string_view::npos);
}

TEST_CASE("an indicator named by the number's own words is direct; one borrowed is inferred",
          "[extract][confidence]") {
  using extract::indicator_confidence;
  CHECK(indicator_confidence("the words before the number") == "direct");
  CHECK(indicator_confidence("the words after the number") == "direct");
  CHECK(indicator_confidence("a wording around the number (走访…企业)") == "direct");
  CHECK(indicator_confidence("the subject of the number before it (its own words are only an attribute)") ==
        "inferred");
  CHECK(indicator_confidence("the level 分别 pairs it with, stated before it") == "inferred");
  CHECK(indicator_confidence("none: a bare number after no subject") == "none");
  CHECK(indicator_confidence("") == "none");
  // Every fact of the sample reports gets one of the three, and each of them occurs.
  std::set<std::string_view> seen;
  for (const auto& entry : std::filesystem::directory_iterator(testing::source_path("data/reports"))) {
    auto text = read_file(entry.path().string());
    REQUIRE(text);
    auto r = report::analyze("sample", text.value(), testing::resources(), nullptr);
    REQUIRE(r);
    for (const Fact& f : r.value().facts)
      seen.insert(f.indicator.empty() ? "none" : indicator_confidence(f.how));
  }
  CHECK(seen == std::set<std::string_view>{"direct", "inferred", "none"});
}
