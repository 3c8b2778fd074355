#include "base/file.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <sys/stat.h>

namespace jiedao {

Result<std::string> read_file(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    return Error{path + ": cannot read: " + std::strerror(errno)};
  }
  if (S_ISDIR(info.st_mode)) {
    return Error{path + ": is a directory, not a report file"};
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Error{path + ": cannot open: " + std::strerror(errno)};
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (in.bad()) {
    return Error{path + ": read failed: " + std::strerror(errno)};
  }
  return bytes.str();
}

}  // namespace jiedao
