#include "serve/upload.h"

#include <chrono>
#include <nlohmann/json.hpp>

#include "base/whole_number.h"
#include "formats/decode.h"
#include "serve/answer.h"
#include "serve/correction.h"
#include "serve/guarded_server.h"
#include "serve/query.h"
#include "text/utf8.h"

namespace jiedao::serve {

using nlohmann::json;

namespace {

constexpr const char* kUploadPath = "/api/v1/reports";

bool bearer_matches(const std::string& header, const std::string& token) {
  const std::string prefix = "Bearer ";
  if (header.size() != prefix.size() + token.size() || header.compare(0, prefix.size(), prefix) != 0)
    return false;
  unsigned char diff = 0;  // constant time: no early exit on the first wrong byte
  for (size_t i = 0; i < token.size(); ++i)
    diff |= static_cast<unsigned char>(header[prefix.size() + i] ^ token[i]);
  return diff == 0;
}

bool is_upload(const httplib::Request& req) { return req.method == "POST" && req.path == kUploadPath; }

// The methods cpp-httplib reads a body for, until the connection closes when no length is
// given (RFC 9112 says a request without one has none).
bool carries_body(const httplib::Request& req) {
  for (const char* m : {"POST", "PUT", "PATCH", "DELETE", "PRI"})
    if (req.method == m) return true;
  return false;
}

bool has_body(const httplib::Request& req) {
  return req.has_header("Transfer-Encoding") ||
         (req.has_header("Content-Length") && req.get_header_value("Content-Length") != "0");
}

std::string upload_name(const httplib::Request& req) {
  const auto params = split_query(req.target);
  auto it = params.find("name");
  return it == params.end() ? std::string() : it->second;
}

// The upload's district=, county=, period=, kind= and published= as a row of reports.tsv for
// `file` (empty when none is given), or why they cannot be used.
Result<report::ReportOverrides> upload_overrides(const ApiContext& ctx, const httplib::Request& req,
                                                 const std::string& file) {
  const auto params = split_query(req.target);
  auto get = [&](const char* key) {
    auto it = params.find(key);
    return it == params.end() ? std::string() : it->second;
  };
  const std::string district = get("district"), county = get("county"), period = get("period"),
                    kind = get("kind"), published = get("published");
  if (district.empty() && county.empty() && period.empty() && kind.empty() && published.empty()) {
    report::ReportOverrides none;
    none.file = file;
    return none;
  }
  if (ctx.kinds == nullptr || ctx.gazetteer == nullptr)
    return Error{"this server takes no district=, period=, ..."};
  auto overrides =
      report::make_overrides(file, district, county, period, kind, published, *ctx.kinds, *ctx.gazetteer);
  if (!overrides || overrides.value().district.empty() ||
      !ctx.gazetteer->named(overrides.value().district).empty())
    return overrides;
  // A district the gazetteer does not know: one the store holds already, or one of at most
  // max_unknown_districts.
  auto districts = ctx.store.districts();
  if (!districts) return districts.error();
  size_t unknown = 0;
  for (const store::DistrictSummary& d : districts.value()) {
    if (d.district == overrides.value().district) return overrides;
    unknown += ctx.gazetteer->named(d.district).empty() ? 1 : 0;
  }
  if (unknown >= ctx.config.max_unknown_districts) {
    return Error{"the store holds " + std::to_string(unknown) +
                 " districts the gazetteer does not know, the most this server takes "
                 "(jiedao serve --max-unknown-districts); use a district of the gazetteer"};
  }
  return overrides;
}

constexpr const char* kUploadParams[] = {"name", "district", "county", "period", "kind", "published"};

// One log line per refused or failed upload: who, which name, the status and why.
void log_upload(const ApiContext& ctx, const httplib::Request& req, int status, const std::string& why) {
  if (!ctx.log) return;
  std::string name = upload_name(req);
  if (text::find_invalid_utf8(name) || name.size() > 200) name = "(unreadable)";
  ctx.log("upload_refused", "status=" + std::to_string(status) + " from=" + req.remote_addr +
                                " name=" + (name.empty() ? "-" : name) + " reason=" + why);
}

// Answers `status` and closes the connection without reading the body.
void refuse(const ApiContext& ctx, const httplib::Request& req, httplib::Response& res, int status,
            const std::string& message) {
  send_error(res, status, message);
  if (has_body(req) || carries_body(req)) GuardedServer::close_after_answer(res);
  if (is_upload(req)) log_upload(ctx, req, status, message);
}

// True when the request is answered here, before its body is read (the rules of upload.h).
bool refused_before_body(const ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
  if (req.has_header("Content-Encoding")) {
    refuse(ctx, req, res, 415,
           "request bodies are not accepted compressed (Content-Encoding); send the report as it is");
    return true;
  }
  const bool correction = req.method == "POST" && is_correction_path(req.path);
  if (!is_upload(req) && !correction) {
    if (carries_body(req)) {
      res.set_header("Allow", req.path == kUploadPath ? "GET, HEAD, POST" : "GET, HEAD");
      refuse(ctx, req, res, 405,
             req.method + " is not taken here; the API is read with GET, and reports are sent with POST " +
                 kUploadPath);
      return true;
    }
    if (!has_body(req)) return false;
    refuse(ctx, req, res, 413, req.method + " " + req.path + " takes no request body");
    return true;
  }
  if (ctx.config.token.empty()) {
    refuse(ctx, req, res, 403,
           "uploads and corrections are disabled; start jiedao serve with --token-file FILE");
    return true;
  }
  if (!bearer_matches(req.get_header_value("Authorization"), ctx.config.token)) {
    res.set_header("WWW-Authenticate", "Bearer");
    refuse(ctx, req, res, 401, "send the upload token as 'Authorization: Bearer TOKEN'");
    return true;
  }
  if (correction) {  // its fields come in the query: a body is refused unread
    if (!req.has_header("Content-Length") && !req.has_header("Transfer-Encoding")) {
      refuse(ctx, req, res, 411, "send a correction with Content-Length: 0 (curl -d '')");
      return true;
    }
    if (has_body(req)) {
      refuse(ctx, req, res, 413, "a correction takes its fields in the query string, not in a body");
      return true;
    }
    return false;
  }
  if (!req.has_header("Content-Length") && !req.has_header("Transfer-Encoding")) {
    refuse(ctx, req, res, 411,
           "send the report with a Content-Length or chunked (curl --data-binary @FILE does)");
    return true;
  }
  if (auto params = parse_query(req.target, {std::begin(kUploadParams), std::end(kUploadParams)}, req.path);
      !params) {
    refuse(ctx, req, res, 400, params.error().message);
    return true;
  }
  auto name = sanitize_report_name(upload_name(req));
  if (!name) {
    refuse(ctx, req, res, 400, name.error().message);
    return true;
  }
  if (auto overrides = upload_overrides(ctx, req, name.value()); !overrides) {
    refuse(ctx, req, res, 400, overrides.error().message);
    return true;
  }
  if (req.has_header("Content-Length")) {
    const auto length = parse_whole_number(req.get_header_value("Content-Length"), 0, 999999999999);
    if (!length || static_cast<uint64_t>(length.value()) > ctx.config.max_upload_bytes) {
      refuse(ctx, req, res, 413,
             "the body is larger than the upload limit of " +
                 std::to_string(ctx.config.max_upload_bytes / (1024 * 1024)) +
                 " MB (jiedao serve --max-upload-mb)");
      return true;
    }
  }
  return false;
}

// Reads the upload's body, whatever its content type, at most max_upload_bytes of it.
// The status of a refusal, or 0 with `body` filled.
int read_body(const ApiContext& ctx, const httplib::Request& req, const httplib::ContentReader& reader,
              std::string& body) {
  uint64_t seen = 0;
  bool over = false;
  auto count = [&](size_t n) {
    seen += n;
    over = seen > ctx.config.max_upload_bytes;
    return !over;
  };
  bool read = false;
  if (req.is_multipart_form_data()) {  // curl -F file=@report.txt: the first part is the report
    size_t parts = 0;
    read = reader([&](const httplib::MultipartFormData&) { return ++parts > 0; },
                  [&](const char* data, size_t n) {
                    if (!count(n)) return false;
                    if (parts == 1) body.append(data, n);
                    return true;
                  });
  } else {
    read = reader([&](const char* data, size_t n) {
      if (!count(n)) return false;
      body.append(data, n);
      return true;
    });
  }
  if (over) return 413;
  return read ? 0 : 400;
}

void upload(const ApiContext& ctx, const httplib::Request& req, httplib::Response& res,
            const httplib::ContentReader& reader) {
  std::string body;
  if (const int status = read_body(ctx, req, reader, body); status != 0) {
    return refuse(ctx, req, res, status,
                  status == 413 ? "the body is larger than the upload limit of " +
                                      std::to_string(ctx.config.max_upload_bytes / (1024 * 1024)) +
                                      " MB (jiedao serve --max-upload-mb)"
                                : "the body did not arrive whole (cut off, malformed, or slower than the "
                                  "request timeout)");
  }
  auto name = sanitize_report_name(upload_name(req));
  if (!name) return refuse(ctx, req, res, 400, name.error().message);
  if (body.empty()) return refuse(ctx, req, res, 400, "the body is empty: send the report's text");
  // Any format a report folder takes (text in any Chinese encoding, HTML, PDF):
  // refused here, before anything is written, when it cannot be read.
  auto decoded = formats::decode_report(body);
  if (!decoded)
    return refuse(ctx, req, res, 415, "the body cannot be read as a report: " + decoded.error().message);
  if (!formats::is_report_file_name(name.value())) {
    name = name.value() + (decoded.value().format == "pdf"    ? ".pdf"
                           : decoded.value().format == "html" ? ".html"
                                                              : ".txt");
  }
  auto overrides = upload_overrides(ctx, req, name.value());
  if (!overrides) return refuse(ctx, req, res, 400, overrides.error().message);
  auto uploaded = ctx.upload(name.value(), body, overrides.value());
  if (!uploaded) {
    const int status = http_status(uploaded.error().kind);
    log_upload(ctx, req, status, uploaded.error().message);
    // The server's own failures name its paths: those stay in its log.
    send_error(res, status,
               is_server_fault(uploaded.error().kind)
                   ? "the server could not store the report (its log says why); try again later"
                   : uploaded.error().message);
    return;
  }
  send_json(res, uploaded.value().replaced ? 200 : 201,
            json{{"report", uploaded.value().report},
                 {"facts", uploaded.value().facts},
                 {"replaced", uploaded.value().replaced}});
}

}  // namespace

Result<std::string> sanitize_report_name(const std::string& name) {
  if (name.empty()) return Error{"name is missing: POST /api/v1/reports?name=REPORT.txt"};
  if (text::find_invalid_utf8(name)) return Error{"name is not valid UTF-8"};
  if (name.size() > 120) return Error{"name is longer than 120 bytes"};
  if (name.front() == '.') return Error{"name may not start with '.'"};
  if (name.find("..") != std::string::npos) return Error{"name may not contain '..'"};
  // Chinese characters are the only ones past ASCII: an invisible one (U+200B, U+202E) or a
  // combining mark (a name in NFD) would make an id that looks like another.
  size_t length = 0;
  for (size_t i = 0; i < name.size(); i += length) {
    const char32_t c = text::decode_at(name, i, length);
    const bool allowed = text::is_han(c) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 'a' && c <= 'z') ||
                         (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
    if (!allowed) {
      return Error{
          "name may hold letters, digits, Chinese characters and _ - . only (no folders, no spaces)"};
    }
  }
  std::string file = name;
  // A name without a dot gets its extension from the content (the POST handler).
  if (file.find('.') != std::string::npos && !formats::is_report_file_name(file))
    return Error{"name must end in .txt, .html, .htm or .pdf, or have no extension"};
  return file;
}

void install_upload(httplib::Server& server, const ApiContext& ctx) {
  server.set_payload_max_length(ctx.config.max_upload_bytes);  // a second guard for Content-Length
  server.set_pre_routing_handler([&ctx](const httplib::Request& req, httplib::Response& res) {
    return refused_before_body(ctx, req, res) ? httplib::Server::HandlerResponse::Handled
                                              : httplib::Server::HandlerResponse::Unhandled;
  });
  // curl sends Expect: 100-continue before a body over 1 MB: a refusal then saves the client
  // sending it at all. cpp-httplib asks this before the pre-routing handler.
  server.set_expect_100_continue_handler([&ctx](const httplib::Request& req, httplib::Response& res) {
    return refused_before_body(ctx, req, res) ? res.status : 100;
  });
  server.Post(kUploadPath, [&ctx](const httplib::Request& req, httplib::Response& res,
                                  const httplib::ContentReader& reader) {
    const auto started = std::chrono::steady_clock::now();
    upload(ctx, req, res, reader);
    if (ctx.observe) {
      ctx.observe("/api/v1/reports:upload", res.status,
                  std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    }
  });
}

}  // namespace jiedao::serve
