// The reader of jiedao's data files (lexicon, catalogue, gazetteer, names).
//
// A data file is UTF-8 text, one record per line, fields separated by tabs.
// Lines that are empty or start with '#' are comments; the header comment says
// what each column means. Every row must have exactly the expected number of
// fields, so that a stray space where a tab belongs is reported, not guessed.
#pragma once

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

// "source:line: ", the start of every message about a row, so that each names its file and line
// the same way.
std::string row_place(std::string_view source, const TsvRow& row);

// Splits `text` at `separator`, dropping empty pieces.
std::vector<std::string> split_list(std::string_view text, char separator);

}  // namespace jiedao
