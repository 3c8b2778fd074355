// Request bodies: which the daemon reads, and the one route that takes one.
//
// Debian's cpp-httplib 0.11 reads a body before any handler can look at it,
// checks its size only when it comes with Content-Length (CVE-2025-46728: a
// chunked body is buffered whole), inflates a gzip body without a bound, and caps
// a form-encoded body at 8 KB, which is what curl --data-binary sends. So, before
// any body is read (a pre-routing handler and the Expect: 100-continue handler):
// a request body on a route that takes none is refused (413), any
// Content-Encoding is refused (415), and an upload without uploads enabled (403),
// without the token (401), with a bad name (400) or with a Content-Length over the
// limit (413) is refused. Each refusal closes the connection, the body unread.
// The upload itself reads its body through a content reader: any content type
// (a multipart form's first part), bytes counted as they arrive, stopped at the
// limit. Every refused or failed upload is one log line.
#pragma once

#include <httplib.h>

#include "serve/api.h"

namespace jiedao::serve {

// Registers the body rules on every route and POST /api/v1/reports on `server`.
// `ctx` must outlive the server.
void install_upload(httplib::Server& server, const ApiContext& ctx);

}  // namespace jiedao::serve
