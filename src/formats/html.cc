#include "formats/html.h"

#include <gumbo.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
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

// Walks the tree under `root` depth first, without recursion: a page of unclosed inline elements
// (<font> in old pages) nests thousands deep. enter(node) says whether to go into an element's
// children; leave(node) follows them.
template <class Enter, class Leave>
void walk(const GumboNode* root, Enter enter, Leave leave) {
  struct Frame {
    const GumboNode* node;
    unsigned next;
  };
  std::vector<Frame> stack;
  if (enter(root)) stack.push_back({root, 0});
  while (!stack.empty()) {
    const GumboNode* node = stack.back().node;
    const GumboVector& children = node->v.element.children;
    if (stack.back().next < children.length) {
      const auto* child = static_cast<const GumboNode*>(children.data[stack.back().next++]);
      if (enter(child)) stack.push_back({child, 0});
    } else {
      stack.pop_back();
      leave(node);
    }
  }
}

bool has_children(const GumboNode* node) {
  return node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE;
}

bool is_text(const GumboNode* node) {
  return node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA;
}

// Appends the text under `root`; whitespace is collapsed and block elements end lines.
void collect(const GumboNode* root, std::string& out) {
  auto end_line = [&] {
    while (!out.empty() && out.back() == ' ') out.pop_back();
    if (!out.empty() && out.back() != '\n') out += '\n';
  };
  walk(
      root,
      [&](const GumboNode* node) {
        if (is_text(node)) {
          for (const char* p = node->v.text.text; *p; ++p) {
            const char c = *p;
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
              if (!out.empty() && out.back() != ' ' && out.back() != '\n') out += ' ';
            } else {
              out += c;
            }
          }
          return false;
        }
        if (!has_children(node) || skipped(node->v.element.tag)) return false;
        if (is_block(node->v.element.tag)) end_line();
        return true;
      },
      [&](const GumboNode* node) {
        const GumboTag tag = node->v.element.tag;
        if (is_block(tag)) end_line();
        if (tag == GUMBO_TAG_P || tag == GUMBO_TAG_H1 || tag == GUMBO_TAG_H2 || tag == GUMBO_TAG_H3) {
          if (!out.empty()) out += '\n';  // a paragraph is followed by a blank line, as in the text reports
        }
      });
}

// The candidates for the main text: <main>, <article>, and elements named like content, each with
// the number of visible bytes collect() would give for it. One pass over the tree: a page of
// nested candidates costs no more than a flat one. Also the length of `body`.
struct Candidate {
  const GumboNode* node;
  size_t length;
};

void find_main(const GumboNode* root, const GumboNode* body, std::vector<Candidate>& found,
               size_t& body_length) {
  constexpr size_t kNone = static_cast<size_t>(-1);
  std::vector<std::pair<size_t, size_t>> open;  // per element entered: visible bytes, index in `found`
  walk(
      root,
      [&](const GumboNode* node) {
        if (is_text(node)) {
          size_t n = 0;
          for (const char* p = node->v.text.text; *p; ++p) n += !std::isspace(static_cast<unsigned char>(*p));
          if (!open.empty()) open.back().first += n;
          return false;
        }
        if (!has_children(node) || skipped(node->v.element.tag)) return false;
        const GumboElement& e = node->v.element;
        size_t index = kNone;
        if (node->type == GUMBO_NODE_ELEMENT && (e.tag == GUMBO_TAG_MAIN || e.tag == GUMBO_TAG_ARTICLE ||
                                                 (e.tag == GUMBO_TAG_DIV && names_content(e)))) {
          index = found.size();
          found.push_back({node, 0});
        }
        open.emplace_back(0, index);
        return true;
      },
      [&](const GumboNode* node) {
        const auto [length, index] = open.back();
        open.pop_back();
        if (index != kNone) found[index].length = length;
        if (node == body) body_length = length;
        if (!open.empty()) open.back().first += length;
      });
}

// The first element with `tag` in document order.
const GumboNode* find_tag(const GumboNode* root, GumboTag tag) {
  const GumboNode* hit = nullptr;
  walk(
      root,
      [&](const GumboNode* node) {
        if (hit != nullptr || node->type != GUMBO_NODE_ELEMENT) return false;
        if (node->v.element.tag == tag) {
          hit = node;
          return false;
        }
        return true;
      },
      [](const GumboNode*) {});
  return hit;
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
  if (const size_t depth = nesting_estimate(html); depth > kMaxHtmlNesting) {
    return Error{"the HTML page nests its elements " + std::to_string(depth) + " deep (at most " +
                 std::to_string(kMaxHtmlNesting) + " are read); save the report's text instead"};
  }
  // Parse errors are not recorded: gumbo copies its whole stack of open elements into each, which
  // makes a page of unclosed elements cost memory and time quadratic in its size.
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;
  std::unique_ptr<GumboOutput, void (*)(GumboOutput*)> output(
      gumbo_parse_with_options(&options, html.data(), html.size()),
      [](GumboOutput* o) { gumbo_destroy_output(&kGumboDefaultOptions, o); });
  if (!output) return Error{"the HTML page cannot be parsed"};
  const GumboNode* body = find_tag(output->root, GUMBO_TAG_BODY);
  std::vector<Candidate> candidates;
  size_t body_length = 0;
  find_main(output->root, body, candidates, body_length);
  const GumboNode* best = nullptr;
  size_t best_length = 0;
  for (const Candidate& c : candidates) {
    if (c.length > best_length) {
      best = c.node;
      best_length = c.length;
    }
  }
  // A content element that holds only a sliver of the page's text is a sidebar, not the report.
  if (best == nullptr || (body != nullptr && best_length * 3 < body_length)) best = body;
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
