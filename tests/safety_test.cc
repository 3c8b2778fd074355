// What keeps hostile input harmless below the HTTP layer: CSV fields, report files that are not
// regular files or are too large, and the status an upload's error kind gives.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <random>

#include "base/csv.h"
#include "base/file.h"
#include "case_file.h"
#include "ingest/ingester.h"
#include "report/resources.h"
#include "serve/answer.h"
#include "serve/request_framing.h"
#include "serve/upload.h"
#include "store/store.h"
#include "temp_dir.h"

using namespace jiedao;
namespace fs = std::filesystem;

namespace {

// A folder of its own for each test, removed with it.
struct TempDir : testing::TempDir {
  TempDir() : testing::TempDir("safety") {}
};
using testing::write;

const std::string kReport =
    "浦东新区曹路镇2021年工作总结\n\n2021年,全镇新增就业岗位1234个,拆除违法建筑56处。\n";

}  // namespace

TEST_CASE("csv: fields a spreadsheet would run get a leading ', then RFC 4180 quoting", "[csv]") {
  struct Case {
    const char* text;
    const char* field;
  };
  const Case cases[] = {
      {"", ""},
      {"新增就业岗位3188个", "新增就业岗位3188个"},
      {"=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\""},
      {"+1", "'+1"},
      {"-36.7", "'-36.7"},  // text that looks like a number is still text here; numbers bypass csv_field
      {"@SUM(A1)", "'@SUM(A1)"},
      {"\t=1", "'\t=1"},
      {"\r=1", "\"'\r=1\""},
      {"a,b", "\"a,b\""},
      {"a\"b", "\"a\"\"b\""},
      {"x=1", "x=1"},
      {" =1", " =1"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    CHECK(csv_field(c.text) == c.field);
  }
}

TEST_CASE("read_regular_file: links, FIFOs and devices are refused, and files over the limit", "[file]") {
  TempDir dir;
  const fs::path regular = dir.path / "report.txt";
  write(regular, kReport);
  fs::create_symlink(regular, dir.path / "link.txt");
  fs::create_symlink("/etc/passwd", dir.path / "passwd.txt");
  REQUIRE(::mkfifo((dir.path / "fifo.txt").c_str(), 0644) == 0);
  const fs::path secret = dir.path / "token";
  write(secret, "a secret token\n");
  fs::create_hard_link(secret, dir.path / "token.txt");
  struct Case {
    fs::path path;
    uint64_t max_bytes;
    bool ok;
    ErrorKind kind;
    const char* message;
  };
  const Case cases[] = {
      {regular, 1024, true, ErrorKind::kInvalid, ""},
      {regular, 10, false, ErrorKind::kTooLarge, "over the limit"},
      {dir.path / "link.txt", 1024, false, ErrorKind::kUnsupported, "a symbolic link, not read"},
      {dir.path / "passwd.txt", 1 << 20, false, ErrorKind::kUnsupported, "a symbolic link, not read"},
      {dir.path / "fifo.txt", 1024, false, ErrorKind::kUnsupported, "a FIFO, not read"},  // and no hang
      {dir.path / "token.txt", 1024, false, ErrorKind::kUnsupported, "one of 2 hard links"},
      {secret, 1024, false, ErrorKind::kUnsupported, "one of 2 hard links"},
      {"/dev/null", 1024, false, ErrorKind::kUnsupported, "a device, not read"},
      {dir.path / "missing.txt", 1024, false, ErrorKind::kNotFound, "cannot read"},
  };
  for (const Case& c : cases) {
    INFO(c.path.string());
    auto read = read_regular_file(c.path.string(), c.max_bytes);
    CHECK(read.ok() == c.ok);
    if (c.ok) {
      CHECK(read.value() == kReport);
      CHECK(stat_regular_file(c.path.string()));
    } else {
      CHECK(read.error().kind == c.kind);
      CHECK_THAT(read.error().message, Catch::Contains(c.message) && Catch::Contains(c.path.string()));
      if (c.kind == ErrorKind::kUnsupported) CHECK_FALSE(stat_regular_file(c.path.string()));
    }
  }
}

TEST_CASE("ingest: links and FIFOs in the folder are skipped, and a report whose file became a link goes",
          "[ingest]") {
  TempDir dir;
  const fs::path reports = dir.path / "reports";
  fs::create_directories(reports);
  auto resources = report::load_resources(std::string(JIEDAO_SOURCE_DIR) + "/data");
  REQUIRE(resources);
  auto store = store::Store::open((dir.path / "jiedao.db").string());
  REQUIRE(store);
  ingest::Ingester ingester(store.value(), resources.value(), "test");
  write(reports / "caolu.txt", kReport);
  write(dir.path / "outside.txt", kReport);
  fs::create_symlink(dir.path / "outside.txt", reports / "linked.txt");
  REQUIRE(::mkfifo((reports / "fifo.txt").c_str(), 0644) == 0);

  ingest::Summary first = ingester.sync(reports.string());
  CHECK(first.added == 1);
  CHECK(first.failed == 0);
  CHECK(first.skipped == 2);
  CHECK(first.skips.size() == 2);
  CHECK_THAT(first.line(), Catch::Contains(", 2 skipped"));
  CHECK_FALSE(store.value().report("linked").value());

  // The report's file replaced by a link to elsewhere: the link is not read, the report goes.
  fs::remove(reports / "caolu.txt");
  fs::create_symlink(dir.path / "outside.txt", reports / "caolu.txt");
  ingest::Summary second = ingester.sync(reports.string());
  CHECK(second.removed == 1);
  CHECK(second.skipped == 3);
  CHECK_FALSE(store.value().report("caolu").value());

  ingester.set_max_report_bytes(16);
  write(reports / "big.txt", kReport);
  ingest::Summary third = ingester.sync(reports.string());
  CHECK(third.added == 0);
  CHECK(third.skipped == 4);
}

TEST_CASE("an error's kind gives the answer's status, and only the server's faults are hidden", "[serve]") {
  const std::pair<ErrorKind, int> cases[] = {{ErrorKind::kConflict, 409},    {ErrorKind::kTooLarge, 413},
                                             {ErrorKind::kUnsupported, 415}, {ErrorKind::kInvalid, 422},
                                             {ErrorKind::kNotFound, 404},    {ErrorKind::kIO, 500},
                                             {ErrorKind::kCorrupt, 500},     {ErrorKind::kUnavailable, 503}};
  for (const auto& [kind, status] : cases) {
    CHECK(serve::http_status(kind) == status);
    CHECK(is_server_fault(kind) == (status >= 500));
    httplib::Response res;
    std::string logged;
    serve::send_failure(res, Error{"/srv/jiedao/jiedao.db: disk I/O error", kind},
                        [&](const std::string& m) { logged = m; });
    CHECK(res.status == status);
    CHECK(res.get_header_value("Cache-Control") == "no-cache");
    // A server path reaches the log, never the client.
    CHECK((res.body.find("/srv/jiedao") == std::string::npos) == (status >= 500));
    CHECK(logged.empty() == (status < 500));
    CHECK(res.has_header("Retry-After") == (status == 503));
  }
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
