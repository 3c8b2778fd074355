#include "formats/html_nesting.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <unordered_set>
#include <vector>

namespace jiedao::formats {

namespace {

// ---- The elements the parser treats apart, by lower-case name ----

using NameSet = std::unordered_set<std::string_view>;

bool in_set(const NameSet& set, std::string_view name) { return set.count(name) > 0; }

bool is_void_element(std::string_view name) {
  static const NameSet k = {"area",  "base",  "basefont", "bgsound", "br",    "col",     "embed",
                            "frame", "hr",    "image",    "img",     "input", "keygen",  "link",
                            "meta",  "param", "source",   "track",   "wbr",   "menuitem"};
  return in_set(k, name);
}

// The parser's "special" elements: an end tag of another element does not close past them.
bool is_special_element(std::string_view name) {
  // A row per initial, to check against the HTML standard's list; clang-format would give each a line.
  // clang-format off
  static const NameSet k = {
      "address", "applet", "area", "article", "aside",
      "base", "basefont", "bgsound", "blockquote", "body", "br", "button",
      "caption", "center", "col", "colgroup",
      "dd", "details", "dir", "div", "dl", "dt",
      "embed",
      "fieldset", "figcaption", "figure", "footer", "form", "frame", "frameset",
      "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html",
      "iframe", "img", "input", "keygen",
      "li", "link", "listing",
      "main", "marquee", "menu", "meta",
      "nav", "noembed", "noframes", "noscript",
      "object", "ol",
      "p", "param", "plaintext", "pre",
      "script", "section", "select", "source", "style", "summary",
      "table", "tbody", "td", "template", "textarea", "tfoot", "th", "thead", "title", "tr", "track",
      "ul",
      "wbr",
      "xmp",
      "mi", "mo", "mn", "ms", "mtext", "annotation-xml",  // MathML
      "foreignobject", "desc"};                           // SVG
  // clang-format on
  return in_set(k, name);
}

// Elements an end tag of a special element does not close past (the parser's "scope").
bool is_scope_boundary(std::string_view name) {
  static const NameSet k = {"applet", "caption", "html",   "table",    "td",
                            "th",     "marquee", "object", "template", "button"};
  return in_set(k, name);
}

// Elements whose content is text up to their end tag.
bool is_raw_text_element(std::string_view name) {
  static const NameSet k = {"script", "style",   "textarea", "title",   "xmp",
                            "iframe", "noembed", "noframes", "noscript"};
  return in_set(k, name);
}

// Table parts are closed within their table: an end tag stops only at the table.
bool is_table_part(std::string_view name) {
  static const NameSet k = {"table", "caption", "colgroup", "tbody", "thead", "tfoot", "tr", "td", "th"};
  return in_set(k, name);
}

// Where the closing of a table part stops.
bool is_table_boundary(std::string_view name) {
  return name == "table" || name == "html" || name == "template";
}

// The kind of an element that a start tag of the same kind closes (<p>…<p>, <li>…<li>, <td>…<th>),
// or "" when a start tag closes nothing.
std::string_view closing_kind(std::string_view name) {
  if (name == "td" || name == "th") return "cell";
  if (name == "dd" || name == "dt") return "dd";
  if (name == "tbody" || name == "thead" || name == "tfoot") return "tbody";
  static const NameSet k = {"p", "li", "option", "optgroup", "tr", "a", "nobr"};
  return in_set(k, name) ? name : std::string_view();
}

// ---- Reading tags ----

bool is_tag_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

std::string lower_case(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

struct Tag {
  std::string name;  // in lower case
  bool end = false;
  bool self_closing = false;  // ended by "/>"
};

// The tags of a page in order, read about as an HTML5 tokenizer reads them: text, comments and
// declarations are passed over, and so are quoted attribute values, which may hold '>'.
class TagReader {
 public:
  explicit TagReader(std::string_view html) : html_(html), n_(html.size()) {}

  // Reads the next tag into `tag`; false at the end of the page.
  bool next(Tag& tag);
  // Passes over the text of the raw-text element `name` just opened, up to its end tag, which
  // next() then reads: that text is not markup.
  void skip_raw_text(const std::string& name);

 private:
  bool skip_comment_or_declaration();
  void read_tag(Tag& tag);
  bool skip_attributes();
  void skip_past(std::string_view end) {
    const size_t at = html_.find(end, i_);
    i_ = at == std::string_view::npos ? n_ : at + end.size();
  }

  std::string_view html_;
  size_t n_;
  size_t i_ = 0;  // where reading goes on
};

bool TagReader::next(Tag& tag) {
  while (i_ < n_) {
    const size_t lt = html_.find('<', i_);
    if (lt == std::string_view::npos || lt + 1 >= n_) return false;
    i_ = lt + 1;
    if (skip_comment_or_declaration()) continue;
    tag.end = html_[i_] == '/';
    if (tag.end) ++i_;
    if (i_ >= n_ || !is_ascii_alpha(html_[i_])) {
      if (tag.end) skip_past(">");  // </ …> is a bogus comment; a lone < is text
      continue;
    }
    read_tag(tag);
    return true;
  }
  return false;
}

// After a '<': passes over a comment, <!DOCTYPE …>, <?xml …?> or a bogus comment, if one starts
// there; returns whether one did.
bool TagReader::skip_comment_or_declaration() {
  if (html_.compare(i_, 3, "!--") == 0) {  // a comment: <!-->, <!--->, up to --> or --!>
    i_ += 3;
    if (html_.compare(i_, 1, ">") == 0 || html_.compare(i_, 2, "->") == 0) return true;
    const size_t a = html_.find("-->", i_), b = html_.find("--!>", i_);
    i_ = std::min(a == std::string_view::npos ? n_ : a + 3, b == std::string_view::npos ? n_ : b + 4);
    return true;
  }
  if (html_[i_] == '!' || html_[i_] == '?') {
    skip_past(">");
    return true;
  }
  return false;
}

void TagReader::read_tag(Tag& tag) {
  size_t j = i_;
  while (j < n_ && !is_tag_space(html_[j]) && html_[j] != '/' && html_[j] != '>') ++j;
  tag.name = lower_case(html_.substr(i_, j - i_));
  i_ = j;
  tag.self_closing = skip_attributes();
}

// Passes over a tag's attributes and its '>'; returns whether "/>" ended it.
bool TagReader::skip_attributes() {
  size_t j = i_;
  bool self_closing = false;
  while (j < n_ && html_[j] != '>') {
    if (html_[j] == '=') {
      ++j;
      while (j < n_ && is_tag_space(html_[j])) ++j;
      if (j < n_ && (html_[j] == '"' || html_[j] == '\'')) {
        const size_t close = html_.find(html_[j], j + 1);
        j = close == std::string_view::npos ? n_ : close + 1;
      }
      continue;  // an unquoted value is read on like a name
    }
    self_closing = html_[j] == '/' && j + 1 < n_ && html_[j + 1] == '>';
    ++j;
  }
  i_ = j < n_ ? j + 1 : n_;
  return self_closing;
}

void TagReader::skip_raw_text(const std::string& name) {
  while (i_ < n_) {
    skip_past("</");
    if (i_ >= n_) return;
    const std::string tail = lower_case(html_.substr(i_, name.size()));
    const size_t after = i_ + name.size();
    if (tail == name &&
        (after >= n_ || is_tag_space(html_[after]) || html_[after] == '/' || html_[after] == '>')) {
      i_ -= 2;  // read the end tag as a tag
      return;
    }
  }
}

// ---- The open elements ----

// The parser's stack of open elements, by name, closed about as its tree builder closes it.
class OpenElements {
 public:
  size_t depth() const { return stack_.size(); }
  // An end tag closes the nearest open element of its name within its scope.
  void close(const std::string& name);
  // A start tag closes an open element of its kind within its scope, then opens its own.
  void open(std::string name);

 private:
  // Pops down to and including the nearest element for which `match` holds, unless an element
  // for which `stop` holds comes first.
  template <class Match, class Stop>
  void close_nearest(Match match, Stop stop) {
    for (size_t k = stack_.size(); k-- > 0;) {
      if (match(stack_[k])) {
        stack_.resize(k);
        return;
      }
      if (stop(stack_[k])) return;
    }
  }

  std::vector<std::string> stack_;
};

void OpenElements::close(const std::string& name) {
  const auto same = [&name](const std::string& e) { return e == name; };
  if (is_table_part(name) || name == "select") {
    close_nearest(same, is_table_boundary);
  } else if (is_special_element(name)) {
    close_nearest(same, is_scope_boundary);
  } else {
    close_nearest(same, is_special_element);
  }
}

void OpenElements::open(std::string name) {
  if (const std::string_view kind = closing_kind(name); !kind.empty()) {
    const auto same_kind = [kind](const std::string& e) { return closing_kind(e) == kind; };
    if (is_table_part(name)) {
      close_nearest(same_kind, is_table_boundary);
    } else {
      close_nearest(same_kind, is_scope_boundary);
    }
  }
  stack_.push_back(std::move(name));
}

}  // namespace

size_t nesting_estimate(std::string_view html) {
  TagReader reader(html);
  OpenElements open;
  size_t deepest = 0;
  Tag tag;
  while (reader.next(tag)) {
    if (tag.end) {
      open.close(tag.name);
    } else if (is_raw_text_element(tag.name)) {
      reader.skip_raw_text(tag.name);
    } else if (tag.name == "plaintext") {
      break;  // the rest of the page is text
    } else if (!is_void_element(tag.name) && !tag.self_closing) {
      open.open(std::move(tag.name));
      deepest = std::max(deepest, open.depth());
    }
  }
  return deepest;
}

}  // namespace jiedao::formats
