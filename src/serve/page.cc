#include "serve/page.h"

namespace jiedao::serve {

std::string default_web_dir() { return "web"; }
std::string chart_js_path() { return ""; }
void install_page(httplib::Server&, const std::string&) {}

}  // namespace jiedao::serve
