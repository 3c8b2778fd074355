#include "formats/pdf.h"

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-page.h>

#include <memory>
#include <mutex>

namespace jiedao::formats {

namespace {

// poppler prints its complaints about damaged files to stderr; the caller gets them as errors instead.
void quiet(const std::string&, void*) {}

}  // namespace

Result<std::string> pdf_to_text(std::string_view bytes) {
  static std::once_flag silenced;
  std::call_once(silenced, [] { poppler::set_debug_error_function(quiet, nullptr); });
  const std::string_view tail = bytes.substr(bytes.size() > 1024 ? bytes.size() - 1024 : 0);
  if (tail.find("%%EOF") == std::string_view::npos) {
    return Error{"the PDF is truncated (it has no %%EOF trailer); download it again"};
  }
  std::unique_ptr<poppler::document> document(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (!document) return Error{"the PDF cannot be opened: it is damaged or not a PDF"};
  if (document->is_locked()) return Error{"the PDF is encrypted; save an unlocked copy"};
  std::string text;
  size_t visible = 0;
  for (int i = 0; i < document->pages(); ++i) {
    std::unique_ptr<poppler::page> page(document->create_page(i));
    if (!page) continue;
    const poppler::byte_array utf8 = page->text().to_utf8();
    std::string page_text(utf8.begin(), utf8.end());
    // poppler ends lines with \n and pages with \f; the text reports use blank lines.
    for (char& c : page_text) {
      if (c == '\f' || c == '\r') c = '\n';
    }
    for (char c : page_text) visible += !std::isspace(static_cast<unsigned char>(c));
    if (!text.empty()) text += "\n\n";
    text += page_text;
  }
  if (visible == 0) {
    return Error{
        "the PDF has no text layer (a scanned document); run OCR on it first, e.g. ocrmypdf -l chi_sim"};
  }
  return text;
}

}  // namespace jiedao::formats
