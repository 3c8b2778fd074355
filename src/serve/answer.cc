#include "serve/answer.h"

namespace jiedao::serve {

std::string dump(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void send_json(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_content(dump(body), "application/json; charset=utf-8");
}

void send_error(httplib::Response& res, int status, const std::string& message) {
  send_json(res, status, nlohmann::json{{"error", message}});
  res.set_header("Cache-Control", "no-cache");
}

int http_status(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalid:
      return 422;
    case ErrorKind::kConflict:
      return 409;
    case ErrorKind::kTooLarge:
      return 413;
    case ErrorKind::kUnsupported:
      return 415;
    case ErrorKind::kNotFound:
      return 404;
    case ErrorKind::kUnavailable:
      return 503;
    case ErrorKind::kIO:
    case ErrorKind::kCorrupt:
      break;
  }
  return 500;
}

void send_failure(httplib::Response& res, const Error& error,
                  const std::function<void(const std::string&)>& log) {
  const int status = http_status(error.kind);
  if (!is_server_fault(error.kind)) return send_error(res, status, error.message);
  if (log) log(error.message);
  if (status == 503) {
    res.set_header("Retry-After", "5");
    return send_error(res, 503, "the store cannot answer now (the daemon's log says why); try again shortly");
  }
  send_error(res, status, "the store failed (the daemon's log says why)");
}

}  // namespace jiedao::serve
