// Every route of the HTTP API in one table: its method and path, the name its requests are
// counted under in /metrics, the query parameters it takes, whether its answer is kept until
// the store changes and whether it takes a slot of the heavy gate. install_api() registers the
// table; respond() answers a request through it in-process, as the server would (for tests).
#pragma once

#include <httplib.h>

#include <string>
#include <vector>

#include "serve/api.h"
#include "serve/query.h"

namespace jiedao::serve {

// What a route does with its checked question.
using Answer = void (*)(const ApiContext& ctx, const Question& q, httplib::Response& res);

struct Route {
  std::string method;               // GET or POST
  std::string path;                 // a segment {name} stands for any one segment: /api/v1/reports/{id}
  std::string label;                // its requests' handler="..." in /metrics
  std::vector<std::string> params;  // the query parameters it takes besides format
  bool cacheable = false;           // kept until the store changes (answer_cache.h)
  bool heavy = false;               // computed under the heavy gate (heavy_gate.h)
  // Null for the upload, which serve/upload.h registers itself: it reads its body as it comes.
  Answer answer = nullptr;
};

// The table, in the order the README lists the routes.
const std::vector<Route>& routes();

// Answers `req` (method and target set) through the table exactly as the installed server
// would, without a socket: cached, gated, timed and refused alike. A path no route matches
// gets the server's 404. A streamed answer is read whole into res.body.
void respond(const ApiContext& ctx, httplib::Request& req, httplib::Response& res);

}  // namespace jiedao::serve
