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

// A secret kept in a file (a token, a password): its bytes without the white space around them,
// such as the line end an editor adds. Callers say how long it must be.
Result<std::string> read_secret_file(const std::string& path);

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

// Flushes a folder's entries (a rename into it, a removal) to disk; best effort.
void fsync_dir(const std::string& dir);

// Writes `bytes` to dir/name through dir/temp_name, fsync and rename: a reader sees the old
// file or the whole new one, never a part, and after a crash one of the two. A file it
// replaces is kept as dir/backup_name (a hard link) when `backup` is given, and *backup names
// it ("" when there was none), so that the caller can put it back. Errors are kIO.
Result<Done> write_atomically(const std::string& dir, const std::string& name, const std::string& bytes,
                              const std::string& temp_name, const std::string& backup_name = "",
                              std::string* backup = nullptr);

}  // namespace jiedao
