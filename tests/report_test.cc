// The report layer: districts, frames, and the time and status of facts.
#include "report/report.h"

#include <catch2/catch.hpp>
#include <iostream>
#include <set>
#include <sstream>
#include <tuple>

#include "case_file.h"
#include "report/calendar.h"

using namespace jiedao;

namespace {

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> fields;
  std::istringstream in(line);
  std::string field;
  while (std::getline(in, field, '\t')) fields.push_back(field);
  return fields;
}

std::string period_text(const Period& p) {
  return p.empty() ? "-" : iso_date(p.start) + ".." + iso_date(p.end);
}

}  // namespace

TEST_CASE("periods and status as tests/cases/periods.txt says", "[report][periods]") {
  int cases = 0;
  for (const auto& line : testing::case_lines("periods.txt")) {
    auto fields = split_tabs(line.text);
    REQUIRE(fields.size() == 3);
    const testing::Marked marked = testing::unmark(testing::unescape(fields[2]));
    REQUIRE(marked.has_mark);
    auto result = report::analyze("case", marked.text, testing::resources());
    REQUIRE(result);
    const Fact* hit = nullptr;
    for (const Fact& f : result.value().facts) {
      if (f.begin == marked.begin && f.end == marked.end) hit = &f;
    }
    INFO("periods.txt:" << line.number << ": " << fields[2]);
    REQUIRE(hit != nullptr);
    CHECK(period_text(hit->period) == fields[0]);
    CHECK((hit->status == Status::kTarget ? "target" : "actual") == fields[1]);
    ++cases;
  }
  CHECK(cases > 15);
}

TEST_CASE("districts as tests/cases/districts.tsv says", "[report][districts]") {
  const auto& gazetteer = testing::resources().gazetteer;
  // The whole national gazetteer is loaded: about 41,000 units of every province.
  std::cout << "gazetteer: " << gazetteer.divisions().size() << " township-level units, "
            << gazetteer.counties().size() << " counties\n";
  CHECK(gazetteer.divisions().size() > 40000);
  std::set<std::string> provinces;
  for (const auto& c : gazetteer.counties()) provinces.insert(c.province);
  CHECK(provinces.size() == 31);
  size_t cases = 0;
  for (const auto& line : testing::case_lines("districts.tsv")) {
    auto fields = split_tabs(line.text);
    REQUIRE(fields.size() == 6);
    INFO("districts.tsv:" << line.number << ": " << fields[5]);
    auto where = gazetteer.locate(fields[5]);
    auto shown = [](const std::string& s) { return s.empty() ? std::string("-") : s; };
    CHECK(shown(where.district) == fields[0]);
    CHECK(shown(where.county) == fields[1]);
    CHECK(shown(where.city) == fields[2]);
    CHECK(shown(where.province) == fields[3]);
    CHECK(shown(where.code) == fields[4]);
    ++cases;
  }
  CHECK(cases >= 25);
}

TEST_CASE("a malformed divisions.tsv is refused with its line", "[report][districts]") {
  const std::string words = "township\t街道|镇\ncounty\t区|县\ncity\t市\nprovince\t省|市\nvillage\t村|社区\n";
  auto parse = [&](std::string divisions) {
    report::GazetteerFiles files{std::move(divisions), "", "", words, ""};
    return report::Gazetteer::parse(std::move(files));
  };
  const std::string good = "310112001\t江川路街道\t闵行区\t上海市\t上海市\n";
  REQUIRE(parse("# units\n" + good));
  CHECK(parse(good).value().divisions().size() == 1);
  for (const auto& [rows, why] : std::vector<std::pair<std::string, std::string>>{
           {"3101120\t江川路街道\t闵行区\t上海市\t上海市\n",
            "divisions.tsv:1: code '3101120' is not 9 digits"},
           {good + good, "divisions.tsv:2: code 310112001 is not after the one above it"},
           {good + "310112002\t\t闵行区\t上海市\t上海市\n", "divisions.tsv:2: a name is empty"},
           {good + "310112002\t七宝镇\t松江区\t上海市\t上海市\n",
            "divisions.tsv:2: county 310112 is named both 闵行区 and 松江区"},
           {"310112001\t江川路街道\t闵行区\n", "divisions.tsv:1: expected 5 tab-separated fields, found 3"},
       }) {
    auto refused = parse(rows);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message == why);
  }
}

