// Reading whole files: the only place below the CLI that touches the disk.
//
// Extraction itself is pure (bytes in, facts out); this helper sits beside it
// so that loaders of data files and the CLI share one careful reader.
#pragma once

#include <string>

#include "base/result.h"

namespace jiedao {

// Returns the file's bytes, or an error naming the path and the reason.
Result<std::string> read_file(const std::string& path);

}  // namespace jiedao
