// libFuzzer target: text files in any encoding (formats/encoding.h).
//
// decode_text() either fails with a message or gives valid UTF-8 without zero bytes, naming the
// encoding it read; UTF-8 input is kept byte for byte. convert_to_utf8() from each Chinese encoding
// the reader accepts either fails with a message or gives valid UTF-8.
#include <cstdint>
#include <string>
#include <string_view>

#include "formats/encoding.h"
#include "text/utf8.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto decoded = jiedao::formats::decode_text(bytes);
  if (decoded) {
    const auto& d = decoded.value();
    if (d.encoding.empty()) __builtin_trap();
    if (jiedao::text::find_invalid_utf8(d.text)) __builtin_trap();
    if (d.encoding == "UTF-8" && d.text != bytes) __builtin_trap();
    if (d.text.find('\0') != std::string::npos && d.encoding.rfind("UTF-16", 0) != 0) __builtin_trap();
  } else if (decoded.error().message.empty()) {
    __builtin_trap();
  }
  // The first byte picks an encoding, so that each gets the whole of the coverage feedback.
  static const char* const kEncodings[] = {"GB18030",    "BIG5-HKSCS", "EUC-TW",
                                           "HZ-GB-2312", "UTF-16LE",   "UTF-16BE"};
  if (size > 0) {
    const std::string encoding = kEncodings[data[0] % (sizeof kEncodings / sizeof kEncodings[0])];
    auto converted = jiedao::formats::convert_to_utf8(bytes.substr(1), encoding);
    if (converted) {
      if (jiedao::text::find_invalid_utf8(converted.value())) __builtin_trap();
    } else if (converted.error().message.empty()) {
      __builtin_trap();
    }
  }
  return 0;
}
