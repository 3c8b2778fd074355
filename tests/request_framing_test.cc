// A request's header block framed as RFC 9112 says (serve/request_framing.h), as the cases of
// tests/cases/framing.tsv give it.
#include "serve/request_framing.h"

#include <catch2/catch.hpp>
#include <string>

#include "case_file.h"

using namespace jiedao;

TEST_CASE("framing: header blocks as tests/cases/framing.tsv says", "[serve][framing]") {
  for (const auto& line : testing::case_lines("framing.tsv")) {
    const size_t tab = line.text.find('\t');
    REQUIRE(tab != std::string::npos);
    const int want = std::stoi(line.text.substr(0, tab));
    std::string head = line.text.substr(tab + 1);
    for (size_t at = head.find("\\r\\n"); at != std::string::npos; at = head.find("\\r\\n", at + 2))
      head.replace(at, 4, "\r\n");
    INFO("framing.tsv:" << line.number << ": " << line.text);
    const auto error = serve::check_framing(head);
    CHECK((error ? error->status : 0) == want);
    if (error) CHECK(!error->message.empty());
  }
  // What a text file cannot hold: controls in a value, and a target over 8 KB.
  CHECK(serve::check_framing(std::string("GET / HTTP/1.1\r\nX: a\x01"
                                         "b",
                                         22))
            ->status == 400);
  CHECK(serve::check_framing(std::string("GET / HTTP/1.1\r\nX: a\0b", 22))->status == 400);
  CHECK(serve::check_framing("GET /" + std::string(8192, 'a') + " HTTP/1.1")->status == 414);
  CHECK_FALSE(serve::check_framing("GET /" + std::string(8000, 'a') + " HTTP/1.1"));
}
