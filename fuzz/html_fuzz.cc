// libFuzzer target: HTML pages (formats/html.h).
//
// declared_charset() takes any bytes; html_to_text() is given UTF-8 (decode_report decodes first)
// and either fails with a message or gives valid UTF-8 that is not blank. Invalid UTF-8 is fed too:
// it must not crash. nesting_estimate() (html_to_text's guard against deep pages) reads any bytes.
#include <cstdint>
#include <string>
#include <string_view>

#include "formats/html.h"
#include "text/utf8.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view html(reinterpret_cast<const char*>(data), size);
  const std::string charset = jiedao::formats::declared_charset(html);
  for (char c : charset) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) __builtin_trap();
  }
  const bool valid = !jiedao::text::find_invalid_utf8(html);
  auto text = jiedao::formats::html_to_text(html);
  if (text) {
    if (text.value().find_first_not_of(" \n") == std::string::npos) __builtin_trap();
    if (valid && jiedao::text::find_invalid_utf8(text.value())) __builtin_trap();
  } else if (text.error().message.empty()) {
    __builtin_trap();
  }
  return 0;
}
