// The names an upload may give its report (serve::sanitize_report_name, serve/api.h, checked by
// serve/upload.cc before a body is read).
#include <catch2/catch.hpp>
#include <string>

#include "serve/api.h"

using namespace jiedao;

TEST_CASE("upload names are sanitised", "[serve]") {
  CHECK(serve::sanitize_report_name("曹路镇_2021").value() == "曹路镇_2021");
  CHECK(serve::sanitize_report_name("report.pdf").value() == "report.pdf");
  CHECK_FALSE(serve::sanitize_report_name("report.exe"));
  CHECK(serve::sanitize_report_name("report-2019.txt").value() == "report-2019.txt");
  for (const char* bad : {"", "../x", "a/b.txt", ".hidden", "..", "a\\b", "a b", "x\n.txt", "/etc/passwd"}) {
    INFO(bad);
    CHECK_FALSE(serve::sanitize_report_name(bad));
  }
  CHECK_FALSE(serve::sanitize_report_name(std::string(200, 'a')));
}

TEST_CASE("upload names: Chinese characters are the only ones past ASCII", "[serve]") {
  for (const char* ok : {"曹路镇_2021.txt", "report-1.html", "㐀镇.txt", "noext"})
    CHECK(serve::sanitize_report_name(ok));
  // U+202E (right-to-left override), U+200B (zero width space), 镇 then a combining acute
  // (a name in NFD), a full-width letter, a space.
  for (const char* bad : {"a\u202Etxt.html", "曹路\u200B镇.txt", "e\u0301.txt", "ａ.txt", "a b.txt"}) {
    INFO(bad);
    CHECK_FALSE(serve::sanitize_report_name(bad));
  }
}
