// HTML pages: the main text of a report's page, without its navigation.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "base/result.h"

namespace jiedao::formats {

// The text of an HTML page given in UTF-8: the largest <main> or <article> (or the
// element whose id or class names the content, as government sites mark it: content,
// article, zoom, TRS_Editor), else <body>; without scripts, styles, navigation, headers,
// footers, asides and forms. Block elements and <br> become line breaks; runs of
// spaces collapse. An error when the page has no text, or nests deeper than kMaxHtmlNesting.
Result<std::string> html_to_text(std::string_view html);

// The deepest nesting of elements in a page, as its tags say: elements are closed about as an
// HTML5 parser closes them (end tags, <p> and <li> closing their kind, void elements), and
// comments and the text of <script>, <style>, <textarea>… are skipped. An estimate, cheap to
// compute: html_to_text() refuses a page past kMaxHtmlNesting before it parses it, because the
// parser's time grows with the square of the depth. Report pages nest a few dozen deep.
inline constexpr size_t kMaxHtmlNesting = 1000;
size_t nesting_estimate(std::string_view html);

// The charset an HTML page declares in <meta charset> or <meta http-equiv=Content-Type>, or "".
std::string declared_charset(std::string_view html);

}  // namespace jiedao::formats
