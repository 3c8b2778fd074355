// Report kinds (data/report_kinds.tsv): what kind of text a report is (a year review, a
// half-year review, a review of several years, a five-year or a year plan, a year's announced
// projects, a profile or news page), the cues that announce each, and the period and status
// each gives the facts of its sections. A domain expert adds a kind by editing the file.
// ReportKinds is immutable after parse() and safe to share between threads.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "extract/fact.h"

namespace jiedao::report {

// How a kind's period follows from the report's year Y.
enum class KindYears { kYear, kFirstHalf, kLast, kLastCue, kPlan, kYearPublished };

struct KindRule {
  std::string kind;  // multi-year review, project list, ...
  bool in_title = false, in_opening = false, in_heading = false, in_sentence = false, in_body = false;
  // Alternatives; an alternative matches when all its words are in the window.
  std::vector<std::vector<std::string>> cues;
  KindYears years = KindYears::kYear;
  int count = 0;  // N of last:N and plan:N
  Status status = Status::kActual;
};

// Where a cue was found: the rule, the alternative as written (实事项目&出炉) and the byte
// offset of the window it was found in.
struct KindMatch {
  const KindRule* rule = nullptr;
  std::string cue;
  size_t at = 0;
};

class ReportKinds {
 public:
  // Parses the file's content; `source` names it in error messages.
  static Result<ReportKinds> parse(std::string_view content, std::string_view source);

  const std::vector<KindRule>& rules() const { return rules_; }

  // The index in rules() of the first rule, in file order, with `where` set whose cue matches
  // `window` (a title line, the opening, a heading or a sentence), or rules().size() when none;
  // `cue`, when given, gets the alternative that matched. ASCII and ideographic spaces of the
  // window are ignored (政 府 工 作 报 告). Several places' rules compare by their index.
  enum class Where { kTitle, kOpening, kHeading, kSentence };
  size_t match_index(std::string_view window, Where where, std::string* cue) const;

  // The body row whose words dominate the first 2000 bytes of `text` (see the file), if any.
  KindMatch match_body(std::string_view text) const;

  // The years a cue counts (五年来 → 5, 过去十年 → 10), or 0.
  static int cue_years(std::string_view cue);

  // The years a heading reviews by name: those of the first cue of a heading rule of several
  // years (last:cue) that it holds (一、过去五年工作简要回顾 → 5), or 0.
  int years_reviewed(std::string_view heading) const;

 private:
  std::vector<KindRule> rules_;
};

}  // namespace jiedao::report
