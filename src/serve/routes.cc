#include "serve/routes.h"

#include <chrono>
#include <string_view>
#include <utility>

#include "serve/answer.h"
#include "serve/correction.h"
#include "serve/guarded_server.h"
#include "serve/handlers.h"
#include "serve/upload.h"

namespace jiedao::serve {

namespace {

using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;
// Times every handler and reports it under its route, not its path (no label per report id).
Handler observed(const ApiContext& ctx, std::string route, Handler handler) {
  return [&ctx, route = std::move(route), handler = std::move(handler)](const httplib::Request& req,
                                                                        httplib::Response& res) {
    const auto started = std::chrono::steady_clock::now();
    handler(req, res);
    if (ctx.observe) {
      // A handler that sets no status answers 200: cpp-httplib sets it after the handler returns.
      ctx.observe(route, res.status == -1 ? 200 : res.status,
                  std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    }
  };
}

// Answers that only read the store are kept until it changes (answer_cache.h): the
// generation is read before the answer is computed, so a write during it leaves the
// answer unkept, never kept as older than it is. The same question asked by several
// clients at once is computed once, by the first; the others wait for its answer.
Handler cached(const ApiContext& ctx, Handler handler) {
  if (ctx.answers == nullptr) return handler;
  return [&ctx, handler = std::move(handler)](const httplib::Request& req, httplib::Response& res) {
    // The query's own parameters: a form body's are not part of the question.
    std::string key = req.path;
    for (const auto& [name, value] : split_query(req.target)) key += '\x1f' + name + '=' + value;
    const uint64_t generation = ctx.store.generation();
    auto serve_kept = [&res](const CachedAnswer& answer) {
      res.status = answer.status;
      res.set_content(answer.body, answer.content_type);
    };
    if (auto answer = ctx.answers->find(key, generation)) return serve_kept(*answer);
    bool answered_here = false;
    auto shared = ctx.answers->compute(key, generation, [&]() -> std::shared_ptr<const CachedAnswer> {
      answered_here = true;
      handler(req, res);
      // A streamed answer (res.body empty, a content provider) is neither kept nor shared.
      if ((res.status != 200 && res.status != 404) || res.is_chunked_content_provider_) return nullptr;
      return std::make_shared<const CachedAnswer>(
          CachedAnswer{res.status, res.get_header_value("Content-Type"), res.body});
    });
    if (answered_here) return;
    if (shared) return serve_kept(*shared);
    handler(req, res);  // the computation waited for had nothing to share
  };
}

// A heavy answer takes a slot of the gate (heavy_gate.h) while it is computed, or 503.
Handler heavy(const ApiContext& ctx, Handler handler) {
  if (ctx.heavy == nullptr) return handler;
  return [&ctx, handler = std::move(handler)](const httplib::Request& req, httplib::Response& res) {
    auto slot = ctx.heavy->enter();
    if (!slot) {
      res.set_header("Retry-After", "5");
      GuardedServer::close_after_answer(res);  // and what it pipelined after this is not read
      return send_error(res, 503,
                        "the server is answering as many large lists as it can; try again in a few seconds");
    }
    handler(req, res);
    // A streamed answer holds the slot until it is sent.
    if (res.is_chunked_content_provider_) {
      res.content_provider_resource_releaser_ =
          [slot, release = std::move(res.content_provider_resource_releaser_)](bool success) {
            if (release) release(success);
          };
    }
  };
}

// cpp-httplib's pattern of a route's path: each {name} segment a group of one segment.
std::string path_pattern(std::string_view path) {
  std::string pattern;
  for (size_t i = 0; i < path.size();) {
    if (path[i] == '{') {
      pattern += "([^/]+)";
      i = path.find('}', i) + 1;
    } else {
      pattern += path[i++];
    }
  }
  return pattern;
}

// Whether `path` is an instance of the route path `route` ({name} segments included): then
// `parts` holds the values of its {name} segments, in order.
bool match_path(std::string_view route, std::string_view path, std::vector<std::string>& parts) {
  parts.clear();
  for (;;) {
    const size_t brace = route.find('{');
    if (brace == std::string_view::npos) return route == path;
    if (path.substr(0, brace) != route.substr(0, brace)) return false;
    path.remove_prefix(std::min(brace, path.size()));
    route.remove_prefix(route.find('}') + 1);
    const std::string_view part = path.substr(0, path.find('/'));
    if (part.empty()) return false;
    parts.emplace_back(part);
    path.remove_prefix(part.size());
  }
}

// Checks the question against the route's parameters (400 naming the first fault), then answers.
Handler asked(const ApiContext& ctx, const Route& route) {
  return [&ctx, &route](const httplib::Request& req, httplib::Response& res) {
    std::vector<std::string> parts;
    match_path(route.path, req.path, parts);
    auto question = Question::parse(req, route.params, std::move(parts));
    if (!question) return send_error(res, 400, question.error().message);
    route.answer(ctx, question.value(), res);
  };
}

// The whole chain of a route: timed, then kept, then gated, then checked and answered.
Handler chain(const ApiContext& ctx, const Route& route) {
  Handler handler = asked(ctx, route);
  if (route.heavy) handler = heavy(ctx, std::move(handler));
  if (route.cacheable) handler = cached(ctx, std::move(handler));
  return observed(ctx, route.label, std::move(handler));
}

// The server's own refusals (no route, a body over the limit, a request it cannot read) as
// the API's errors.
void answer_refusal(const httplib::Request& req, httplib::Response& res) {
  if (!res.body.empty()) return;
  switch (res.status) {
    case 404:
      return send_error(res, 404,
                        "no such path: " + req.path + " (the API is under /api/v1/; see the README)");
    case 413:
      return send_error(res, 413, "the body is larger than the upload limit");
    case 400:
      return send_error(res, 400, "malformed request");
    default:
      return send_error(res, res.status, "request failed");
  }
}

// Reads a streamed answer whole into its body, as a client would receive it.
void drain(httplib::Response& res) {
  if (!res.content_provider_) return;
  std::string body;
  bool done = false, ok = true;
  httplib::DataSink sink;
  sink.write = [&](const char* data, size_t size) {
    body.append(data, size);
    return true;
  };
  sink.done = [&] { done = true; };
  sink.is_writable = [] { return true; };
  while (!done && ok) ok = res.content_provider_(body.size(), 0, sink);
  if (res.content_provider_resource_releaser_) res.content_provider_resource_releaser_(ok);
  res.content_provider_ = nullptr;
  res.content_provider_resource_releaser_ = nullptr;
  res.is_chunked_content_provider_ = false;
  res.body = std::move(body);
}

}  // namespace

const std::vector<Route>& routes() {
  static const std::vector<Route> table = {
      {"GET", "/healthz", "/healthz", {}, false, false, answer_health},
      {"GET", "/readyz", "/readyz", {}, false, false, answer_ready},
      {"GET", "/metrics", "/metrics", {}, false, false, answer_metrics},
      {"GET", "/api/v1/indicators", "/api/v1/indicators", {}, true, true, answer_indicators},
      {"GET", "/api/v1/families", "/api/v1/families", {}, true, true, answer_families},
      {"GET", "/api/v1/districts", "/api/v1/districts", {}, true, true, answer_districts},
      {"GET", "/api/v1/labels", "/api/v1/labels", {}, true, false, answer_labels},
      {"GET",
       "/api/v1/series",
       "/api/v1/series",
       {"indicator", "district", "county", "city", "province", "code", "status", "family", "of", "span",
        "from", "to"},
       true,
       true,
       answer_series},
      {"GET",
       "/api/v1/value",
       "/api/v1/value",
       {"indicator", "district", "county", "code", "year", "status", "unit", "of"},
       true,
       false,
       answer_value},
      {"GET",
       "/api/v1/facts",
       "/api/v1/facts",
       {"report", "indicator", "district", "county", "code", "family", "q", "limit", "offset"},
       true,
       true,
       answer_facts},
      {"GET", "/api/v1/reports", "/api/v1/reports", {"limit", "offset"}, true, true, answer_reports},
      {"GET", "/api/v1/reports/{id}", "/api/v1/reports/{id}", {"text_offset"}, true, true, answer_report},
      {"GET",
       "/api/v1/conflicts",
       "/api/v1/conflicts",
       {"indicator", "district", "county", "city", "province", "code", "status", "family", "of", "span",
        "from", "to"},
       true,
       true,
       answer_conflicts},
      {"GET", "/api/v1/corrections", "/api/v1/corrections", {"report"}, true, false, answer_corrections},
      {"POST", "/api/v1/reports", "/api/v1/reports:upload", {}, false, false, nullptr},
      {"POST", "/api/v1/facts/{id}/correction", "/api/v1/facts:correction", {}, false, false, nullptr},
  };
  return table;
}

void respond(const ApiContext& ctx, httplib::Request& req, httplib::Response& res) {
  const size_t mark = req.target.find('?');
  req.path = decode_path(std::string_view(req.target).substr(0, mark));
  for (const Route& route : routes()) {
    if (route.answer == nullptr || route.method != req.method) continue;
    std::vector<std::string> parts;
    if (!match_path(route.path, req.path, parts)) continue;
    chain(ctx, route)(req, res);
    if (res.status == -1) res.status = 200;
    return drain(res);
  }
  res.status = 404;
  answer_refusal(req, res);
}

void install_api(httplib::Server& server, const ApiContext& ctx) {
  server.set_payload_max_length(ctx.config.max_upload_bytes);
  for (const Route& route : routes()) {
    if (route.answer == nullptr) continue;
    if (route.method == "GET") server.Get(path_pattern(route.path), chain(ctx, route));
  }
  install_upload(server, ctx);
  install_correction(server, ctx);
  server.set_error_handler(answer_refusal);
  server.set_exception_handler(
      [&ctx](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "unknown error";
        try {
          if (ep) std::rethrow_exception(ep);
        } catch (const std::exception& e) {
          what = e.what();
        } catch (...) {
        }
        if (ctx.log) ctx.log("error", "internal error in " + req.method + " " + req.path + ": " + what);
        send_error(res, 500, "internal error (the daemon's log says which)");
      });
}

}  // namespace jiedao::serve
