#include "extract/cue_words.h"

#include "text/tsv.h"

namespace jiedao::extract {

namespace {

constexpr std::array<ListField<ChangeWords, std::vector<std::string>>, 9> kChangeLists = {
    {{"rise", &ChangeWords::rise},
     {"fall", &ChangeWords::fall},
     {"filler", &ChangeWords::filler},
     {"year_on_year", &ChangeWords::year_on_year},
     {"last_year_level", &ChangeWords::last_year_level},
     {"per_day", &ChangeWords::per_day},
     {"per_person", &ChangeWords::per_person},
     {"per_1000", &ChangeWords::per_1000},
     {"per_10000", &ChangeWords::per_10000}}};

constexpr std::array<ListField<QualifierWords, std::vector<std::string>>, 7> kQualifierLists = {
    {{"at_most_before", &QualifierWords::at_most_before},
     {"at_least_before", &QualifierWords::at_least_before},
     {"approx_before", &QualifierWords::approx_before},
     {"at_least_after", &QualifierWords::at_least_after},
     {"at_most_after", &QualifierWords::at_most_after},
     {"approx_after", &QualifierWords::approx_after},
     {"not_before", &QualifierWords::not_before}}};

void add_cues(std::vector<QualifierWords::Cue>& cues, const std::vector<std::string>& words,
              std::string_view qualifier) {
  for (const std::string& w : words) cues.push_back({w, qualifier});
}

}  // namespace

Result<ChangeWords> ChangeWords::parse(std::string_view content, std::string_view source) {
  return parse_word_lists_into(content, source, kChangeLists);
}

Result<QualifierWords> QualifierWords::parse(std::string_view content, std::string_view source) {
  auto parsed = parse_word_lists_into(content, source, kQualifierLists);
  if (!parsed) return parsed.error();
  QualifierWords words = std::move(parsed).value();
  add_cues(words.before, words.at_most_before, "at_most");
  add_cues(words.before, words.at_least_before, "at_least");
  add_cues(words.before, words.approx_before, "approx");
  add_cues(words.after, words.at_least_after, "at_least");
  add_cues(words.after, words.at_most_after, "at_most");
  add_cues(words.after, words.approx_after, "approx");
  for (const Cue& cue : words.before)
    words.last_bytes_before[static_cast<unsigned char>(cue.word.back())] = true;
  for (const Cue& cue : words.after)
    words.first_bytes_after[static_cast<unsigned char>(cue.word.front())] = true;
  return words;
}

}  // namespace jiedao::extract
