// HTML pages: the main text of a report's page, without its navigation.
//
// Pure functions of the bytes they are given, safe on hostile pages: a page nested too deep
// (html_nesting.h) is refused before it is parsed, and the tree is walked without recursion.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "base/result.h"
#include "formats/html_nesting.h"  // kMaxHtmlNesting, and nesting_estimate() for its callers

namespace jiedao::formats {

// The text of an HTML page given in UTF-8: the largest <main> or <article> (or the
// element whose id or class names the content, as government sites mark it: content,
// article, zoom, TRS_Editor), else <body>; without scripts, styles, navigation, headers,
// footers, asides and forms. Block elements and <br> become line breaks; runs of
// spaces collapse. An error when the page has no text, or nests deeper than kMaxHtmlNesting.
Result<std::string> html_to_text(std::string_view html);

// The charset an HTML page declares in <meta charset> or <meta http-equiv=Content-Type>, or "".
std::string declared_charset(std::string_view html);

}  // namespace jiedao::formats
