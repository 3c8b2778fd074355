#include "formats/decode.h"

#include <algorithm>

#include "formats/encoding.h"
#include "formats/html.h"
#include "formats/pdf.h"
#include "text/utf8.h"

namespace jiedao::formats {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

bool looks_like_pdf(std::string_view bytes) {
  return bytes.substr(0, 1024).find("%PDF-") != std::string_view::npos;
}

// An HTML page starts with markup and names html, head or body early on; ASCII bytes are
// enough to tell, whatever the encoding of the rest (UTF-16 is decoded first).
bool looks_like_html(std::string_view text) {
  const size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos || text[first] != '<') return false;
  const std::string head = lower(text.substr(first, 4096));
  return head.find("<!doctype html") != std::string::npos || head.find("<html") != std::string::npos ||
         head.find("<body") != std::string::npos || head.find("<head") != std::string::npos;
}

}  // namespace

bool is_report_file_name(std::string_view name) {
  if (name.empty() || name.front() == '.') return false;
  const std::string n = lower(name);
  for (std::string_view ext : kReportExtensions) {
    if (n.size() > ext.size() && n.compare(n.size() - ext.size(), ext.size(), ext) == 0) return true;
  }
  return false;
}

Result<DecodedReport> decode_report(std::string_view bytes) {
  if (bytes.empty()) return Error{"the file is empty"};
  if (looks_like_pdf(bytes)) {
    auto text = pdf_to_text(bytes);
    if (!text) return text.error();
    if (auto bad = text::find_invalid_utf8(text.value())) return Error{"the PDF's text is not valid UTF-8"};
    return DecodedReport{std::move(text).value(), "pdf", ""};
  }
  // An HTML page that declares a Chinese charset is decoded by it; otherwise as text.
  std::string encoding;
  Result<Utf8Text> decoded = Error{""};
  if (looks_like_html(bytes)) {
    const std::string charset = declared_charset(bytes);
    if (!charset.empty() && charset != "utf-8" && charset != "utf8") {
      const std::string name = charset == "gb2312" || charset == "gbk" ? "GB18030" : charset;
      auto converted = convert_to_utf8(bytes, name);
      if (converted) decoded = Utf8Text{std::move(converted).value(), name};
    }
  }
  if (!decoded) decoded = decode_text(bytes);
  if (!decoded) return decoded.error();
  if (looks_like_html(decoded.value().text)) {
    auto text = html_to_text(decoded.value().text);
    if (!text) return text.error();
    if (auto bad = text::find_invalid_utf8(text.value())) return Error{"the page's text is not valid UTF-8"};
    return DecodedReport{std::move(text).value(), "html", decoded.value().encoding};
  }
  return DecodedReport{std::move(decoded.value().text), "text", decoded.value().encoding};
}

}  // namespace jiedao::formats
