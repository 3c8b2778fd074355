// The text layer: UTF-8, numerals, the unit lexicon and the data-file reader.
#include <catch2/catch.hpp>

#include "case_file.h"
#include "text/numeral.h"
#include "text/tsv.h"
#include "text/units.h"
#include "text/utf8.h"

using namespace jiedao;

TEST_CASE("numerals are read as tests/cases/numerals.tsv says", "[text][numeral]") {
  for (const auto& line : testing::case_lines("numerals.tsv")) {
    auto tab = line.text.find('\t');
    REQUIRE(tab != std::string::npos);
    const std::string input = line.text.substr(0, tab), expected = line.text.substr(tab + 1);
    INFO("numerals.tsv:" << line.number << ": " << input);
    auto value = text::parse_numeral(input);
    if (expected == "-") {
      CHECK_FALSE(value.has_value());
    } else {
      REQUIRE(value.has_value());
      // Exactly the double nearest to the decimal value: one rounding (text/decimal.h).
      CHECK(*value == std::stod(expected));
    }
  }
}

TEST_CASE("a decimal is rounded once, after its unit's factor", "[text][numeral]") {
  auto read = [](const char* written) {
    auto n = text::read_numeral(written, 0);
    REQUIRE(n);
    return n->decimal;
  };
  // What summing digit × 0.1 in binary got wrong, and multiplying doubles gets wrong.
  CHECK(read("9.64亿").value() == 964000000);
  CHECK(read("0.55亿").value() == 55000000);
  CHECK(read("0.07").times(100, 1) == 7);  // 0.07 × 100 in doubles is 7.000000000000001
  CHECK(read("36.7").times(1, 100) == 0.367);
  CHECK(read("15").times(10000, 15) == 10000);  // 15亩 in m2
  CHECK(read("1.5").times(10000, 15) == 1000);
  CHECK(read("3").times(1, 2) == 1.5);
  text::Decimal negative = read("6.2");
  negative.negate();
  CHECK(negative.value() == -6.2);
  // More than 18 digits: the nearest double still, read in binary.
  CHECK(read("1234567890123456789012").value() == Approx(1.234567890123456789012e21));
  CHECK(read("0").value() == 0);
}

TEST_CASE("unit factors are exact ratios", "[text][numeral]") {
  struct Case {
    const char* text;
    bool ok;
    int64_t numerator, denominator;
  };
  for (const Case& c :
       {Case{"10000/15", true, 2000, 3}, Case{"0.001", true, 1, 1000}, Case{"1/2", true, 1, 2},
        Case{"50", true, 50, 1}, Case{"2.5/0.5", true, 5, 1}, Case{"10000/150", true, 200, 3},
        Case{"0", false, 0, 0}, Case{"1/0", false, 0, 0}, Case{"-1", false, 0, 0}, Case{"abc", false, 0, 0},
        Case{"1.2.3", false, 0, 0}, Case{"", false, 0, 0}, Case{"1/", false, 0, 0},
        Case{"99999999999999999999", false, 0, 0}}) {
    INFO(c.text);
    int64_t numerator = 0, denominator = 0;
    const std::string_view s(c.text);
    CHECK(text::parse_ratio(s.data(), s.data() + s.size(), numerator, denominator) == c.ok);
    if (c.ok) CHECK((numerator == c.numerator && denominator == c.denominator));
  }
}

TEST_CASE("a numeral says how it was written", "[text][numeral]") {
  auto one = text::read_numeral("一批", 0);
  REQUIRE(one);
  CHECK(one->lone_one);
  auto two = text::read_numeral("二期", 0);
  REQUIRE(two);
  CHECK(two->lone_two);
  auto twelve = text::read_numeral("十二个", 0);
  REQUIRE(twelve);
  CHECK_FALSE(twelve->lone_two);
  CHECK(twelve->end == 6);
  auto year = text::read_numeral("二〇一九年", 0);
  REQUIRE(year);
  CHECK(year->form == text::NumeralForm::kChineseDigits);
  auto decimal = text::read_numeral("3.61万平方米", 0);
  REQUIRE(decimal);
  CHECK(decimal->value == Approx(36100));
  CHECK(decimal->plain_value == Approx(3.61));
  CHECK(decimal->end == 7);
  // A clause comma after a number is not a thousands separator.
  auto clause = text::read_numeral("4039条,整改率", 0);
  REQUIRE(clause);
  CHECK(clause->value == 4039);
}

TEST_CASE("invalid UTF-8 is found at its byte offset", "[text][utf8]") {
  CHECK_FALSE(text::find_invalid_utf8("江川路街道 3188个").has_value());
  CHECK(text::find_invalid_utf8(std::string("ab\xff", 3)) == 2u);
  CHECK(text::find_invalid_utf8(std::string("\xe6\xb1", 2)) == 0u);          // truncated
  CHECK(text::find_invalid_utf8(std::string("x\xc0\xaf", 3)) == 1u);         // overlong
  CHECK(text::find_invalid_utf8(std::string("\xed\xa0\x80", 3)) == 0u);      // surrogate
  CHECK(text::find_invalid_utf8(std::string("\xd6\xd0\xce\xc4", 4)) == 0u);  // GBK bytes
}

