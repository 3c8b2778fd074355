#include "serve/request_framing.h"

#include <cctype>

namespace jiedao::serve {

namespace {

constexpr size_t kMaxTargetBytes = 8192;  // cpp-httplib's own bound, which it answers without a reason

// RFC 9110 §5.6.2: token characters.
bool is_tchar(char c) {
  if (std::isalnum(static_cast<unsigned char>(c))) return true;
  for (char t : std::string_view("!#$%&'*+-.^_`|~"))
    if (c == t) return true;
  return false;
}

bool is_token(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!is_tchar(c)) return false;
  return true;
}

bool is_control(char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; }

std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool same_name(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

std::optional<FramingError> check_request_line(std::string_view line) {
  const size_t first = line.find(' ');
  const size_t second = first == std::string_view::npos ? first : line.find(' ', first + 1);
  if (second == std::string_view::npos || line.find(' ', second + 1) != std::string_view::npos)
    return FramingError{400, "malformed request line: want METHOD TARGET HTTP/1.1, one space apart"};
  const std::string_view method = line.substr(0, first), target = line.substr(first + 1, second - first - 1),
                         version = line.substr(second + 1);
  if (!is_token(method)) return FramingError{400, "malformed request line: the method is not a token"};
  if (target.empty()) return FramingError{400, "malformed request line: no target"};
  if (target.size() > kMaxTargetBytes)
    return FramingError{414, "the request target is longer than 8 KB; ask with fewer or shorter parameters"};
  for (char c : target) {
    if (is_control(c)) return FramingError{400, "malformed request line: a control character in the target"};
  }
  if (version != "HTTP/1.1" && version != "HTTP/1.0")
    return FramingError{400, "malformed request line: the version must be HTTP/1.1 or HTTP/1.0"};
  return std::nullopt;
}

}  // namespace

std::optional<FramingError> check_framing(std::string_view head) {
  size_t end = head.find("\r\n");
  if (auto error = check_request_line(head.substr(0, end))) return error;
  int lengths = 0;
  bool chunked = false, transfer_encoding = false;
  while (end != std::string_view::npos && end + 2 < head.size()) {
    const size_t begin = end + 2;
    end = head.find("\r\n", begin);
    const std::string_view line = head.substr(begin, end == std::string_view::npos ? head.npos : end - begin);
    if (line.empty()) return FramingError{400, "an empty line inside the header block"};
    if (line.front() == ' ' || line.front() == '\t')
      return FramingError{400, "obsolete line folding: a header line starts with whitespace"};
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) return FramingError{400, "a header line without a colon"};
    const std::string_view name = line.substr(0, colon), value = trim_ows(line.substr(colon + 1));
    if (!name.empty() && (name.back() == ' ' || name.back() == '\t'))
      return FramingError{400, "whitespace between a header's name and its colon"};
    if (!is_token(name)) return FramingError{400, "a header name that is not a token"};
    for (char c : value) {
      if (is_control(c) && c != '\t') return FramingError{400, "a control character in a header value"};
    }
    if (same_name(name, "Content-Length")) {
      if (++lengths > 1) return FramingError{400, "Content-Length given more than once"};
      if (value.empty() || value.size() > 18) return FramingError{400, "Content-Length is not a number"};
      for (char c : value) {
        if (c < '0' || c > '9') return FramingError{400, "Content-Length is not a number"};
      }
    } else if (same_name(name, "Transfer-Encoding")) {
      if (transfer_encoding) return FramingError{400, "Transfer-Encoding given more than once"};
      transfer_encoding = true;
      chunked = same_name(value, "chunked");
      if (!chunked) return FramingError{501, "the only transfer coding taken is chunked"};
    }
  }
  if (chunked && lengths > 0) return FramingError{400, "both Transfer-Encoding and Content-Length"};
  return std::nullopt;
}

}  // namespace jiedao::serve
