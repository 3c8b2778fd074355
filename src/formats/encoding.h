// Text encodings: UTF-8, UTF-16 and the Chinese legacy encodings to UTF-8.
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"

namespace jiedao::formats {

struct Utf8Text {
  std::string text;
  std::string encoding;  // what the input was
};

// Decodes text in UTF-8 (kept byte for byte, BOM included), UTF-16 (BOM, or the zero bytes of mostly-ASCII
// UTF-16), or what uchardet recognises among the encodings Chinese text is written in
// (GB18030, GBK, GB2312, Big5, EUC-TW, HZ). Anything else is an error.
Result<Utf8Text> decode_text(std::string_view bytes);

// Converts `bytes` from `encoding` (an iconv name) to UTF-8; the error names the byte offset.
Result<std::string> convert_to_utf8(std::string_view bytes, const std::string& encoding);

}  // namespace jiedao::formats
