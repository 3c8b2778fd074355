// What a quantity counts: its subject (the words of the text that name it) and
// its catalogue indicator.
//
// Chinese reports name the counted thing either after the measure word
// (新增475个停车位) or before the number (新增就业岗位3188个), and a quantity
// that follows another in a clause shares its words (拆除违法搭建92处3.61万平方米;
// 共拆除违法搭建30处,面积463.58平方米). The search therefore looks, in order,
// right after the quantity, right before it, in the rest of its clause, in the
// earlier clauses of its sentence, then in the list items a semicolon joins to it;
// within a place the nearest wording wins (then the longest), and only
// indicators measured in the quantity's unit are considered.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "extract/catalogue.h"
#include "extract/clauses.h"
#include "extract/scanner.h"

namespace jiedao::extract {

struct SubjectReading {
  int indicator = -1;  // index into the catalogue, or -1
  std::string subject;
};

// `marks` are the clause marks of `text`; `quantities` are the facts of the document in
// order and `k` the one to read; `matches` is catalogue.find_all(text).
SubjectReading read_subject(std::string_view text, const ClauseMarks& marks,
                            const std::vector<Quantity>& quantities, size_t k, std::string_view unit,
                            std::string_view counts, const Catalogue& catalogue, const std::vector<WordingMatch>& matches);

}  // namespace jiedao::extract
