// Reading whole files: the only place below the CLI that touches the disk.
//
// Extraction itself is pure (bytes in, facts out); this helper sits beside it
// so that loaders of data files and the CLI share one careful reader.
#pragma once

#include <cstdint>
#include <string>

#include "base/result.h"

namespace jiedao {

// Returns the file's bytes, or an error naming the path and the reason.
Result<std::string> read_file(const std::string& path);

// The bytes of a report file from a folder that others may write to: a regular file only,
// never read through a symbolic link (O_NOFOLLOW on the last component), never a file with a
// second hard link (whose other name may be any file of the file system), and never a FIFO,
// socket or device (opened O_NONBLOCK, so that a FIFO cannot hang the reader). At most
// `max_bytes`: a larger file is an error of kind kTooLarge that says how to raise the
// limit; a link or a special file is one of kind kUnsupported.
Result<std::string> read_regular_file(const std::string& path, uint64_t max_bytes);

// What lstat says of a path that must be a regular file (a link is not followed):
// its size and modification time in nanoseconds, or the error read_regular_file would give.
struct RegularFileStat {
  uint64_t size = 0;
  int64_t mtime_ns = 0;
};
Result<RegularFileStat> stat_regular_file(const std::string& path);

}  // namespace jiedao
