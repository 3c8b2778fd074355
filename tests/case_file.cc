#include "case_file.h"

#include <fstream>
#include <iterator>
#include <stdexcept>

namespace jiedao::testing {

std::filesystem::path source_path(std::string_view relative) {
  return std::filesystem::path(JIEDAO_SOURCE_DIR) / relative;
}

void copy_data_folder(const std::filesystem::path& data) {
  std::vector<const char*> names(std::begin(report::kDataFiles), std::end(report::kDataFiles));
  names.push_back(report::kLabelsFile);
  for (const char* name : names) {
    std::filesystem::create_directories((data / name).parent_path());
    std::filesystem::copy_file(source_path("data") / name, data / name);
  }
}

std::vector<CaseLine> case_lines(const std::string& name) {
  const std::filesystem::path path = source_path("tests/cases") / name;
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path.string());
  std::vector<CaseLine> lines;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    lines.push_back({number, line});
  }
  return lines;
}

std::string unescape(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size() && s[i + 1] == 'n') {
      out += '\n';
      ++i;
    } else {
      out += s[i];
    }
  }
  return out;
}

Marked unmark(const std::string& s) {
  static const std::string open = "⟦", close = "⟧";
  Marked m;
  size_t a = s.find(open);
  size_t b = s.find(close);
  if (a == std::string::npos || b == std::string::npos || b < a) {
    m.text = s;
    return m;
  }
  m.text = s.substr(0, a) + s.substr(a + open.size(), b - a - open.size()) + s.substr(b + close.size());
  m.begin = a;
  m.end = b - open.size();
  m.has_mark = true;
  return m;
}

const report::Resources& resources() {
  static const report::Resources loaded = [] {
    auto r = report::load_resources(source_path("data").string());
    if (!r) throw std::runtime_error(r.error().message);
    return std::move(r).value();
  }();
  return loaded;
}

}  // namespace jiedao::testing
