// A request's header block checked as RFC 9112 frames a message, before cpp-httplib parses it.
//
// cpp-httplib 0.11 is lenient where leniency lets two parsers disagree on where a request
// ends (request smuggling through a proxy): it takes the last of two Content-Length headers,
// reads "Content-Length : 5" as a header named "Content-Length ", joins nothing for an
// obsolete folded line and runs what follows a malformed request line as the next request.
// nginx answers 400 to each. check_framing() refuses the same, so that the daemon reads a
// request's bounds exactly as a proxy in front of it does, and the connection is closed.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace jiedao::serve {

struct FramingError {
  int status = 400;     // 400; 414 for a target over 8 KB; 501 for a transfer coding but chunked
  std::string message;  // what was wrong, for the client
};

// `head` is a request line and header fields, each line ending in CRLF, up to and without
// the blank line. Nothing when it is framed as RFC 9112 §2-§6 requires:
//   - request line: method (a token), one space, a target without spaces or controls and
//     at most 8 KB, one space, HTTP/1.0 or HTTP/1.1;
//   - each field line: a token name right before its colon (no whitespace, §5.1), no line
//     that starts with whitespace (obsolete folding, §5.2), no control character but tab in
//     a value;
//   - Content-Length at most once, one run of digits (§6.3: a list or two differing lengths
//     are unrecoverable, and two equal ones are refused too, as nginx does);
//   - Transfer-Encoding only chunked, never with Content-Length (§6.1).
std::optional<FramingError> check_framing(std::string_view head);

}  // namespace jiedao::serve