TEST_CASE("a malformed villages.tsv is refused with its line", "[report][districts]") {
  const std::string words = "township\t街道|镇\ncounty\t区|县\ncity\t市\nprovince\t省|市\nvillage\t村|社区\n";
  const std::string divisions = "310112001\t江川路街道\t闵行区\t上海市\t上海市\n";
  auto parse = [&](std::string villages) {
    report::GazetteerFiles files{divisions, "", "", words, std::move(villages)};
    return report::Gazetteer::parse(std::move(files));
  };
  REQUIRE(parse("# villages\n310112001\t红旗村|樱缘社区\n"));
  for (const auto& [rows, why] : std::vector<std::pair<std::string, std::string>>{
           {"310112009\t红旗村\n",
            "villages.tsv:1: no unit 310112009 in divisions.tsv; `make divisions` writes both files from one "
            "package"},
           {"310112001\t红旗村|樱缘小区\n",
            "villages.tsv:1: '樱缘小区' does not end with a village word of cues/places.tsv"},
           {"310112001\t红旗村|\n", "villages.tsv:1: '' does not end with a village word of cues/places.tsv"},
           {"310112001\n", "villages.tsv:1: expected 2 tab-separated fields, found 1"},
       }) {
    auto refused = parse(rows);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message == why);
  }
}

TEST_CASE("a name several units bear, left empty, lists them as candidates", "[report][districts]") {
  auto where =
      testing::resources().gazetteer.locate("荷花池街道2023年上半年工作总结。在区委、区政府的领导下");
  CHECK(where.district.empty());
  REQUIRE(where.candidates.size() == 2);
  CHECK(where.candidates[0] == "荷花池街道 (钟楼区, 常州市, 江苏省, 320404006)");
  CHECK(where.candidates[1] == "荷花池街道 (金牛区, 成都市, 四川省, 510106027)");
  CHECK(testing::resources().gazetteer.locate("江川路街道").candidates.empty());
}

TEST_CASE("frames as tests/cases/frames.tsv says", "[report][frames]") {
  for (const auto& line : testing::case_lines("frames.tsv")) {
    auto fields = split_tabs(line.text);
    REQUIRE(fields.size() == 5);
    INFO("frames.tsv:" << line.number);
    const std::string text = testing::unescape(fields[4]);
    auto frame = report::read_frame(text, extract::ClauseMarks(text), testing::resources().gazetteer,
                                    testing::resources().kinds, testing::resources().section_words);
    CHECK(frame.kind == fields[0]);
    CHECK(period_text(frame.review) == fields[1]);
    CHECK(period_text(frame.plan) == fields[2]);
    CHECK((frame.published ? iso_date(*frame.published) : "-") == fields[3]);
  }
}

TEST_CASE("report kinds and years as tests/cases/kinds.tsv says", "[report][kinds]") {
  int cases = 0;
  for (const auto& line : testing::case_lines("kinds.tsv")) {
    auto fields = split_tabs(line.text);
    REQUIRE(fields.size() == 6);
    INFO("kinds.tsv:" << line.number << ": " << fields[5]);
    const std::string text = testing::unescape(fields[5]);
    auto frame =
        report::read_frame(text, extract::ClauseMarks(text), testing::resources().gazetteer,
                           testing::resources().kinds, testing::resources().section_words, fields[4]);
    INFO("kind cue: " << frame.kind_cue << "; year from: " << frame.year_from);
    CHECK(frame.kind == fields[0]);
    CHECK(period_text(frame.review) == fields[1]);
    CHECK(period_text(frame.plan) == fields[2]);
    if (fields[3] == "-") {
      CHECK(frame.year == 0);
      CHECK(frame.year_from.empty());
    } else {
      CHECK(frame.year_from.rfind(fields[3], 0) == 0);
    }
    ++cases;
  }
  CHECK(cases >= 15);
}

