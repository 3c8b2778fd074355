#include "extract/families.h"

#include <algorithm>

#include "text/tsv.h"

namespace jiedao::extract {

Result<FamilyList> FamilyList::parse(std::string_view content, std::string_view source) {
  auto rows = parse_tsv(content, source, 5);
  if (!rows) return rows.error();
  FamilyList list;
  for (const TsvRow& row : rows.value()) {
    const std::string where = row_place(source, row);
    Family family{row.fields[0], row.fields[1], row.fields[2]};
    const bool snake = !family.key.empty() && std::all_of(family.key.begin(), family.key.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    });
    if (!snake) return Error{where + "family '" + family.key + "' is not snake_case"};
    if (list.contains(family.key)) return Error{where + "family '" + family.key + "' listed twice"};
    list.families_.push_back(std::move(family));
  }
  if (list.families_.empty()) return Error{std::string(source) + ": no family"};
  return list;
}

bool FamilyList::contains(std::string_view key) const {
  return std::any_of(families_.begin(), families_.end(), [&](const Family& f) { return f.key == key; });
}

}  // namespace jiedao::extract
