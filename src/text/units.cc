#include "text/units.h"

#include <algorithm>
#include <charconv>

#include "text/decimal.h"
#include "text/tsv.h"
#include "text/utf8.h"

namespace jiedao::text {

bool is_canonical_unit(std::string_view unit) {
  return std::find(kCanonicalUnits.begin(), kCanonicalUnits.end(), unit) != kCanonicalUnits.end();
}

namespace {}  // namespace

Result<UnitLexicon> UnitLexicon::parse(std::string_view content, std::string_view source) {
  auto rows = parse_tsv(content, source, 5);
  if (!rows) return rows.error();
  UnitLexicon lexicon;
  for (const TsvRow& row : rows.value()) {
    const std::string where = row_place(source, row);
    UnitEntry entry;
    entry.surface = row.fields[0];
    entry.unit = row.fields[1];
    if (entry.surface.empty()) return Error{where + "empty surface"};
    if (!is_canonical_unit(entry.unit)) {
      return Error{where + "unknown unit '" + entry.unit + "' (see FACTS.md §2 for the canonical units)"};
    }
    const std::string& factor = row.fields[2];
    if (!parse_ratio(factor.data(), factor.data() + factor.size(), entry.numerator, entry.denominator)) {
      return Error{where + "factor '" + row.fields[2] + "' is not a positive number or fraction"};
    }
    entry.factor = static_cast<double>(entry.numerator) / static_cast<double>(entry.denominator);
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
    entry.counts = row.fields[4] == "-" ? "" : row.fields[4];
    if ((entry.unit == "count") != !entry.counts.empty()) {
      return Error{where + (entry.counts.empty()
                                ? "a measure word needs its measure class (户 households, 个 items, ...)"
                                : "only a measure word (unit count) has a measure class; write -")};
    }
    if (!std::all_of(entry.counts.begin(), entry.counts.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || c == '-'; })) {
      return Error{where + "measure class '" + entry.counts + "' is not lowercase words joined by -"};
    }
    for (const UnitEntry& other : lexicon.entries_) {
      if (other.surface == entry.surface)
        return Error{where + "surface '" + entry.surface + "' listed twice"};
    }
    lexicon.entries_.push_back(std::move(entry));
  }
  std::vector<size_t> longest_first(lexicon.entries_.size());
  for (size_t i = 0; i < longest_first.size(); ++i) longest_first[i] = i;
  std::stable_sort(longest_first.begin(), longest_first.end(), [&](size_t a, size_t b) {
    return lexicon.entries_[a].surface.size() > lexicon.entries_[b].surface.size();
  });
  for (size_t index : longest_first) {
    size_t length = 0;
    const char32_t first = decode_at(lexicon.entries_[index].surface, 0, length);
    auto at = std::lower_bound(lexicon.first_chars_.begin(), lexicon.first_chars_.end(), first);
    const auto bucket = static_cast<size_t>(at - lexicon.first_chars_.begin());
    if (at == lexicon.first_chars_.end() || *at != first) {
      lexicon.first_chars_.insert(at, first);
      lexicon.by_first_char_.insert(lexicon.by_first_char_.begin() + static_cast<ptrdiff_t>(bucket),
                                    std::vector<size_t>{});
    }
    lexicon.by_first_char_[bucket].push_back(index);
  }
  return lexicon;
}

std::string UnitLexicon::class_label(std::string_view counts) const {
  for (const UnitEntry& entry : entries_) {
    if (entry.counts == counts) return entry.surface + " " + entry.counts;
  }
  return std::string(counts);
}

bool UnitLexicon::has_class(std::string_view counts) const {
  return std::any_of(entries_.begin(), entries_.end(),
                     [&](const UnitEntry& e) { return e.counts == counts; });
}

const UnitEntry* UnitLexicon::match(std::string_view text, size_t pos, bool after_digits) const {
  if (pos >= text.size()) return nullptr;
  // A surface is valid UTF-8, so it can match only where a whole character starts.
  const auto lead = static_cast<unsigned char>(text[pos]);
  const size_t char_length = lead < 0x80 ? 1 : lead < 0xC0 ? 0 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
  if (char_length == 0 || pos + char_length > text.size()) return nullptr;
  size_t length = 0;
  const char32_t first = decode_at(text, pos, length);
  auto at = std::lower_bound(first_chars_.begin(), first_chars_.end(), first);
  if (at == first_chars_.end() || *at != first) return nullptr;
  for (size_t index : by_first_char_[static_cast<size_t>(at - first_chars_.begin())]) {
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
