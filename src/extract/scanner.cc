#include "extract/scanner.h"

#include <array>

#include "text/utf8.h"

namespace jiedao::extract {

using text::code_point_at;
using text::decode_at;

namespace {

// What may stand before the minus of a negative rate: a word, or a list or clause mark.
bool opens_signed_number(char32_t c) {
  return text::is_han(c) || c == U'、' || c == U'，' || c == U',' || c == U'：' || c == U'(' || c == U'（';
}

bool starts_with(std::string_view text, size_t pos, std::string_view word) {
  return text.compare(pos, word.size(), word) == 0;
}

// Whitespace, including line and page breaks, between a number and its unit
// (建成6\n\n个民主法治示范村). Returns the offset after it, or pos when there is
// too much of it to be one phrase.
size_t skip_break(std::string_view text, size_t pos) {
  size_t i = pos;
  int spaces = 0;
  size_t length = 0;
  while (i < text.size() && text::is_space(decode_at(text, i, length))) {
    if (++spaces > 8) return pos;
    i += length;
  }
  return i;
}

constexpr std::array<std::string_view, 9> kRangeSeparators = {"-", "~", "～", "至", "到",
                                                              "—", "–", "－", "〜"};

struct UnitAt {
  const text::UnitEntry* entry = nullptr;
  size_t end = 0;
  bool plain = false;  // read after the plain digits: the unit carries the multiplier
};

// The unit after a number: first after its multipliers (3.61万|平方米), then,
// when none fits there, after the plain digits (1.2|万千瓦, 5|千米).
UnitAt unit_after(std::string_view text, const text::Numeral& n, size_t after_number,
                  const text::UnitLexicon& units) {
  const bool arabic = n.form == text::NumeralForm::kArabic;
  size_t at = skip_break(text, after_number);
  if (const auto* entry = units.match(text, at, arabic)) {
    return {entry, at + entry->surface.size(), false};
  }
  if (arabic && n.plain_end != n.end && after_number == n.end) {
    if (const auto* entry = units.match(text, n.plain_end, arabic)) {
      return {entry, n.plain_end + entry->surface.size(), true};
    }
  }
  return {};
}

// 余/多 after the number (9万余人次, 4000多名) or '+' (100+企业).
size_t read_inner_more(std::string_view text, size_t pos, bool& more) {
  if (starts_with(text, pos, "余") || starts_with(text, pos, "多")) {
    more = true;
    return pos + 3;
  }
  return pos;
}

// The qualifier of the longest word of `words.after` that starts at `pos`, or "exact".
std::string_view qualifier_after(std::string_view text, size_t pos, const QualifierWords& words) {
  if (pos >= text.size() || !words.first_bytes_after[static_cast<unsigned char>(text[pos])]) return "exact";
  const QualifierWords::Cue* best = nullptr;
  for (const QualifierWords::Cue& cue : words.after) {
    if (starts_with(text, pos, cue.word) && (best == nullptr || cue.word.size() > best->word.size()))
      best = &cue;
  }
  return best != nullptr ? best->qualifier : "exact";
}

// Whether `cue`, ending at `pos`, ends a longer word that says nothing about the number (签约, 附近,
// 赶超): a qualifier only where it is not the end of another word.
bool ends_other_word(std::string_view text, size_t pos, std::string_view cue, const QualifierWords& words) {
  for (const std::string& w : words.not_before) {
    if (w.size() > cue.size() && w.ends_with(cue) && pos >= w.size() &&
        text.compare(pos - w.size(), w.size(), w) == 0)
      return true;
  }
  return false;
}

// The qualifier of the longest word of `words.before` that ends at `pos`, or "exact".
std::string_view qualifier_before(std::string_view text, size_t pos, const QualifierWords& words) {
  if (pos == 0 || !words.last_bytes_before[static_cast<unsigned char>(text[pos - 1])]) return "exact";
  const QualifierWords::Cue* best = nullptr;
  for (const QualifierWords::Cue& cue : words.before) {
    const std::string_view w = cue.word;
    if (pos >= w.size() && text.compare(pos - w.size(), w.size(), w) == 0 &&
        (best == nullptr || w.size() > best->word.size()) && !ends_other_word(text, pos, w, words))
      best = &cue;
  }
  return best != nullptr ? best->qualifier : "exact";
}

// A quantity written 百分之三十 / 百分之35.
std::optional<Quantity> read_percent_words(std::string_view text, size_t pos, const text::UnitLexicon& units,
                                           const QualifierWords& qualifiers) {
  static constexpr std::string_view kPrefix = "百分之";
  if (!starts_with(text, pos, kPrefix)) return std::nullopt;
  auto n = text::read_numeral(text, pos + kPrefix.size());
  if (!n || n->form == text::NumeralForm::kChineseDigits) return std::nullopt;
  Quantity q;
  q.begin = pos;
  q.end = n->end;
  q.number = *n;
  q.unit = units.match("%", 0, true);
  if (q.unit == nullptr) return std::nullopt;  // a lexicon without % has no percentages
  q.qualifier = qualifier_before(text, pos, qualifiers);
  if (std::string_view after = qualifier_after(text, q.end, qualifiers); after != "exact")
    q.qualifier = after;
  return q;
}

// The quantity whose number starts at `pos`, if the text there is one.
std::optional<Quantity> read_quantity(std::string_view text, size_t pos, const text::Numeral& n,
                                      const text::UnitLexicon& units, const QualifierWords& qualifiers) {
  bool more = n.approximate_more;
  size_t after = read_inner_more(text, n.end, more);
  Quantity q;
  q.begin = pos;
  q.number = n;
  UnitAt unit = unit_after(text, n, after, units);
  // A range: 2-3条, 1至2个, 两至三个.
  if (unit.entry == nullptr && !more) {
    for (std::string_view sep : kRangeSeparators) {
      if (!starts_with(text, after, sep)) continue;
      auto second = text::read_numeral(text, after + sep.size());
      if (!second || second->form != n.form || second->value <= n.value) break;
      bool more2 = second->approximate_more;
      size_t after2 = read_inner_more(text, second->end, more2);
      UnitAt unit2 = unit_after(text, *second, after2, units);
      if (unit2.entry == nullptr) break;
      q.upper = unit2.plain ? second->plain_decimal : second->decimal;
      unit = unit2;
      more = more2;
      break;
    }
  }
  if (unit.entry != nullptr) {
    q.unit = unit.entry;
    q.end = unit.end;
    if (unit.plain) {
      q.number.value = q.number.plain_value;
      q.number.decimal = q.number.plain_decimal;
    }
  } else if (n.form == text::NumeralForm::kArabic && starts_with(text, n.end, "+") &&
             text::is_han(code_point_at(text, n.end + 1))) {
    // 100+企业: a count with no measure word, at least the number.
    q.end = n.end + 1;
    more = true;
  } else {
    return std::nullopt;
  }
  // A negative rate after words or in a list (同比增速-21.4%; 同比分别-6.2%、-19.3%): the minus is
  // part of the quote. Not after a digit, where it is a range or a date (2-3条, 2019-2020).
  if (q.unit != nullptr && q.unit->unit == "percent") {
    for (std::string_view minus : {"-", "－", "−"}) {
      if (pos > minus.size() && text.compare(pos - minus.size(), minus.size(), minus) == 0 &&
          opens_signed_number(code_point_at(text, text::previous_start(text, pos - minus.size())))) {
        q.begin = pos - minus.size();
        q.number.value = -q.number.value;
        q.number.plain_value = -q.number.plain_value;
        q.number.decimal.negate();
        q.number.plain_decimal.negate();
        pos = q.begin;
        break;
      }
    }
  }
  q.qualifier = qualifier_before(text, pos, qualifiers);
  if (more) q.qualifier = "at_least";
  if (std::string_view tail = qualifier_after(text, q.end, qualifiers); tail != "exact") q.qualifier = tail;
  return q;
}

}  // namespace

std::vector<Quantity> scan_quantities(std::string_view text, const text::UnitLexicon& units,
                                      const QualifierWords& qualifiers) {
  std::vector<Quantity> found;
  size_t i = 0;
  size_t length = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    // Fast path: ASCII bytes other than digits start nothing.
    if (byte < 0x80 && (byte < '0' || byte > '9')) {
      ++i;
      continue;
    }
    // Nothing starts at a character that starts no number (百分之 starts with one).
    if (byte >= 0x80) {
      const char32_t c = decode_at(text, i, length);
      if (!text::starts_numeral(c)) {
        i += length;
        continue;
      }
    }
    if (auto q = read_percent_words(text, i, units, qualifiers)) {
      i = q->end;
      found.push_back(*q);
      continue;
    }
    auto n = text::read_numeral(text, i);
    if (!n) {
      decode_at(text, i, length);
      i += length;
      continue;
    }
    if (auto q = read_quantity(text, i, *n, units, qualifiers)) {
      found.push_back(*q);
      i = q->end;
    } else {
      i = n->end > i ? n->end : i + 1;
    }
  }
  return found;
}

bool listed_together(std::string_view text, const Quantity& a, const Quantity& b) {
  if (b.begin < a.end) return false;
  std::string_view gap = text.substr(a.end, b.begin - a.end);
  size_t length = 0;
  while (!gap.empty()) {
    const char32_t c = text::decode_at(gap, 0, length);
    if (!(text::is_space(c) || c == U'、' || c == U'和' || c == U'及' || c == U'与')) return false;
    gap.remove_prefix(length);
  }
  return true;
}

}  // namespace jiedao::extract