TEST_CASE("a report with no year gives its facts no period", "[report][kinds]") {
  auto result =
      report::analyze("sichuanbeilu", "四川北路街道不断改善社区环境,三个居委会实现了达标,申报自治项目62个。",
                      testing::resources());
  REQUIRE(result);
  REQUIRE(!result.value().facts.empty());
  for (const Fact& f : result.value().facts) CHECK(f.period.empty());
  auto named = report::analyze("sichuanbeilu_2016", "四川北路街道申报自治项目62个。", testing::resources());
  REQUIRE(named);
  CHECK(period_text(named.value().facts.front().period) == "2016-01-01..2016-12-31");
}

TEST_CASE("reports.tsv says what the text does not, and refuses what it cannot use", "[report][overrides]") {
  const auto& r = testing::resources();
  auto table = report::OverrideTable::parse(
      "# file\tdistrict\tcounty\tperiod\tkind\tpublished\n"
      "sichuan.txt\t四川北路街道\t-\t2016\t-\t2016-04-09\n"
      "plan.html\t-\t-\t2020-2022\tyear plan\t-\n",
      "reports.tsv", r.kinds, r.gazetteer);
  REQUIRE(table);
  const report::ReportOverrides* sichuan = table.value().find("sichuan.txt");
  REQUIRE(sichuan != nullptr);
  CHECK(table.value().find("sichuan") == sichuan);  // by the report's id too
  CHECK(sichuan->county == "虹口区");               // from the gazetteer
  auto report = report::analyze("sichuan", "街道申报自治项目62个。", r, sichuan);
  REQUIRE(report);
  CHECK(report.value().frame.location.district == "四川北路街道");
  CHECK(report.value().frame.year_from == "reports.tsv");
  CHECK(period_text(report.value().facts.front().period) == "2016-01-01..2016-12-31");
  auto plan = report::analyze("plan", "街道申报自治项目62个。", r, table.value().find("plan.html"));
  REQUIRE(plan);
  CHECK(plan.value().facts.front().status == Status::kTarget);
  CHECK(period_text(plan.value().facts.front().period) == "2020-01-01..2022-12-31");
  for (const char* bad :
       {"a.txt\t-\t-\t2016年\t-\t-\n", "a.txt\t-\t-\t-\tmemo\t-\n", "a.txt\t-\t-\t-\t-\tsoon\n",
        "a.txt\t江川路街道\t虹口区\t-\t-\t-\n", "a.txt\t-\t-\t2016\t-\t-\na.txt\t-\t-\t2017\t-\t-\n",
        "dir/a.txt\t-\t-\t2016\t-\t-\n", "a.txt\t-\t2016\n"}) {
    INFO(bad);
    auto refused = report::OverrideTable::parse(bad, "reports.tsv", r.kinds, r.gazetteer);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message.rfind("reports.tsv:", 0) == 0);
  }
  // An upload's fields (issue 17): what would break the file's columns or rows, what is more than
  // a period or a date, and a district the gazetteer does not know unless a plain name.
  auto make = [&](std::string_view district, std::string_view period, std::string_view published) {
    return report::make_overrides("a.txt", district, "-", period, "-", published, r.kinds, r.gazetteer);
  };
  for (auto [district, period, published, why] : {
           std::tuple{"江川路街道\t2016", "-", "-", "control character"},
           std::tuple{"江川路街道\n003.txt", "-", "-", "control character"},
           std::tuple{"-", "-", "2018-01-01\tX", "control character"},
           std::tuple{"-", "2016 年", "-", "holds more than a period"},
           std::tuple{"-", "-", "2018-01-01 X", "holds more than a date"},
           std::tuple{"Springfield", "-", "-", "2 to 20 Chinese characters"},
           std::tuple{"高庄镇<script>", "-", "-", "2 to 20 Chinese characters"},
           std::tuple{"镇", "-", "-", "2 to 20 Chinese characters"},
           std::tuple{"一二三四五六七八九十一二三四五六七八九十一二", "-", "-", "longer than 64 bytes"},
       }) {
    INFO(district << " " << period << " " << published);
    auto refused = make(district, period, published);
    REQUIRE_FALSE(refused);
    CHECK_THAT(refused.error().message, Catch::Contains(why));
  }
  CHECK(make("青禾镇", "2021", "2021-03-02"));  // not in the gazetteer, but a plain name
  // A name five towns bear needs its county; given it, the unit is known.
  auto several = make("高庄镇", "2021", "-");
  REQUIRE_FALSE(several);
  CHECK_THAT(several.error().message,
             Catch::Contains("several counties") && Catch::Contains("give its county"));
  auto with_county =
      report::make_overrides("a.txt", "高庄镇", "沂水县", "2021", "-", "-", r.kinds, r.gazetteer);
  REQUIRE(with_county);
  CHECK(with_county.value().county == "沂水县");
  // A division code stands for the unit's name and county.
  auto by_code = report::make_overrides("a.txt", "371323112", "-", "2021", "-", "-", r.kinds, r.gazetteer);
  REQUIRE(by_code);
  CHECK(by_code.value().district == "高庄镇");
  CHECK(by_code.value().county == "沂水县");
  CHECK_FALSE(report::make_overrides("a.txt", "371323999", "-", "2021", "-", "-", r.kinds, r.gazetteer));
  auto elsewhere =
      report::make_overrides("a.txt", "高庄镇", "闵行区", "2021", "-", "-", r.kinds, r.gazetteer);
  REQUIRE_FALSE(elsewhere);
  CHECK_THAT(elsewhere.error().message, Catch::Contains("not in 闵行区"));
  CHECK(make("四川北路街道", "2019H1", "-"));
  CHECK(report::parse_period("2019H1") == report::first_half(2019));
  CHECK(report::parse_period("2018-01-01..2018-10-31") == Period{{2018, 1, 1}, {2018, 10, 31}});
  CHECK_FALSE(report::parse_period("2018-10-31..2018-01-01"));
}

