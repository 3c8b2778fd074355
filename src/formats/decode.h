// Reports as they are published: bytes in, UTF-8 text out.
//
// decode_report() looks at the content, not the file name: a PDF (%PDF-) is
// read with poppler, every page in reading order with a blank line between
// pages; an HTML page (<!DOCTYPE html>, <html>, <body>) is decoded and parsed
// with gumbo, and its main text kept with paragraphs as line breaks; anything
// else is text, in UTF-8 (with or without BOM), UTF-16, GB18030/GBK or Big5,
// told apart by BOM, by UTF-8 validity and then by uchardet. What cannot be
// read is an error that says why and what to do (a scanned PDF has no text
// layer; an encoding that cannot be told; a truncated PDF), never garbage.
//
// The text returned is what facts' byte spans point into.
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"

namespace jiedao::formats {

struct DecodedReport {
  std::string text;      // valid UTF-8, always: report::analyze_utf8() reads it unchecked
  std::string format;    // "text", "html" or "pdf"
  std::string encoding;  // of the input: "UTF-8", "GB18030", "BIG5", "UTF-16LE", ... ("" for PDF)
};

Result<DecodedReport> decode_report(std::string_view bytes);

// The extensions of report files, lower case.
inline constexpr std::string_view kReportExtensions[] = {".txt", ".htm", ".html", ".pdf"};

// The report file names a folder holds: one of kReportExtensions (case-insensitive), not hidden.
bool is_report_file_name(std::string_view name);

}  // namespace jiedao::formats
