#include "formats/encoding.h"

#include <iconv.h>
#include <uchardet/uchardet.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>

#include "text/utf8.h"

namespace jiedao::formats {

namespace {

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// Mostly-ASCII UTF-16 without a BOM shows as a zero byte in every other position.
std::string utf16_by_zeros(std::string_view bytes) {
  if (bytes.size() < 8 || bytes.size() % 2 != 0) return "";
  size_t even = 0, odd = 0;
  const size_t n = std::min<size_t>(bytes.size(), 4096);
  for (size_t i = 0; i < n; ++i) {
    if (bytes[i] == '\0') ++(i % 2 == 0 ? even : odd);
  }
  if (odd > n / 8 && even == 0) return "UTF-16LE";
  if (even > n / 8 && odd == 0) return "UTF-16BE";
  return "";
}

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// uchardet's answer, when it is an encoding Chinese text is written in; GBK and GB2312
// are read as GB18030, their superset.
std::string chinese_encoding(const std::string& detected) {
  const std::string name = upper(detected);
  if (name == "GB18030" || name == "GBK" || name == "GB2312" || name == "X-GBK" || name == "CP936")
    return "GB18030";
  if (name == "BIG5" || name == "BIG5-HKSCS" || name == "CP950") return "BIG5-HKSCS";
  if (name == "EUC-TW" || name == "HZ-GB-2312" || name == "ISO-2022-CN") return name;
  if (starts_with(name, "UTF-16") || starts_with(name, "UTF-32")) return name;
  return "";
}

}  // namespace

Result<std::string> convert_to_utf8(std::string_view bytes, const std::string& encoding) {
  iconv_t cd = iconv_open("UTF-8", encoding.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1))
    return Error{"the encoding " + encoding + " is not known to iconv"};
  std::unique_ptr<void, int (*)(iconv_t)> guard(cd, iconv_close);
  std::string out(bytes.size() * 2 + 16, '\0');
  char* in_ptr = const_cast<char*>(bytes.data());
  size_t in_left = bytes.size();
  size_t out_used = 0;
  while (in_left > 0) {
    char* out_ptr = out.data() + out_used;
    size_t out_left = out.size() - out_used;
    const size_t result = iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left);
    out_used = out.size() - out_left;
    if (result != static_cast<size_t>(-1)) break;
    if (errno == E2BIG) {
      out.resize(out.size() * 2);
      continue;
    }
    const size_t offset = bytes.size() - in_left;
    return Error{std::string(errno == EINVAL ? "truncated" : "invalid") + " " + encoding +
                 " sequence at byte " + std::to_string(offset) +
                 "; the file may be damaged or in another encoding"};
  }
  out.resize(out_used);
  return out;
}

Result<Utf8Text> decode_text(std::string_view bytes) {
  // UTF-8 is kept byte for byte, BOM included, so that spans are offsets into the file as read.
  if (starts_with(bytes, "\xFF\xFE")) {
    auto text = convert_to_utf8(bytes.substr(2), "UTF-16LE");
    if (!text) return text.error();
    return Utf8Text{std::move(text).value(), "UTF-16LE"};
  } else if (starts_with(bytes, "\xFE\xFF")) {
    auto text = convert_to_utf8(bytes.substr(2), "UTF-16BE");
    if (!text) return text.error();
    return Utf8Text{std::move(text).value(), "UTF-16BE"};
  }
  const std::string utf16 = utf16_by_zeros(bytes);
  if (!utf16.empty()) {
    auto text = convert_to_utf8(bytes, utf16);
    if (!text) return text.error();
    return Utf8Text{std::move(text).value(), utf16};
  }
  const auto invalid = text::find_invalid_utf8(bytes);
  if (!invalid) {
    if (bytes.find('\0') != std::string_view::npos) {
      return Error{"the file holds zero bytes: it is binary, not a report's text"};
    }
    return Utf8Text{std::string(bytes), "UTF-8"};
  }
  std::unique_ptr<std::remove_pointer_t<uchardet_t>, void (*)(uchardet_t)> detector(uchardet_new(),
                                                                                    uchardet_delete);
  uchardet_handle_data(detector.get(), bytes.data(), bytes.size());
  uchardet_data_end(detector.get());
  const std::string detected = uchardet_get_charset(detector.get());
  const std::string encoding = chinese_encoding(detected);
  if (encoding.empty()) {
    return Error{
        "not UTF-8 (invalid byte at offset " + std::to_string(*invalid) +
        "), and the encoding cannot be told" +
        (detected.empty() ? std::string() : " (it looks like " + detected + ", not a Chinese encoding)") +
        "; convert the file to UTF-8, e.g. iconv -f GB18030 -t UTF-8"};
  }
  auto text = convert_to_utf8(bytes, encoding);
  if (!text) return text.error();
  if (text.value().find('\0') != std::string::npos) {
    return Error{"the file holds zero bytes: it is binary, not a report's text"};
  }
  return Utf8Text{std::move(text).value(), encoding};
}

}  // namespace jiedao::formats
