// How the daemon writes an answer's body: JSON as UTF-8 (a byte that is not UTF-8 becomes U+FFFD
// rather than an exception), and every refusal or failure as {"error": message} with a message a
// user can act on. Errors are never cached by clients.
#pragma once

#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>

namespace jiedao::serve {

// `value` as compact JSON.
std::string dump(const nlohmann::json& value);

// Sets `res` to `status` with `body` as JSON.
void send_json(httplib::Response& res, int status, const nlohmann::json& body);

// Sets `res` to `status` with {"error": message}.
void send_error(httplib::Response& res, int status, const std::string& message);

}  // namespace jiedao::serve
