// How the daemon writes an answer's body: JSON as UTF-8 (a byte that is not UTF-8 becomes U+FFFD
// rather than an exception), and every refusal or failure as {"error": message} with a message a
// user can act on. Errors are never cached by clients.
#pragma once

#include <httplib.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "base/result.h"

namespace jiedao::serve {

// `value` as compact JSON.
std::string dump(const nlohmann::json& value);

// Sets `res` to `status` with `body` as JSON.
void send_json(httplib::Response& res, int status, const nlohmann::json& body);

// Sets `res` to `status` with {"error": message}.
void send_error(httplib::Response& res, int status, const std::string& message);

// The one HTTP status of each kind of error: invalid 422, conflict 409, too large 413,
// unsupported 415, not found 404, unavailable 503, I/O and corrupt 500.
int http_status(ErrorKind kind);

// Answers `error` with its status. The server's own faults (is_server_fault) are answered
// without their message, which names server paths: `log` gets it, the client a pointer to the
// log; 503 says when to retry.
void send_failure(httplib::Response& res, const Error& error,
                  const std::function<void(const std::string&)>& log);

}  // namespace jiedao::serve
