// Test cases kept as data files in tests/cases/, in the manner of Duckling's
// Corpus.hs: one expectation, then every wording that must give it.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "report/resources.h"

namespace jiedao::testing {

// A line of a case file: its 1-based number and its text (comments and blank lines dropped).
struct CaseLine {
  int number = 0;
  std::string text;
};

// A file or folder of the source tree, by its path from the top (JIEDAO_SOURCE_DIR). A path, not
// `std::string(JIEDAO_SOURCE_DIR) + ...`: GCC 12 at -O2 warns of that sum (its bug 105329).
std::filesystem::path source_path(std::string_view relative);

// Copies the project's data files (report::kDataFiles and the labels) into the folder `data`, as
// the --data folder of a daemon holds them.
void copy_data_folder(const std::filesystem::path& data);

// The lines of tests/cases/NAME.
std::vector<CaseLine> case_lines(const std::string& name);

// Replaces the two-character escape \n with a line break.
std::string unescape(const std::string& s);

// A text with its quote marked ⟦like this⟧: the text without the marks and the quote's byte span.
struct Marked {
  std::string text;
  size_t begin = 0, end = 0;
  bool has_mark = false;
};
Marked unmark(const std::string& s);

// The project's real data files, loaded once.
const report::Resources& resources();

}  // namespace jiedao::testing
