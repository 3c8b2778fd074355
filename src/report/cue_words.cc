#include "report/cue_words.h"

#include <array>

#include "text/tsv.h"

namespace jiedao::report {

namespace {

constexpr std::array<ListField<SectionWords, Words>, 10> kSectionLists = {
    {{"review", &SectionWords::review},
     {"plan", &SectionWords::plan},
     {"plan_period", &SectionWords::plan_period},
     {"plan_period_name", &SectionWords::plan_period_name},
     {"half_year", &SectionWords::half_year},
     {"progress", &SectionWords::progress},
     {"project", &SectionWords::project},
     {"congress_report", &SectionWords::congress_report},
     {"proposed", &SectionWords::proposed},
     {"date_label", &SectionWords::date_label}}};

constexpr std::array<ListField<TimeWords, Words>, 18> kTimeLists = {
    {{"until", &TimeWords::until},
     {"year_opener", &TimeWords::year_opener},
     {"from", &TimeWords::from},
     {"from_end", &TimeWords::from_end},
     {"since", &TimeWords::since},
     {"first_half", &TimeWords::first_half},
     {"strive", &TimeWords::strive},
     {"strive_for", &TimeWords::strive_for},
     {"yield", &TimeWords::yield},
     {"plan_filler", &TimeWords::plan_filler},
     {"planned", &TimeWords::planned},
     {"target_word", &TimeWords::target},
     {"quoted_target", &TimeWords::quoted_target},
     {"projects", &TimeWords::projects},
     {"put", &TimeWords::put},
     {"plan_after", &TimeWords::plan_after},
     {"now", &TimeWords::now},
     {"average", &TimeWords::average}}};

}  // namespace

Result<SectionWords> SectionWords::parse(std::string_view content, std::string_view source) {
  return parse_word_lists_into(content, source, kSectionLists);
}

Result<TimeWords> TimeWords::parse(std::string_view content, std::string_view source) {
  return parse_word_lists_into(content, source, kTimeLists);
}

}  // namespace jiedao::report
