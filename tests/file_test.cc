// Reading report files from a folder others may write to (base/file.h): links, FIFOs, devices
// and files over the limit are refused.
#include "base/file.h"

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "temp_dir.h"

using namespace jiedao;
namespace fs = std::filesystem;

namespace {

// A folder of its own for each test, removed with it.
struct TempDir : testing::TempDir {
  TempDir() : testing::TempDir("file") {}
};
using testing::write;

const std::string kReport =
    "浦东新区曹路镇2021年工作总结\n\n2021年,全镇新增就业岗位1234个,拆除违法建筑56处。\n";

}  // namespace

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
