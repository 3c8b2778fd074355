#include "text/tsv.h"

#include "text/utf8.h"

namespace jiedao {

Result<std::vector<TsvRow>> parse_tsv(std::string_view content, std::string_view source, size_t columns) {
  if (auto bad = text::find_invalid_utf8(content)) {
    return Error{std::string(source) + ": not valid UTF-8 at byte " + std::to_string(*bad) +
                 "; save the file as UTF-8"};
  }
  std::vector<TsvRow> rows;
  int line_number = 0;
  size_t pos = 0;
  while (pos <= content.size()) {
    size_t end = content.find('\n', pos);
    if (end == std::string_view::npos) end = content.size();
    std::string_view line = content.substr(pos, end - pos);
    ++line_number;
    pos = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    TsvRow row;
    row.line = line_number;
    size_t start = 0;
    while (true) {
      size_t tab = line.find('\t', start);
      row.fields.emplace_back(line.substr(start, tab == std::string_view::npos ? line.npos : tab - start));
      if (tab == std::string_view::npos) break;
      start = tab + 1;
    }
    if (row.fields.size() != columns) {
      return Error{row_place(source, row) + "expected " + std::to_string(columns) +
                   " tab-separated fields, found " + std::to_string(row.fields.size())};
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<std::string> split_list(std::string_view text, char separator) {
  std::vector<std::string> pieces;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(separator, start);
    if (end == std::string_view::npos) end = text.size();
    if (end > start) pieces.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return pieces;
}

std::string row_place(std::string_view source, const TsvRow& row) {
  return std::string(source) + ":" + std::to_string(row.line) + ": ";
}

}  // namespace jiedao
