// How deep an HTML page nests its elements, read from its tags alone.
//
// An HTML5 parser walks its stack of open elements for many tokens, so a page nested N deep costs
// it N² (gumbo: 20,000 unclosed <div> take seconds; a 16 MB upload of them, hours). Report pages
// nest a few dozen deep. nesting_estimate() reads any bytes without building a tree, so that
// html_to_text() (html.h) can refuse a page too deep before the parser sees it.
#pragma once

#include <cstddef>
#include <string_view>

namespace jiedao::formats {

// The deepest nesting of elements in a page, as its tags say: elements are closed about as an
// HTML5 parser closes them (end tags, <p> and <li> closing their kind, void elements), and
// comments and the text of <script>, <style>, <textarea>… are skipped. An estimate, cheap to
// compute: html_to_text() refuses a page past kMaxHtmlNesting before it parses it, because the
// parser's time grows with the square of the depth. Report pages nest a few dozen deep.
inline constexpr size_t kMaxHtmlNesting = 1000;
size_t nesting_estimate(std::string_view html);

}  // namespace jiedao::formats
