// libFuzzer target: PDF files (formats/pdf.h), poppler underneath.
//
// pdf_to_text() either fails with a message (truncated, damaged, encrypted, no text layer) or gives
// valid UTF-8 with some visible character. poppler itself is not instrumented: what this finds is
// in jiedao's handling of what poppler returns, or a crash inside poppler on the way.
#include <cstdint>
#include <string>
#include <string_view>

#include "formats/pdf.h"
#include "text/utf8.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto text = jiedao::formats::pdf_to_text(bytes);
  if (text) {
    if (jiedao::text::find_invalid_utf8(text.value())) __builtin_trap();
    if (text.value().find_first_not_of(" \t\n\v") == std::string::npos) __builtin_trap();
  } else if (text.error().message.empty()) {
    __builtin_trap();
  }
  return 0;
}