TEST_CASE("calendar arithmetic", "[report][calendar]") {
  CHECK(report::last_day_of_month(2019, 2) == 28);
  CHECK(report::last_day_of_month(2020, 2) == 29);
  CHECK(period_text(*report::five_year_plan(13)) == "2016-01-01..2020-12-31");
  CHECK(period_text(*report::five_year_plan(14)) == "2021-01-01..2025-12-31");
  CHECK(report::parse_date("2019年11月9日") == CivilDate{2019, 11, 9});
  CHECK(report::parse_date("2023-03-31") == CivilDate{2023, 3, 31});
  CHECK(report::parse_date("2020/9/23 6:16") == CivilDate{2020, 9, 23});
  CHECK(report::parse_date("18.02.2016  12:16") == CivilDate{2016, 2, 18});
  CHECK(report::parse_date("2020.01.30") == CivilDate{2020, 1, 30});
  CHECK_FALSE(report::parse_date("12.5亿元"));
  CHECK_FALSE(report::parse_date("2023-02-30"));
  CHECK_FALSE(report::parse_date("2018年"));
  CHECK(report::period_label(report::years(2018, 2018)) == "2018");
  CHECK(report::period_label(report::years(2016, 2020)) == "2016-2020");
  CHECK(report::period_label(report::first_half(2019)) == "2019H1");
  CHECK(report::period_label(Period{{2019, 7, 1}, {2019, 12, 31}}) == "2019H2");
  CHECK(report::period_label(Period{{2020, 1, 1}, {2020, 10, 31}}) == "2020-01-01..2020-10-31");
}

TEST_CASE("a report that is not UTF-8 is refused with the byte offset", "[report]") {
  auto result = report::analyze("gbk", std::string("\xb6\xa8\xba\xa3", 4), testing::resources());
  REQUIRE_FALSE(result);
  CHECK(result.error().message.find("gbk: not valid UTF-8 at byte 0") == 0);
}
