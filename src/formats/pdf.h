// PDF files: the text layer of every page, with poppler.
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"

namespace jiedao::formats {

// The text of every page in reading order, pages separated by a blank line. Errors: a
// truncated file (no %%EOF), a damaged or encrypted one, and a scanned PDF without text.
Result<std::string> pdf_to_text(std::string_view bytes);

}  // namespace jiedao::formats
