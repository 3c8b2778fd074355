#include "serve/page.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <system_error>

#include "base/file.h"
#include "serve/answer.h"

namespace jiedao::serve {

namespace fs = std::filesystem;

namespace {

bool is_file(const fs::path& path) {
  std::error_code ec;
  return fs::is_regular_file(path, ec);
}

// The folder of the running binary, from /proc/self/exe ("" when unknown).
fs::path executable_dir() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec || exe.empty()) return {};
  return exe.parent_path();
}

std::string content_type(const std::string& name) {
  const std::string ext = fs::path(name).extension().string();
  if (ext == ".html" || ext == ".htm") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".json") return "application/json; charset=utf-8";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  if (ext == ".ico") return "image/x-icon";
  return "application/octet-stream";
}

// Sends the file at `path` (read now, so that an edited page needs no rebuild): 404 when
// it does not exist, 500 when it exists but cannot be read.
void send_file(httplib::Response& res, const fs::path& path, const std::string& type,
               const std::string& missing) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return send_error(res, 404, missing);
  if (!fs::is_regular_file(path, ec)) return send_error(res, 404, path.string() + ": not a file");
  auto bytes = read_file(path.string());
  if (!bytes) return send_error(res, 500, bytes.error().message);
  res.status = 200;
  res.set_header("Cache-Control", "no-cache");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_content(bytes.value(), type);
}

}  // namespace

std::string default_web_dir() {
  if (const char* env = std::getenv("JIEDAO_WEB"); env != nullptr && *env != '\0') return env;
  if (is_file(fs::path("web") / "index.html")) return "web";
  const fs::path exe_dir = executable_dir();
  if (!exe_dir.empty()) {
    if (is_file(exe_dir / "web" / "index.html")) return (exe_dir / "web").string();
    const fs::path installed = (exe_dir / ".." / "share" / "jiedao" / "web").lexically_normal();
    if (is_file(installed / "index.html")) return installed.string();
  }
  return "web";  // none has the page: requests get a 404 naming this folder
}

std::string chart_js_path() {
  // Debian 12's libjs-chart.js (3.9) has chart.min.js and chart.js (UMD, global `Chart`);
  // later versions (4.x) ship chart.umd.js. chart.mjs / chart.esm.js are modules: not these.
  static const char* const kCandidates[] = {
      "/usr/share/javascript/chart.js/chart.umd.js", "/usr/share/javascript/chart.js/chart.umd.min.js",
      "/usr/share/javascript/chart.js/chart.min.js", "/usr/share/javascript/chart.js/Chart.min.js",
      "/usr/share/javascript/chart.js/chart.js",     "/usr/share/javascript/chart.js/Chart.js",
  };
  for (const char* candidate : kCandidates)
    if (is_file(candidate)) return candidate;
  return "";
}

void install_page(httplib::Server& server, const std::string& web_dir) {
  const fs::path dir(web_dir);
  server.Get("/", [dir](const httplib::Request&, httplib::Response& res) {
    send_file(res, dir / "index.html", content_type("index.html"),
              (dir / "index.html").string() +
                  ": the page is missing (start the daemon with --web DIR or set JIEDAO_WEB)");
  });
  // The review page (web/review.html): the conflicts and the corrections of the data.
  server.Get("/review", [dir](const httplib::Request&, httplib::Response& res) {
    send_file(res, dir / "review.html", content_type("review.html"),
              (dir / "review.html").string() + ": the review page is missing");
  });
  server.Get(R"(/static/([A-Za-z0-9_.-]+))", [dir](const httplib::Request& req, httplib::Response& res) {
    const std::string name = req.matches[1];
    if (name.find("..") != std::string::npos || name.front() == '.')
      return send_error(res, 404, "no such file: /static/" + name);
    if (name == "chart.js") {
      const std::string chart = chart_js_path();
      if (chart.empty())
        return send_error(res, 404, "Chart.js is not installed: install the Debian package libjs-chart.js");
      return send_file(res, chart, content_type(name), chart + ": missing");
    }
    send_file(res, dir / name, content_type(name), "no such file: /static/" + name);
  });
}

}  // namespace jiedao::serve
