// The reader of jiedao's data files (lexicon, catalogue, gazetteer, names, word lists).
//
// A data file is UTF-8 text, one record per line, fields separated by tabs.
// Lines that are empty or start with '#' are comments; the header comment says
// what each column means. Every row must have exactly the expected number of
// fields, so that a stray space where a tab belongs is reported, not guessed.
//
// A file of word lists (data/subject_words.tsv, data/cues/*.tsv) has one row per list,
// list<TAB>words, the words separated by | in the order the code tries them; the code names
// the lists it reads, and each must be given once, with words and none of them twice.
#pragma once

#include <array>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace jiedao {

struct TsvRow {
  int line = 0;                     // 1-based line number in the file
  std::vector<std::string> fields;  // exactly `columns` fields
};

// Parses `content` (named `source` in messages) into rows of `columns` fields.
// Returns an error naming source and line for the first malformed row.
Result<std::vector<TsvRow>> parse_tsv(std::string_view content, std::string_view source, size_t columns);

// The same reading without copies, for a file of tens of thousands of rows: `visit(line, fields)`
// gets each row's 1-based line number and its `columns` fields as views of `content`; its first
// error ends the reading and is returned.
Result<Done> for_each_tsv_row(
    std::string_view content, std::string_view source, size_t columns,
    const std::function<Result<Done>(int line, const std::vector<std::string_view>& fields)>& visit);

// "source:line: ", the start of every message about a row, so that each names its file and line
// the same way.
std::string row_place(std::string_view source, const TsvRow& row);
std::string row_place(std::string_view source, int line);

// Splits `text` at `separator`, dropping empty pieces.
std::vector<std::string> split_list(std::string_view text, char separator);

struct WordListRow {
  std::string place;               // row_place() of the list's row, for later checks' messages
  std::vector<std::string> words;  // as the file gives them, in its order
};

// Parses a file of word lists (`source` in messages) that must give the lists `names` and no
// other: their rows, in the order of `names`. The error names the file and line at fault.
Result<std::vector<WordListRow>> parse_word_lists(std::string_view content, std::string_view source,
                                                  const std::vector<std::string_view>& names);

// A list of a file of word lists and the member of T it fills.
template <class T, class List>
struct ListField {
  std::string_view name;
  List T::*list;
};

// The rows of the lists of `fields`, as parse_word_lists() reads them.
template <class T, class List, size_t N>
Result<std::vector<WordListRow>> parse_word_lists(std::string_view content, std::string_view source,
                                                  const std::array<ListField<T, List>, N>& fields) {
  std::vector<std::string_view> names;
  for (const ListField<T, List>& field : fields) names.push_back(field.name);
  return parse_word_lists(content, source, names);
}

// A T with the member of each field built from the words of its row (List is a
// std::vector<std::string> or a class constructed from one). REQUIRES: rows are those of `fields`.
template <class T, class List, size_t N>
T fill_word_lists(std::vector<WordListRow> rows, const std::array<ListField<T, List>, N>& fields) {
  T lists;
  for (size_t k = 0; k < N; ++k) lists.*(fields[k].list) = List(std::move(rows[k].words));
  return lists;
}

// Parses a file of word lists into a T, one member per field of `fields`.
template <class T, class List, size_t N>
Result<T> parse_word_lists_into(std::string_view content, std::string_view source,
                                const std::array<ListField<T, List>, N>& fields) {
  auto rows = parse_word_lists(content, source, fields);
  if (!rows) return rows.error();
  return fill_word_lists(std::move(rows).value(), fields);
}

}  // namespace jiedao
