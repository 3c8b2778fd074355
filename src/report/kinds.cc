#include "report/kinds.h"

#include <algorithm>

#include "text/numeral.h"
#include "text/tsv.h"
#include "text/utf8.h"

namespace jiedao::report {

namespace {

// "last:5" → (kLast, 5); "last:cue" → kLastCue; "plan:5"; "year"; "first_half"; "year_published".
bool parse_years(std::string_view s, KindRule& rule) {
  auto count_of = [&](std::string_view prefix, KindYears years) {
    if (s.substr(0, prefix.size()) != prefix) return false;
    std::string_view n = s.substr(prefix.size());
    if (n == "cue" && years == KindYears::kLast) {
      rule.years = KindYears::kLastCue;
      return true;
    }
    int value = 0;
    for (char c : n) {
      if (c < '0' || c > '9') return false;
      value = value * 10 + (c - '0');
    }
    if (n.empty() || value < 1 || value > 30) return false;
    rule.years = years;
    rule.count = value;
    return true;
  };
  if (s == "year")
    rule.years = KindYears::kYear;
  else if (s == "first_half")
    rule.years = KindYears::kFirstHalf;
  else if (s == "year_published")
    rule.years = KindYears::kYearPublished;
  else
    return count_of("last:", KindYears::kLast) || count_of("plan:", KindYears::kPlan);
  return true;
}

std::string without_spaces(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t length = 0;
  for (size_t i = 0; i < s.size(); i += length) {
    const char32_t c = text::decode_at(s, i, length);
    if (!text::is_space(c)) out.append(s.substr(i, length));
  }
  return out;
}

}  // namespace

Result<ReportKinds> ReportKinds::parse(std::string_view content, std::string_view source) {
  auto rows = parse_tsv(content, source, 5);
  if (!rows) return rows.error();
  ReportKinds kinds;
  for (const TsvRow& row : rows.value()) {
    const std::string where = row_place(source, row);
    KindRule rule;
    rule.kind = row.fields[0];
    if (rule.kind.empty()) return Error{where + "empty kind"};
    for (const std::string& w : split_list(row.fields[1], ',')) {
      if (w == "title")
        rule.in_title = true;
      else if (w == "opening")
        rule.in_opening = true;
      else if (w == "heading")
        rule.in_heading = true;
      else if (w == "sentence")
        rule.in_sentence = true;
      else if (w == "body")
        rule.in_body = true;
      else
        return Error{where + "unknown place '" + w + "' (title, opening, heading, sentence, body)"};
    }
    for (const std::string& alternative : split_list(row.fields[2], '|')) {
      std::vector<std::string> words = split_list(alternative, '&');
      if (words.empty()) return Error{where + "empty cue"};
      rule.cues.push_back(std::move(words));
    }
    if (rule.cues.empty()) return Error{where + "no cue"};
    if (!parse_years(row.fields[3], rule)) {
      return Error{where + "years '" + row.fields[3] +
                   "' is not year, first_half, year_published, last:N, last:cue or plan:N"};
    }
    if (rule.years == KindYears::kLastCue) {
      for (const auto& words : rule.cues) {
        if (cue_years(words.front()) == 0) {
          return Error{where + "cue '" + words.front() + "' names no number of years, which last:cue needs"};
        }
      }
    }
    const std::optional<Status> status = parse_status(row.fields[4]);
    if (!status) return Error{where + "status '" + row.fields[4] + "' is not actual or target"};
    rule.status = *status;
    kinds.rules_.push_back(std::move(rule));
  }
  return kinds;
}

size_t ReportKinds::match_index(std::string_view window, Where where, std::string* cue) const {
  // Most windows have no space to drop: they are searched as they are, without a copy.
  const bool spaced =
      window.find(' ') != std::string_view::npos || window.find("\u3000") != std::string_view::npos;
  const std::string copy = spaced ? without_spaces(window) : std::string();
  const std::string_view flat = spaced ? std::string_view(copy) : window;
  for (size_t r = 0; r < rules_.size(); ++r) {
    const KindRule& rule = rules_[r];
    const bool here =
        (where == Where::kTitle && rule.in_title) || (where == Where::kOpening && rule.in_opening) ||
        (where == Where::kHeading && rule.in_heading) || (where == Where::kSentence && rule.in_sentence);
    if (!here) continue;
    for (const auto& words : rule.cues) {
      const bool all = std::all_of(words.begin(), words.end(), [&](const std::string& w) {
        return text::find_word(flat, w) != std::string_view::npos;
      });
      if (!all) continue;
      if (cue != nullptr) {
        cue->clear();
        for (const std::string& w : words) *cue += (cue->empty() ? "" : "&") + w;
      }
      return r;
    }
  }
  return rules_.size();
}

KindMatch ReportKinds::match_body(std::string_view text) const {
  size_t cut = std::min<size_t>(text.size(), 2000);
  while (cut < text.size() && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) ++cut;
  const std::string_view body = text.substr(0, cut);
  const KindRule* best = nullptr;
  int best_count = 0, runner_up = 0;
  for (const KindRule& rule : rules_) {
    if (!rule.in_body) continue;
    int count = 0;
    for (const auto& words : rule.cues) {
      for (size_t at = text::find_word(body, words.front()); at != body.npos;
           at = text::find_word(body, words.front(), at + 1))
        ++count;
    }
    if (count > best_count) {
      runner_up = best_count;
      best_count = count;
      best = &rule;
    } else if (count > runner_up) {
      runner_up = count;
    }
  }
  if (best == nullptr || best_count < 4 || best_count < 2 * runner_up) return {};
  return {best, "body: " + std::to_string(best_count) + " words of " + best->kind, 0};
}

int ReportKinds::cue_years(std::string_view cue) {
  size_t length = 0;
  for (size_t i = 0; i < cue.size(); i += length) {
    const char32_t c = text::decode_at(cue, i, length);
    if (text::chinese_digit_value(c) >= 0 || c == U'十' || text::digit_value(c) >= 0) {
      auto n = text::read_numeral(cue, i);
      if (n && n->value >= 1 && n->value <= 30 && cue.substr(n->end, 3) == "年") {
        return static_cast<int>(n->value);
      }
      return 0;
    }
  }
  return 0;
}

int ReportKinds::years_reviewed(std::string_view heading) const {
  for (const KindRule& rule : rules_) {
    if (!rule.in_heading || rule.years != KindYears::kLastCue) continue;
    for (const auto& words : rule.cues) {
      if (std::all_of(words.begin(), words.end(), [&](const std::string& w) {
            return text::find_word(heading, w) != std::string_view::npos;
          }))
        return cue_years(words.front());
    }
  }
  return 0;
}

}  // namespace jiedao::report
