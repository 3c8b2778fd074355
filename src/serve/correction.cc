#include "serve/correction.h"

#include <chrono>
#include <nlohmann/json.hpp>

#include "base/whole_number.h"
#include "serve/answer.h"
#include "serve/query.h"
#include "serve/rows.h"

namespace jiedao::serve {

using nlohmann::json;

namespace {

constexpr std::string_view kPrefix = "/api/v1/facts/", kSuffix = "/correction";

// The fact id of a correction's path.
std::string_view id_of(std::string_view path) {
  return path.substr(kPrefix.size(), path.size() - kPrefix.size() - kSuffix.size());
}

// 1, true or yes: drop=1, choose=1.
bool yes(const std::string& value) { return value == "1" || value == "true" || value == "yes"; }

void correct(const ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
  auto params = parse_query(req.target, correction_params(), req.path);
  if (!params) return send_error(res, 400, params.error().message);
  const auto id = parse_whole_number(id_of(req.path), 1, INT64_MAX);
  if (!id) return send_error(res, 404, std::string("no fact ").append(id_of(req.path)));
  ingest::CorrectionRequest request;
  for (const auto& [name, value] : params.value()) {
    if (name == "indicator") request.indicator = value;
    if (name == "period") request.period = value;
    if (name == "status") request.status = value;
    if (name == "value") request.value = value;
    if (name == "drop") request.drop = yes(value);
    if (name == "choose") request.choose = yes(value);
    if (name == "note") request.note = value;
    if (name == "by") request.by = value;
  }
  if (!ctx.correct) return send_error(res, 403, "this server takes no corrections");
  auto done = ctx.correct(id.value(), request);
  if (!done) {
    // A field the request got wrong (status=soon) is a bad query, as a bad year= is: 400.
    const int status = done.error().kind == ErrorKind::kInvalid ? 400 : http_status(done.error().kind);
    if (ctx.log)
      ctx.log("correction_refused",
              std::string("status=").append(std::to_string(status)) + " " + done.error().message);
    return send_error(res, status,
                      is_server_fault(done.error().kind)
                          ? "the server could not store the correction (its log says why); try again later"
                          : done.error().message);
  }
  json rows = json::array();
  for (const report::Correction& c : done.value().rows) rows.push_back(c.row());
  send_json(res, 200,
            json{{"report", done.value().report},
                 {"rows", rows},
                 {"applied", done.value().applied},
                 {"fact", done.value().fact ? fact_json(ctx, *done.value().fact) : json(nullptr)}});
}

}  // namespace

bool is_correction_path(std::string_view path) {
  if (!path.starts_with(kPrefix) || !path.ends_with(kSuffix) ||
      path.size() <= kPrefix.size() + kSuffix.size())
    return false;
  for (char c : id_of(path))
    if (c < '0' || c > '9') return false;
  return true;
}

const std::set<std::string>& correction_params() {
  static const std::set<std::string> params = {"indicator", "period", "status", "value",
                                               "drop",      "choose", "note",   "by"};
  return params;
}

void install_correction(httplib::Server& server, const ApiContext& ctx) {
  server.Post(
      R"(/api/v1/facts/(\d+)/correction)", [&ctx](const httplib::Request& req, httplib::Response& res) {
        const auto started = std::chrono::steady_clock::now();
        correct(ctx, req, res);
        if (ctx.observe) {
          ctx.observe("/api/v1/facts:correction", res.status,
                      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
        }
      });
}

}  // namespace jiedao::serve
