#include "text/tsv.h"

#include <algorithm>

#include "text/utf8.h"

namespace jiedao {

Result<Done> for_each_tsv_row(
    std::string_view content, std::string_view source, size_t columns,
    const std::function<Result<Done>(int line, const std::vector<std::string_view>& fields)>& visit) {
  if (auto bad = text::find_invalid_utf8(content)) {
    return Error{std::string(source) + ": not valid UTF-8 at byte " + std::to_string(*bad) +
                 "; save the file as UTF-8"};
  }
  std::vector<std::string_view> fields;
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
    fields.clear();
    size_t start = 0;
    while (true) {
      size_t tab = line.find('\t', start);
      fields.push_back(line.substr(start, tab == std::string_view::npos ? line.npos : tab - start));
      if (tab == std::string_view::npos) break;
      start = tab + 1;
    }
    if (fields.size() != columns) {
      return Error{row_place(source, line_number) + "expected " + std::to_string(columns) +
                   " tab-separated fields, found " + std::to_string(fields.size())};
    }
    if (auto visited = visit(line_number, fields); !visited) return visited;
  }
  return Done{};
}

Result<std::vector<TsvRow>> parse_tsv(std::string_view content, std::string_view source, size_t columns) {
  std::vector<TsvRow> rows;
  auto read =
      for_each_tsv_row(content, source, columns, [&](int line, const std::vector<std::string_view>& fields) {
        rows.push_back(TsvRow{line, std::vector<std::string>(fields.begin(), fields.end())});
        return Result<Done>(Done{});
      });
  if (!read) return read.error();
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

std::string row_place(std::string_view source, const TsvRow& row) { return row_place(source, row.line); }

std::string row_place(std::string_view source, int line) {
  return std::string(source) + ":" + std::to_string(line) + ": ";
}

namespace {

std::string joined(const std::vector<std::string_view>& names) {
  std::string all;
  for (std::string_view name : names) all += (all.empty() ? "" : ", ") + std::string(name);
  return all;
}

}  // namespace

Result<std::vector<WordListRow>> parse_word_lists(std::string_view content, std::string_view source,
                                                  const std::vector<std::string_view>& names) {
  auto rows = parse_tsv(content, source, 2);
  if (!rows) return rows.error();
  std::vector<WordListRow> lists(names.size());
  for (const TsvRow& row : rows.value()) {
    const std::string where = row_place(source, row);
    const auto name = std::find(names.begin(), names.end(), row.fields[0]);
    if (name == names.end())
      return Error{where + "unknown list '" + row.fields[0] + "' (" + joined(names) + ")"};
    WordListRow& list = lists[static_cast<size_t>(name - names.begin())];
    if (!list.place.empty()) return Error{where + "list '" + row.fields[0] + "' given twice"};
    list = {where, split_list(row.fields[1], '|')};
    if (list.words.empty()) return Error{where + "no word"};
    for (auto w = list.words.begin(); w != list.words.end(); ++w) {
      if (std::find(list.words.begin(), w, *w) != w)
        return Error{where + "'" + *w + "' is twice in list '" + row.fields[0] + "'"};
    }
  }
  for (size_t k = 0; k < names.size(); ++k) {
    if (lists[k].place.empty())
      return Error{std::string(source) + ": no list '" + std::string(names[k]) +
                   "' (every list is needed: " + joined(names) + ")"};
  }
  return lists;
}

}  // namespace jiedao
