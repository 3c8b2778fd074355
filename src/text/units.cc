#include "text/units.h"

#include <algorithm>
#include <charconv>

#include "text/tsv.h"

namespace jiedao::text {

bool is_canonical_unit(std::string_view unit) {
  return std::find(kCanonicalUnits.begin(), kCanonicalUnits.end(), unit) != kCanonicalUnits.end();
}

namespace {

bool parse_double(std::string_view s, double& out) {
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

// "10000/15" or "0.001".
bool parse_factor(std::string_view s, double& out) {
  size_t slash = s.find('/');
  if (slash == std::string_view::npos) return parse_double(s, out) && out > 0;
  double num = 0, den = 0;
  if (!parse_double(s.substr(0, slash), num) || !parse_double(s.substr(slash + 1), den) || den == 0) {
    return false;
  }
  out = num / den;
  return out > 0;
}

}  // namespace

Result<UnitLexicon> UnitLexicon::parse(std::string_view content, std::string_view source) {
  auto rows = parse_tsv(content, source, 4);
  if (!rows) return rows.error();
  UnitLexicon lexicon;
  for (const TsvRow& row : rows.value()) {
    const std::string where = std::string(source) + ":" + std::to_string(row.line) + ": ";
    UnitEntry entry;
    entry.surface = row.fields[0];
    entry.unit = row.fields[1];
    if (entry.surface.empty()) return Error{where + "empty surface"};
    if (!is_canonical_unit(entry.unit)) {
      return Error{where + "unknown unit '" + entry.unit + "' (see FACTS.md §2 for the canonical units)"};
    }
    if (!parse_factor(row.fields[2], entry.factor)) {
      return Error{where + "factor '" + row.fields[2] + "' is not a positive number or fraction"};
    }
    if (row.fields[3] != "-") {
      for (const std::string& flag : split_list(row.fields[3], ',')) {
        if (flag == "digits_only") {
          entry.digits_only = true;
        } else if (flag == "change") {
          entry.change = true;
        } else if (flag.rfind("not_before=", 0) == 0) {
          entry.not_before = split_list(std::string_view(flag).substr(11), '|');
        } else {
          return Error{where + "unknown flag '" + flag + "' (digits_only, change, not_before=A|B)"};
        }
      }
    }
    for (const UnitEntry& other : lexicon.entries_) {
      if (other.surface == entry.surface) return Error{where + "surface '" + entry.surface + "' listed twice"};
    }
    lexicon.entries_.push_back(std::move(entry));
  }
  for (size_t i = 0; i < lexicon.entries_.size(); ++i) {
    lexicon.by_first_byte_[static_cast<unsigned char>(lexicon.entries_[i].surface[0])].push_back(i);
  }
  for (auto& bucket : lexicon.by_first_byte_) {
    std::stable_sort(bucket.begin(), bucket.end(), [&](size_t a, size_t b) {
      return lexicon.entries_[a].surface.size() > lexicon.entries_[b].surface.size();
    });
  }
  return lexicon;
}

const UnitEntry* UnitLexicon::match(std::string_view text, size_t pos, bool after_digits) const {
  if (pos >= text.size()) return nullptr;
  for (size_t index : by_first_byte_[static_cast<unsigned char>(text[pos])]) {
    const UnitEntry& entry = entries_[index];
    if (text.compare(pos, entry.surface.size(), entry.surface) != 0) continue;
    if (entry.digits_only && !after_digits) continue;
    std::string_view rest = text.substr(pos + entry.surface.size());
    bool blocked = std::any_of(entry.not_before.begin(), entry.not_before.end(),
                               [&](const std::string& word) { return rest.substr(0, word.size()) == word; });
    if (!blocked) return &entry;
  }
  return nullptr;
}

}  // namespace jiedao::text