TEST_CASE("a malformed data file is refused with its line", "[text][tsv]") {
  auto rows = parse_tsv("# header\na\tb\nc d\n", "x.tsv", 2);
  REQUIRE_FALSE(rows);
  CHECK(rows.error().message == "x.tsv:3: expected 2 tab-separated fields, found 1");
  auto bad = parse_tsv(std::string("a\t\xff\n", 4), "y.tsv", 2);
  REQUIRE_FALSE(bad);
  CHECK(bad.error().message.find("y.tsv: not valid UTF-8 at byte 2") == 0);
}

TEST_CASE("rows are read as views, and the visitor's first error ends the reading", "[text][tsv]") {
  std::vector<std::pair<int, std::string>> seen;
  auto read = for_each_tsv_row("# header\na\tb\n\nc\td\r\ne\tf\n", "x.tsv", 2,
                               [&](int line, const std::vector<std::string_view>& f) -> Result<Done> {
                                 seen.emplace_back(line, std::string(f[0]) + "|" + std::string(f[1]));
                                 if (f[0] == "c") return Error{row_place("x.tsv", line) + "no c"};
                                 return Done{};
                               });
  REQUIRE_FALSE(read);
  CHECK(read.error().message == "x.tsv:4: no c");
  CHECK(seen == std::vector<std::pair<int, std::string>>{{2, "a|b"}, {4, "c|d"}});
}

TEST_CASE("the unit lexicon refuses what it cannot use", "[text][units]") {
  CHECK_FALSE(text::UnitLexicon::parse("个\tpieces\t1\t-\titems\n", "u.tsv"));
  CHECK_FALSE(text::UnitLexicon::parse("个\tcount\tzero\t-\titems\n", "u.tsv"));
  CHECK_FALSE(text::UnitLexicon::parse("个\tcount\t1\tloud\titems\n", "u.tsv"));
  CHECK_FALSE(text::UnitLexicon::parse("个\tcount\t1\t-\titems\n个\tcount\t1\t-\titems\n", "u.tsv"));
  CHECK_FALSE(text::UnitLexicon::parse("个\tcount\t1\t-\t-\n", "u.tsv"));          // a count needs its class
  CHECK_FALSE(text::UnitLexicon::parse("亩\tm2\t10000/15\t-\titems\n", "u.tsv"));  // only a count has one
  CHECK_FALSE(text::UnitLexicon::parse("户\tcount\t1\t-\tHouseholds\n", "u.tsv"));
  auto ok = text::UnitLexicon::parse(
      "亩\tm2\t10000/15\t-\t-\n个\tcount\t1\t-\titems\n户\tcount\t1\t-\thouseholds\n"
      "个百分点\tpercent\t1\tchange\t-\n",
      "u.tsv");
  REQUIRE(ok);
  const auto* mu = ok.value().match("亩", 0, true);
  REQUIRE(mu);
  CHECK(mu->factor == Approx(10000.0 / 15));
  const auto* points = ok.value().match("个百分点", 0, true);
  REQUIRE(points);
  CHECK(points->change);
  CHECK(ok.value().match("户", 0, true)->counts == "households");
  CHECK(ok.value().class_label("households") == "户 households");
}

TEST_CASE("three-byte characters are checked like any others", "[text][utf8]") {
  CHECK_FALSE(text::find_invalid_utf8("\xe0\xa0\x80 \xed\x9f\xbf \xef\xbf\xbf")
                  .has_value());                                           // U+0800, U+D7FF, U+FFFF
  CHECK(text::find_invalid_utf8(std::string("江\xe0\x9f\xbf", 6)) == 3u);  // overlong U+07FF
  CHECK(text::find_invalid_utf8(std::string("江\xed\xbf\xbf", 6)) == 3u);  // surrogate U+DFFF
  CHECK(text::find_invalid_utf8(std::string("江\xe6\xb1x", 6)) == 3u);     // a continuation byte missing
  CHECK(text::find_invalid_utf8(std::string("abcdefghijklmno\xff", 16)) == 15u);  // after a run of ASCII
}

TEST_CASE("find_word finds what string_view::find finds", "[text][utf8]") {
  const std::string_view text = "2018年度新增就业岗位3188个，2019年新增年年";
  for (std::string_view word :
       {"年", "新增", "年年", "3188个", "江川", "", "2018年度新增就业岗位3188个，2019年新增年年x"}) {
    for (size_t from = 0; from <= text.size() + 1; ++from) {
      INFO(word << " from " << from);
      CHECK(text::find_word(text, word, from) == text.find(word, from));
    }
  }
}

TEST_CASE("starts_numeral says where read_numeral can read", "[text][numeral]") {
  for (char32_t c = 0; c < 0x10000; ++c) {
    const bool starts = text::digit_value(c) >= 0 || text::chinese_digit_value(c) >= 0 ||
                        text::chinese_multiplier_value(c) > 0;
    if (text::starts_numeral(c) != starts) FAIL("U+" << std::hex << static_cast<uint32_t>(c));
  }
}
