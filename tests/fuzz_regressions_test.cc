// Hostile inputs, and every input the fuzzers of fuzz/ found a bug with, through the code paths
// the fuzzers drive and with the invariants they check (fuzz/*.cc):
//   bytes → formats::decode_report → report::analyze, and report::analyze on the bytes themselves;
//   each reader alone (decode_text, html_to_text, pdf_to_text);
//   a request target → serve::parse_query, parse_whole_number (base/) and sanitize_report_name.
// A crash the fuzzers find is fixed in the code and its input added to a table here, with a
// comment that names the bug.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "base/whole_number.h"
#include "case_file.h"
#include "extract/extractor.h"
#include "formats/decode.h"
#include "formats/encoding.h"
#include "formats/html.h"
#include "formats/pdf.h"
#include "report/report.h"
#include "serve/api.h"
#include "serve/query.h"
#include "text/utf8.h"

using namespace jiedao;
using namespace std::string_literals;

namespace {

struct Input {
  const char* why;
  std::string bytes;
};

std::string repeat(std::string_view s, size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

bool boundary(std::string_view text, size_t at) {
  return at == text.size() || (static_cast<unsigned char>(text[at]) & 0xC0) != 0x80;
}

// fuzz/extract_fuzz.cc's check().
void check_analysis(std::string_view text) {
  auto report = report::analyze("fuzz", text, testing::resources());
  REQUIRE(report.ok() == !text::find_invalid_utf8(text).has_value());
  if (!report) {
    CHECK_FALSE(report.error().message.empty());
    return;
  }
  for (const Fact& f : report.value().facts) {
    INFO("fact [" << f.begin << ", " << f.end << ") of " << text.size() << " bytes, value " << f.value);
    REQUIRE(f.begin < f.end);
    REQUIRE(f.end <= text.size());
    CHECK(boundary(text, f.begin));
    CHECK(boundary(text, f.end));
    CHECK(std::isfinite(f.value));
    if (f.value_max) CHECK(std::isfinite(*f.value_max));
  }
}

// Every reader and the whole pipeline, as the fuzzers of the formats run them.
void run_report_paths(const std::string& bytes) {
  auto decoded = formats::decode_report(bytes);
  if (decoded) {
    CHECK_FALSE(text::find_invalid_utf8(decoded.value().text));
    check_analysis(decoded.value().text);
  } else {
    CHECK_FALSE(decoded.error().message.empty());
  }
  check_analysis(bytes);

  auto text = formats::decode_text(bytes);
  if (text) {
    CHECK_FALSE(text::find_invalid_utf8(text.value().text));
    if (text.value().encoding == "UTF-8") CHECK(text.value().text == bytes);
  } else {
    CHECK_FALSE(text.error().message.empty());
  }
  for (const char* encoding : {"GB18030", "BIG5-HKSCS", "UTF-16LE"}) {
    auto converted = formats::convert_to_utf8(bytes, encoding);
    if (converted) CHECK_FALSE(text::find_invalid_utf8(converted.value()));
  }

  (void)formats::declared_charset(bytes);
  auto html = formats::html_to_text(bytes);
  if (html) {
    CHECK(html.value().find_first_not_of(" \n") != std::string::npos);
    if (!text::find_invalid_utf8(bytes)) CHECK_FALSE(text::find_invalid_utf8(html.value()));
  }

  auto pdf = formats::pdf_to_text(bytes);
  if (pdf) CHECK_FALSE(text::find_invalid_utf8(pdf.value()));
}

}  // namespace

TEST_CASE("hostile report bytes are read or refused, never crash", "[fuzz]") {
  const std::vector<Input> inputs = {
      {"empty", ""},
      {"truncated UTF-8: the first byte of 亿 alone", "新增就业岗位3188个\xE4"s},
      {"truncated UTF-8: two bytes of 亿", "9999\xE4\xBA"s},
      {"a lone continuation byte", "\x80"s},
      {"an overlong slash", "\xC0\xAF"s},
      {"a UTF-16 surrogate in UTF-8", "\xED\xA0\x80"s},
      {"a huge number", "9999999999999999999999亿"},
      {"a huge number with a measure word", "新增就业岗位9999999999999999999999亿个"},
      {"a huge percentage", "完成率99999999999999999999999999999999999999%"},
      {"a huge range", "拆除违法搭建1-99999999999999999999999999999999999999999999亿处"},
      {"a long run of digits", repeat("9", 5000) + "平方米"},
      {"a long run of digits and a decimal point", "0." + repeat("0", 4000) + "1万平方米"},
      {"a long Chinese numeral", repeat("九", 2000) + "亿元"},
      {"numerals in a row", repeat("万", 3000) + "个"},
      {"a long line of quantities", repeat("新增3个,", 3000)},
      {"PDF magic alone", "%PDF-"},
      {"PDF magic and an end", "%PDF-1.4\n%%EOF\n"},
      {"PDF header then garbage",
       "%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer << /Root 1 0 R >>\n%%EOF"},
      {"<html> alone", "<html>"},
      {"an HTML page cut off after an attribute's '=' (found by fuzz/html_fuzz)",
       "<!DOCTYPE html>\n<html><head><meta http-equiv="},
      {"an HTML page with an empty body", "<!DOCTYPE html><html><body></body></html>"},
      {"HTML with a charset iconv does not know",
       "<html><head><meta charset=\"x-nonesuch\"></head><body>新增3个</body></html>"},
      {"HTML declaring GBK with invalid GBK", "<html><meta charset=gbk><body>\xFF\xFF\xFF</body></html>"s},
      {"NUL bytes", std::string(64, '\0')},
      {"NUL bytes within a report", "新增就业岗位3188个\0\0\0拆除违法搭建92处"s},
      {"UTF-16LE BOM alone", "\xFF\xFE"s},
      {"UTF-16BE BOM and an odd byte", "\xFE\xFF\x4E"s},
      {"UTF-16 by zero bytes, odd length", "a\0b\0c\0d\0e\0f\0g\0h\0i"s},
      {"a UTF-8 BOM and a number",
       "\xEF\xBB\xBF"
       "2018年新增就业岗位3188个"},
      {"GBK bytes", "\xD0\xC2\xD4\xF6\xBE\xCD\xD2\xB5\xB8\xDA\xCE\xBB 3188 \xB8\xF6"s},
      {"a period with nothing after it", "2018年度"},
      {"a year far out", "99999年新增3个"},
      {"a change with no base", "同比下降"},
      {"a change with a huge base", "同比(99999999999999999999999起)下降99999999999999%"},
  };
  for (const Input& input : inputs) {
    INFO(input.why);
    run_report_paths(input.bytes);
  }
}

TEST_CASE("hostile query strings are parsed or refused, never crash", "[fuzz][serve]") {
  const std::set<std::string> allowed = {"district", "format", "from", "indicator", "name", "to"};
  const std::vector<Input> targets = {
      {"no query", "/api/v1/series"},
      {"an empty query", "/api/v1/series?"},
      {"only separators", "/api/v1/series?&&&==&"},
      {"a truncated percent escape", "/api/v1/series?district=%E6%B1"},
      {"a lone percent", "/api/v1/series?district=%"},
      {"a percent-encoded NUL", "/api/v1/series?district=%00"},
      {"invalid UTF-8 in a name", "/api/v1/series?%FF=1"},
      {"a repeated name", "/api/v1/series?from=2018&from=2019"},
      {"a number too long", "/api/v1/series?from=9999999999999999999999"},
      {"a second question mark", "/api/v1/series?from=2018?to=2019"},
  };
  for (const Input& t : targets) {
    INFO(t.why);
    auto any = serve::parse_query(t.bytes);
    auto checked = serve::parse_query(t.bytes, allowed, "/api/v1/series");
    if (checked) {
      REQUIRE(any);
      CHECK(checked.value() == any.value());
    }
    for (const auto& [name, value] : serve::split_query(t.bytes)) {
      auto year = parse_whole_number(value, 1949, 2100);
      if (year) CHECK((year.value() >= 1949 && year.value() <= 2100));
      (void)serve::sanitize_report_name(value);
    }
  }
  CHECK_FALSE(serve::parse_query("/x?%FF=1"));
  CHECK(serve::parse_query("/x?%FF=1").error().message ==
        "parameter '?' is not valid UTF-8; percent-encode UTF-8 text");
  CHECK(serve::parse_query("/x?a=1&a=2").error().message == "parameter 'a' given more than once");
  CHECK(serve::parse_query("/x?year=1", {"format", "to"}, "/api/v1/series").error().message ==
        "unknown parameter 'year' for /api/v1/series; allowed: format, to");
  // Name order decides which fault is named first: 'a' (unknown) sorts before 'to' (repeated).
  CHECK(serve::parse_query("/x?to=1&to=2&a=1", {"format", "to"}, "/p").error().message ==
        "unknown parameter 'a' for /p; allowed: format, to");

  CHECK(parse_whole_number("2018", 1949, 2100).value() == 2018);
  CHECK(parse_whole_number("000000002018", 1949, 2100).value() == 2018);
  CHECK(parse_whole_number("999999999999", 0, 1000000000).error().message ==
        "a whole number from 0 to 1000000000, not '999999999999'");
  for (const char* bad : {"", "-1", "+5", " 5", "5 ", "1e3", "0x10", "9999999999999", "２０１８"}) {
    INFO(bad);
    CHECK_FALSE(parse_whole_number(bad, 0, 1000000000));
  }
}

TEST_CASE("hostile upload names never escape the reports folder", "[fuzz][serve]") {
  for (const std::string& raw :
       {"../x.txt"s, "..\\x.txt"s, "a/../b.txt"s, "a\\b.txt"s, ".hidden.txt"s, "..txt"s, "x..txt"s,
        "/etc/passwd"s, "a\0b.txt"s, "\xC0\xAE\xC0\xAE/x.txt"s, "\xE4\xBA"s, std::string(121, 'a'), "x.txt/"s,
        "曹路镇_2021.txt"s, "曹路镇_2021"s, "a.b.txt"s, "x.exe"s, "x."s}) {
    INFO(raw);
    auto name = serve::sanitize_report_name(raw);
    if (!name) continue;
    const std::string& n = name.value();
    CHECK_FALSE(n.empty());
    CHECK(n.front() != '.');
    CHECK(n.find('/') == std::string::npos);
    CHECK(n.find('\\') == std::string::npos);
    CHECK(n.find("..") == std::string::npos);
    CHECK(n.find('\0') == std::string::npos);
    CHECK(n.size() <= 120);
    CHECK_FALSE(text::find_invalid_utf8(n));
  }
}

// Bug (fuzz/extract_fuzz, and the "long run of digits" input above): a number of hundreds of digits
// overflowed the double it is read into, and became a fact of value inf (JSON null in the API, +Inf
// in the metrics). Such a number is now a non-fact, named by --explain.
TEST_CASE("a number too large for a double is not a fact", "[fuzz][extract]") {
  const auto& r = testing::resources();
  const extract::Vocabulary vocabulary{r.units,         r.catalogue,    r.names,
                                       r.subject_words, r.change_words, r.qualifier_words};
  for (const std::string& text :
       {"拆除违法搭建" + repeat("9", 400) + "平方米", "新增" + repeat("9", 305) + "亿元",
        "新增" + repeat("9", 320) + "个", "新增一" + repeat("亿", 40) + "个",
        "拆除违法搭建1-" + repeat("9", 400) + "处"}) {
    INFO(text.substr(0, 40));
    CHECK(extract::extract_facts(text, vocabulary).empty());
    const auto rejected = extract::rejected_quantities(text, vocabulary);
    REQUIRE(rejected.size() == 1);
    CHECK(rejected[0].reason == "a number too large to be a quantity");
  }
  // A large number that a double holds is still a fact.
  auto facts = extract::extract_facts("新增9999999999999999999999亿元", vocabulary);
  REQUIRE(facts.size() == 1);
  CHECK(facts[0].value == Approx(9999999999999999999999e8));
}

// Bug (hostile HTML, as fuzz/html_fuzz feeds it): gumbo recorded every parse error with a copy of
// its whole stack of open elements, so a page of unclosed elements cost memory and time quadratic
// in its size: 50,000 <b> (150 KB) took 15 GB and minutes, 200,000 <div> did not finish. Parse
// errors are no longer recorded, a page nesting deeper than kMaxHtmlNesting is refused before it is
// parsed, and the tree is walked without recursion.
TEST_CASE("deeply nested HTML is refused quickly, or read without recursion", "[fuzz][formats]") {
  for (const std::string& page : {"<html><body>" + repeat("<b>", 50000) + "新增3个",
                                  "<html><body>" + repeat("<div>", 200000) + "新增3个",
                                  "<html><body>" + repeat("<article>x", 20000) + "新增3个",
                                  "<html><body>" + repeat("<span><div></span>", 20000) + "新增3个"}) {
    INFO(page.substr(0, 40));
    CHECK(formats::nesting_estimate(page) > formats::kMaxHtmlNesting);
    auto text = formats::html_to_text(page);
    REQUIRE_FALSE(text);
    CHECK_THAT(text.error().message, Catch::Contains("nests its elements"));
    CHECK_FALSE(formats::decode_report(page));
  }
  // Unclosed <font> in paragraphs and lists: the estimate is low, but the parser reopens the font
  // in every list item and nests the tree 3,000 deep. Such pages are real; they are read.
  const std::string font =
      "<p class=MsoNormal><font color=red>第段<span lang=EN-US>新增3个<br><ul><li>a<li>b<li>c</ul>"
      "<select><option>1<option>2</select><svg><path d=\"M0\"/><g><rect/></g></svg>";
  const std::string sloppy = "<html><body>" + repeat(font, 3000) + "</body></html>";
  CHECK(formats::nesting_estimate(sloppy) < 20);
  auto text = formats::html_to_text(sloppy);
  REQUIRE(text);
  CHECK(text.value().find("新增3个") != std::string::npos);
  // Nested content elements: each one's length is counted once, not once per ancestor.
  const std::string nested = "<html><body>" + repeat("<article>新增3个", 900) + "</body></html>";
  REQUIRE(formats::html_to_text(nested));
}

TEST_CASE("the nesting estimate closes elements as an HTML parser does", "[fuzz][formats]") {
  CHECK(formats::nesting_estimate("") == 0);
  // Bug found by fuzz/html_fuzz in the estimate itself: a tag that ends in '=' at the end of the
  // page (a truncated download) read one byte past it.
  for (const char* truncated :
       {"<meta http-equiv=", "<a href= ", "<a href=\"", "<a href='x", "<a", "</a", "<", "<!--"}) {
    INFO(truncated);
    // In a buffer of its exact size, as libFuzzer gives it, so that ASan sees a read past the end.
    const std::vector<char> bytes(truncated, truncated + std::strlen(truncated));
    const std::string_view page(bytes.data(), bytes.size());
    CHECK(formats::nesting_estimate(page) <= 1);
    (void)formats::html_to_text(page);
  }
  CHECK(formats::nesting_estimate("<html><body><div><p>a<p>b<p>c</div></body></html>") == 4);
  CHECK(formats::nesting_estimate("<ul><li>a<li>b<li>c</ul>") == 2);
  CHECK(formats::nesting_estimate("<table><tr><td>1<td>2<tr><td>3</table><table><tr><td>4</table>") == 3);
  CHECK(formats::nesting_estimate("<div><br><img src=x><input/><hr></div>") == 1);
  CHECK(formats::nesting_estimate("<!-- <div><div> --><div></div>") == 1);
  CHECK(formats::nesting_estimate("<script>var s = '<div><div><div>';</script><div>") == 1);
  CHECK(formats::nesting_estimate("<div title='a>b'><span>") == 2);
  CHECK(formats::nesting_estimate(repeat("<div>", 10) + repeat("</div>", 10) + "<div>") == 10);
  // An end tag of an inline element does not close past a block, as in the parser.
  CHECK(formats::nesting_estimate(repeat("<span><div></span>", 10)) == 20);
}
