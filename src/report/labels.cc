#include "report/labels.h"

#include "text/tsv.h"

namespace jiedao::report {

namespace {

constexpr std::string_view kKinds[] = {"unit", "status", "category", "span"};

}  // namespace

Result<Labels> Labels::parse(std::string_view content, std::string_view source) {
  auto rows = parse_tsv(content, source, 4);
  if (!rows) return rows.error();
  Labels labels;
  for (std::string_view kind : kKinds) labels.kinds_[std::string(kind)];
  for (const TsvRow& row : rows.value()) {
    const std::string& kind = row.fields[0];
    auto of_kind = labels.kinds_.find(kind);
    if (of_kind == labels.kinds_.end())
      return Error{row_place(source, row) + "unknown kind '" + kind +
                   "'; a label is of a unit, status or category"};
    if (row.fields[1].empty() || row.fields[2].empty() || row.fields[3].empty())
      return Error{row_place(source, row) + "a label needs its key, its Chinese and its English words"};
    if (!of_kind->second.emplace(row.fields[1], Label{row.fields[2], row.fields[3]}).second)
      return Error{row_place(source, row) + "the " + kind + " '" + row.fields[1] + "' is labelled twice"};
  }
  return labels;
}

const std::map<std::string, Label>& Labels::of(std::string_view kind) const {
  static const std::map<std::string, Label> kNone;
  auto found = kinds_.find(std::string(kind));
  return found == kinds_.end() ? kNone : found->second;
}

}  // namespace jiedao::report
