// How the daemon answers a failure (serve/answer.h): the status of each kind of error, and the
// server's own faults hidden from the client.
#include "serve/answer.h"

#include <httplib.h>

#include <catch2/catch.hpp>
#include <string>
#include <utility>

#include "base/result.h"

using namespace jiedao;

TEST_CASE("an error's kind gives the answer's status, and only the server's faults are hidden", "[serve]") {
  const std::pair<ErrorKind, int> cases[] = {{ErrorKind::kConflict, 409},    {ErrorKind::kTooLarge, 413},
                                             {ErrorKind::kUnsupported, 415}, {ErrorKind::kInvalid, 422},
                                             {ErrorKind::kNotFound, 404},    {ErrorKind::kIO, 500},
                                             {ErrorKind::kCorrupt, 500},     {ErrorKind::kUnavailable, 503}};
  for (const auto& [kind, status] : cases) {
    CHECK(serve::http_status(kind) == status);
    CHECK(is_server_fault(kind) == (status >= 500));
    httplib::Response res;
    std::string logged;
    serve::send_failure(res, Error{"/srv/jiedao/jiedao.db: disk I/O error", kind},
                        [&](const std::string& m) { logged = m; });
    CHECK(res.status == status);
    CHECK(res.get_header_value("Cache-Control") == "no-cache");
    // A server path reaches the log, never the client.
    CHECK((res.body.find("/srv/jiedao") == std::string::npos) == (status >= 500));
    CHECK(logged.empty() == (status < 500));
    CHECK(res.has_header("Retry-After") == (status == 503));
  }
}
