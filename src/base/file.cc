#include "base/file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

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
  // Read in blocks into a string sized from the file's length: a stream copied through
  // an ostringstream cost a start a few milliseconds per megabyte of data file.
  std::string bytes;
  if (S_ISREG(info.st_mode)) bytes.reserve(static_cast<size_t>(info.st_size));
  char block[1 << 16];
  while (in.read(block, sizeof block) || in.gcount() > 0)
    bytes.append(block, static_cast<size_t>(in.gcount()));
  if (in.bad()) {
    return Error{path + ": read failed: " + std::strerror(errno)};
  }
  return bytes;
}

namespace {

Error not_regular(const std::string& path, mode_t mode) {
  const char* what = S_ISLNK(mode)                    ? "a symbolic link"
                     : S_ISDIR(mode)                  ? "a directory"
                     : S_ISFIFO(mode)                 ? "a FIFO"
                     : S_ISSOCK(mode)                 ? "a socket"
                     : S_ISCHR(mode) || S_ISBLK(mode) ? "a device"
                                                      : "not a regular file";
  return Error{path + ": " + what + ", not read (only regular files are read as reports; copy the file in)",
               ErrorKind::kUnsupported};
}

// A hard link is a regular file, but its other name may be anywhere on the same file system:
// a link to a token or a key would serve that file as a report.
Error hard_linked(const std::string& path, nlink_t links) {
  return Error{
      path + ": one of " + std::to_string(links) +
          " hard links to the same file, not read (a report's file must have one name; copy the file in)",
      ErrorKind::kUnsupported};
}

Error too_large(const std::string& path, uint64_t size, uint64_t max_bytes) {
  return Error{path + ": " + std::to_string(size / (1024 * 1024)) + " MB, over the limit of " +
                   std::to_string(max_bytes / (1024 * 1024)) +
                   " MB for a report, not read (raise it with --max-report-mb)",
               ErrorKind::kTooLarge};
}

// A file that is not there is kNotFound; one that cannot be opened (permissions, descriptors) kIO.
Error cannot_read(const std::string& path, int error) {
  return Error{path + ": cannot read: " + std::strerror(error),
               error == ENOENT || error == ENOTDIR ? ErrorKind::kNotFound : ErrorKind::kIO};
}

}  // namespace

Result<RegularFileStat> stat_regular_file(const std::string& path) {
  struct stat info {};
  if (::lstat(path.c_str(), &info) != 0) return cannot_read(path, errno);
  if (!S_ISREG(info.st_mode)) return not_regular(path, info.st_mode);
  if (info.st_nlink > 1) return hard_linked(path, info.st_nlink);
  return RegularFileStat{static_cast<uint64_t>(info.st_size),
                         static_cast<int64_t>(info.st_mtim.tv_sec) * 1000000000 + info.st_mtim.tv_nsec};
}

Result<std::string> read_secret_file(const std::string& path) {
  auto bytes = read_file(path);
  if (!bytes) return bytes.error();
  std::string secret = std::move(bytes).value();
  const auto space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  while (!secret.empty() && space(secret.back())) secret.pop_back();
  secret.erase(secret.begin(), std::find_if_not(secret.begin(), secret.end(), space));
  return secret;
}

Result<std::string> read_regular_file(const std::string& path, uint64_t max_bytes) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    const int error = errno;
    struct stat info {};
    if (error == ELOOP && ::lstat(path.c_str(), &info) == 0) return not_regular(path, info.st_mode);
    return cannot_read(path, error);
  }
  struct stat info {};
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    const mode_t mode = info.st_mode;
    ::close(fd);
    return not_regular(path, mode);
  }
  if (info.st_nlink > 1) {
    ::close(fd);
    return hard_linked(path, info.st_nlink);
  }
  if (static_cast<uint64_t>(info.st_size) > max_bytes) {
    ::close(fd);
    return too_large(path, static_cast<uint64_t>(info.st_size), max_bytes);
  }
  std::string bytes;
  bytes.resize(static_cast<size_t>(info.st_size));
  size_t got = 0;
  // A file that grows while it is read is read up to the limit and one byte more, to tell.
  while (true) {
    if (got == bytes.size()) {
      if (bytes.size() > max_bytes) break;
      bytes.resize(std::min<uint64_t>(max_bytes + 1, bytes.size() + 65536));
    }
    const ssize_t n = ::read(fd, bytes.data() + got, bytes.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const std::string reason = std::strerror(errno);
      ::close(fd);
      return Error{path + ": read failed: " + reason, ErrorKind::kIO};
    }
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  ::close(fd);
  if (got > max_bytes) return too_large(path, got, max_bytes);
  bytes.resize(got);
  return bytes;
}

void fsync_dir(const std::string& dir) {
  const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
}

Result<Done> write_atomically(const std::string& dir, const std::string& name, const std::string& bytes,
                              const std::string& temp_name, const std::string& backup_name,
                              std::string* backup) {
  const std::string temp = (std::filesystem::path(dir) / temp_name).string();
  const std::string target = (std::filesystem::path(dir) / name).string();
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return Error{temp + ": cannot create: " + std::strerror(errno), ErrorKind::kIO};
  size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const std::string reason = std::strerror(errno);
      ::close(fd);
      ::unlink(temp.c_str());
      return Error{temp + ": cannot write: " + reason, ErrorKind::kIO};
    }
    written += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    ::unlink(temp.c_str());
    return Error{temp + ": cannot flush to disk: " + std::strerror(errno), ErrorKind::kIO};
  }
  if (backup != nullptr) {
    *backup = (std::filesystem::path(dir) / backup_name).string();
    if (::link(target.c_str(), backup->c_str()) != 0) backup->clear();
  }
  if (::rename(temp.c_str(), target.c_str()) != 0) {
    const std::string reason = std::strerror(errno);
    ::unlink(temp.c_str());
    if (backup != nullptr && !backup->empty()) ::unlink(backup->c_str());
    return Error{target + ": cannot rename into place: " + reason, ErrorKind::kIO};
  }
  fsync_dir(dir);
  return Done{};
}

}  // namespace jiedao
