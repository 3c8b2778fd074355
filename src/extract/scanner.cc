#include "extract/scanner.h"

#include <array>

#include "text/utf8.h"

namespace jiedao::extract {

using text::code_point_at;
using text::code_point_before;
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

struct Cue {
  std::string_view word;
  std::string_view qualifier;
  std::u32string_view not_after;  // characters that make the cue the end of another word
};

// Whether a byte is the first (`last` false) or the last byte of any cue's word: a test
// that rules out most places before the words themselves are compared.
template <size_t N>
constexpr std::array<bool, 256> edge_bytes(const std::array<Cue, N>& cues, bool last) {
  std::array<bool, 256> found{};
  for (const Cue& cue : cues)
    found[static_cast<unsigned char>(last ? cue.word.back() : cue.word.front())] = true;
  return found;
}

std::string_view qualifier_after(std::string_view text, size_t pos) {
  static constexpr std::array<Cue, 8> kCues = {{
      {"以上", "at_least", U""},
      {"及以上", "at_least", U""},
      {"之上", "at_least", U""},
      {"以内", "at_most", U""},
      {"以下", "at_most", U""},
      {"之内", "at_most", U""},
      {"左右", "approx", U""},
      {"上下", "approx", U""},
  }};
  static constexpr std::array<bool, 256> kFirstBytes = edge_bytes(kCues, false);
  if (pos >= text.size() || !kFirstBytes[static_cast<unsigned char>(text[pos])]) return "exact";
  for (const Cue& cue : kCues) {
    if (starts_with(text, pos, cue.word)) return cue.qualifier;
  }
  return "exact";
}

// A one-character cue is a qualifier only when it is not the end of a word:
// 约 of 签约/节约/公约, 近 of 附近/最近, 超 of 赶超 say nothing about the number.
bool ends_word(std::string_view text, size_t cue_begin, std::u32string_view word_starts) {
  return word_starts.find(code_point_before(text, cue_begin)) != std::u32string_view::npos;
}

std::string_view qualifier_before(std::string_view text, size_t pos) {
  static constexpr std::array<Cue, 17> kCues = {{
      {"不超过", "at_most", U""},
      {"不到", "at_most", U""},
      {"不足", "at_most", U""},
      {"低于", "at_most", U""},
      {"少于", "at_most", U""},
      {"超过", "at_least", U""},
      {"高于", "at_least", U""},
      {"至少", "at_least", U""},
      {"多于", "at_least", U""},
      {"逾", "at_least", U""},
      {"超", "at_least", U"赶高"},
      {"大约", "approx", U""},
      {"约", "approx", U"签制节契预条公合特邀相履违隐婚规"},
      {"将近", "approx", U""},
      {"接近", "approx", U""},
      {"大概", "approx", U""},
      {"近", "approx", U"附最临靠就亲贴邻"},
  }};
  static constexpr std::array<bool, 256> kLastBytes = edge_bytes(kCues, true);
  if (pos == 0 || !kLastBytes[static_cast<unsigned char>(text[pos - 1])]) return "exact";
  for (const Cue& cue : kCues) {
    if (pos >= cue.word.size() && text.compare(pos - cue.word.size(), cue.word.size(), cue.word) == 0 &&
        !ends_word(text, pos - cue.word.size(), cue.not_after)) {
      return cue.qualifier;
    }
  }
  return "exact";
}

// A quantity written 百分之三十 / 百分之35.
std::optional<Quantity> read_percent_words(std::string_view text, size_t pos,
                                           const text::UnitLexicon& units) {
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
  q.qualifier = qualifier_before(text, pos);
  if (std::string_view after = qualifier_after(text, q.end); after != "exact") q.qualifier = after;
  return q;
}

// The quantity whose number starts at `pos`, if the text there is one.
std::optional<Quantity> read_quantity(std::string_view text, size_t pos, const text::Numeral& n,
                                      const text::UnitLexicon& units) {
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
  q.qualifier = qualifier_before(text, pos);
  if (more) q.qualifier = "at_least";
  if (std::string_view tail = qualifier_after(text, q.end); tail != "exact") q.qualifier = tail;
  return q;
}

}  // namespace

std::vector<Quantity> scan_quantities(std::string_view text, const text::UnitLexicon& units) {
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
    if (auto q = read_percent_words(text, i, units)) {
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
    if (auto q = read_quantity(text, i, *n, units)) {
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
