#include "formats/html.h"

#include <gumbo.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <vector>

namespace jiedao::formats {

namespace {

bool skipped(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_TITLE:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_MENU:
      return true;
    default:
      return false;
  }
}

bool is_block(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_P:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_BR:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_TBODY:
    case GUMBO_TAG_THEAD:
      return true;
    default:
      return false;
  }
}

const char* attribute(const GumboElement& e, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&e.attributes, name);
  return a != nullptr ? a->value : "";
}

bool names_content(const GumboElement& e) {
  for (const char* name : {"id", "class"}) {
    std::string value = attribute(e, name);
    std::transform(value.begin(), value.end(), value.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    for (const char* mark : {"content", "article", "zoom", "trs_editor", "main-text", "maintext"}) {
      if (value.find(mark) != std::string::npos) return true;
    }
  }
  return false;
}

// Appends the text under `node`; whitespace is collapsed and block elements end lines.
void collect(const GumboNode* node, std::string& out) {
  if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA) {
    const char* text = node->v.text.text;
    for (const char* p = text; *p; ++p) {
      const char c = *p;
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
        if (!out.empty() && out.back() != ' ' && out.back() != '\n') out += ' ';
      } else {
        out += c;
      }
    }
    return;
  }
  if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE) return;
  const GumboElement& e = node->v.element;
  if (skipped(e.tag)) return;
  const bool block = is_block(e.tag);
  auto end_line = [&] {
    while (!out.empty() && out.back() == ' ') out.pop_back();
    if (!out.empty() && out.back() != '\n') out += '\n';
  };
  if (block) end_line();
  for (unsigned i = 0; i < e.children.length; ++i)
    collect(static_cast<const GumboNode*>(e.children.data[i]), out);
  if (block) end_line();
  if (e.tag == GUMBO_TAG_P || e.tag == GUMBO_TAG_H1 || e.tag == GUMBO_TAG_H2 || e.tag == GUMBO_TAG_H3) {
    if (!out.empty()) out += '\n';  // a paragraph is followed by a blank line, as in the text reports
  }
}

// The candidates for the main text: <main>, <article>, and elements named like content, each with
// the number of visible bytes collect() would give for it. One pass over the tree: a page of
// nested candidates costs no more than a flat one.
struct Candidate {
  const GumboNode* node;
  size_t length;
};

size_t find_main(const GumboNode* node, std::vector<Candidate>& found, size_t& body_length) {
  if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA) {
    size_t n = 0;
    for (const char* p = node->v.text.text; *p; ++p) n += !std::isspace(static_cast<unsigned char>(*p));
    return n;
  }
  if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE) return 0;
  const GumboElement& e = node->v.element;
  if (skipped(e.tag)) return 0;
  const size_t at = found.size();
  const bool candidate = node->type == GUMBO_NODE_ELEMENT &&
                         (e.tag == GUMBO_TAG_MAIN || e.tag == GUMBO_TAG_ARTICLE ||
                          (e.tag == GUMBO_TAG_DIV && names_content(e)));
  if (candidate) found.push_back({node, 0});
  size_t length = 0;
  for (unsigned i = 0; i < e.children.length; ++i)
    length += find_main(static_cast<const GumboNode*>(e.children.data[i]), found, body_length);
  if (candidate) found[at].length = length;
  if (e.tag == GUMBO_TAG_BODY && body_length == 0) body_length = length;
  return length;
}

const GumboNode* find_tag(const GumboNode* node, GumboTag tag) {
  if (node->type != GUMBO_NODE_ELEMENT) return nullptr;
  if (node->v.element.tag == tag) return node;
  for (unsigned i = 0; i < node->v.element.children.length; ++i) {
    if (auto* hit = find_tag(static_cast<const GumboNode*>(node->v.element.children.data[i]), tag))
      return hit;
  }
  return nullptr;
}

std::string tidy(const std::string& raw) {
  // Trim each line; at most one blank line in a row.
  std::string out;
  size_t start = 0;
  int blank = 0;
  while (start <= raw.size()) {
    size_t end = raw.find('\n', start);
    if (end == std::string::npos) end = raw.size();
    std::string line = raw.substr(start, end - start);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    size_t lead = line.find_first_not_of(' ');
    line = lead == std::string::npos ? "" : line.substr(lead);
    if (line.empty()) {
      if (++blank == 1 && !out.empty()) out += '\n';
    } else {
      blank = 0;
      out += line + '\n';
    }
    start = end + 1;
  }
  return out;
}

}  // namespace

std::string declared_charset(std::string_view html) {
  std::string head(html.substr(0, 4096));
  std::transform(head.begin(), head.end(), head.begin(), [](unsigned char c) { return std::tolower(c); });
  const size_t at = head.find("charset=");
  if (at == std::string::npos) return "";
  size_t begin = at + 8;
  while (begin < head.size() && (head[begin] == '"' || head[begin] == '\'' || head[begin] == ' ')) ++begin;
  size_t end = begin;
  while (end < head.size() &&
         (std::isalnum(static_cast<unsigned char>(head[end])) || head[end] == '-' || head[end] == '_')) {
    ++end;
  }
  return head.substr(begin, end - begin);
}

Result<std::string> html_to_text(std::string_view html) {
  std::unique_ptr<GumboOutput, void (*)(GumboOutput*)> output(
      gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size()),
      [](GumboOutput* o) { gumbo_destroy_output(&kGumboDefaultOptions, o); });
  if (!output) return Error{"the HTML page cannot be parsed"};
  std::vector<const GumboNode*> candidates;
  find_main(output->root, candidates);
  const GumboNode* best = nullptr;
  size_t best_length = 0;
  for (const GumboNode* node : candidates) {
    const size_t length = text_length(node);
    if (length > best_length) {
      best = node;
      best_length = length;
    }
  }
  const GumboNode* body = find_tag(output->root, GUMBO_TAG_BODY);
  // A content element that holds only a sliver of the page's text is a sidebar, not the report.
  if (best == nullptr || (body != nullptr && best_length * 3 < text_length(body))) best = body;
  std::string raw;
  if (best != nullptr) collect(best, raw);
  std::string text = tidy(raw);
  if (text.find_first_not_of(" \n") == std::string::npos) {
    return Error{
        "the HTML page has no text in its body (a page built by scripts, or an empty page); "
        "save the report's text instead"};
  }
  return text;
}

}  // namespace jiedao::formats
