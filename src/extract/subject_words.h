// The words, besides the catalogue's, that tell how a number's phrase is built
// (data/subject_words.tsv): fillers and attributes that make a number bare, verbs that end or
// elide its noun, nouns of a plan's structure, words of a stage, the verbs of 对…进行, nouns
// that name nothing, verbs that give titles, the fillers at the ends of a subject and the words
// an item mark stands in (src/extract/subject.h and phrase.h say how each is used).
// SubjectWords is immutable after parse() and safe to share between threads.
#pragma once

#include <bitset>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace jiedao::extract {

// A list of words, indexed by first character: the longest word a text starts with is found by
// comparing only the few words that share its first character. A phrase is tested against
// these lists for every number of a report; comparing each word was a tenth of extraction.
class WordList {
 public:
  WordList() = default;
  explicit WordList(std::vector<std::string> words);

  // The length of the longest word of the list that `s` starts with, or 0.
  size_t longest_prefix(std::string_view s) const;
  bool starts(std::string_view s) const { return longest_prefix(s) > 0; }
  // Whether a word of the list may start (end) `s`: whether its first (last) character starts
  // (ends) one. A cheap test that spares most strings the comparison with every word.
  bool may_start(std::string_view s) const;
  bool may_end(std::string_view s) const;
  // Where in `s` the first occurrence of a word of the list to end ends, or npos: one pass
  // over `s`, where a find per word would take one each.
  size_t first_end(std::string_view s) const;
  const std::vector<std::string>& words() const { return words_; }

 private:
  struct Entry {
    uint32_t first;  // the first character's bytes, packed
    size_t word;     // index into words_
  };
  std::vector<std::string> words_;
  std::vector<Entry> by_first_;  // by first character, then longest first
  std::bitset<0x10000> first_chars_, last_chars_;
};

struct SubjectWords {
  WordList bare, verb_after, phrase_verb, structural, stage;
  WordList work_verb;     // 对…进行: the verb after the object of a work (对21个小区进行改造)
  WordList empty_head;    // nouns after 的 that name no thing of their own (3个小区改造的任务)
  WordList gives;         // verbs of titles the report's own body gives (评选17名之星), not won
  WordList forecast;      // words of a project's expected yield (建成达产后): no district id
  WordList generic_head;  // nouns that count sites or units of a thing the words before them name
                          // (42个库内违建点位): they leave the head to that thing
  // The fillers taken off the start and the end of a subject (其中…, …达到), each in turn in
  // the file's order (phrase.h's trim_words).
  WordList leading_filler, trailing_filler;
  WordList not_item_mark;  // words an item mark (和 及) stands in but joins nothing in (普及, 及时)

  // Parses the file's content; `source` names it in error messages.
  static Result<SubjectWords> parse(std::string_view content, std::string_view source);
};

}  // namespace jiedao::extract
