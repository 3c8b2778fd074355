// The built-in page: a browser view of the series for people without Grafana.
//
// install_page() serves GET / (index.html), GET /review (review.html) and GET /static/<file> from the
// folder `web_dir` (the project's web/ folder, or the copy installed beside
// the binary), and GET /static/chart.js from the chart library of Debian's
// libjs-chart.js package, so nothing is fetched from a CDN and the page works
// offline. A file name with '..' or '/' inside /static/ is refused (404).
#pragma once

#include <httplib.h>

#include <string>

namespace jiedao::serve {

// The default web folder: $JIEDAO_WEB, else ./web, else web/ beside the binary, else
// ../share/jiedao/web beside it.
std::string default_web_dir();

// Where Debian's libjs-chart.js puts Chart.js (the first that exists), or "" when none does.
std::string chart_js_path();

void install_page(httplib::Server& server, const std::string& web_dir);

}  // namespace jiedao::serve
