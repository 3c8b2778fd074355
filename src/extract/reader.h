// The reader of subjects (subject.h): one object per report that reads every quantity in order,
// so that a reading may look at those before it. Internal to the extract layer: subject.cc holds
// the reading of a quantity's own words, constructions.cc the constructions that decide before
// them (分别, 对…进行, N个X的Y) and the titles given.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "extract/catalogue.h"
#include "extract/clauses.h"
#include "extract/phrase.h"
#include "extract/scanner.h"
#include "extract/subject.h"
#include "extract/subject_words.h"

namespace jiedao::extract::detail {

class Reader {
 public:
  Reader(std::string_view text, const ClauseMarks& marks, const std::vector<Quantity>& quantities,
         const std::vector<SubjectQuery>& queries, const Catalogue& catalogue, const SubjectWords& words,
         const std::vector<WordingMatch>& matches)
      : text_(text),
        words_(words),
        marks_(marks),
        quantities_(quantities),
        queries_(queries),
        catalogue_(catalogue),
        matches_(matches),
        sources_(quantities.size()) {
    for (const Quantity& q : quantities) {
      clauses_.push_back(marks.clause_around(q.begin));
      sentences_.push_back(marks.sentence_around(q.begin));
    }
  }

  // Reads every quantity in order: a reading may look at those before it.
  std::vector<SubjectReading> read_all() {
    for (size_t k = 0; k < quantities_.size(); ++k) done_.push_back(read(k));
    return std::move(done_);
  }

 private:
  SubjectReading read(size_t k);
  // The head of quantity k's own words, when no construction decided it: after the measure word,
  // then before the number, then the words of the numbers it is listed with. Returns whether the
  // id comes from a weak attribute alone (一期投资27.1亿元: 投资).
  bool read_own_words(SubjectReading& reading, size_t k, const Phrase& phrase);
  // The reading's last words: no id for a project's forecast, what a completion rate completes,
  // why it has no id, and its subject when its own words are too short to tell.
  void conclude(SubjectReading& reading, size_t k, const Phrase& phrase, bool bare);

  // Where a quantity found its subject: a window and which end of it the head is at,
  // so that a bare item after it can look there again with its own unit.
  struct Source {
    bool found = false;
    Window window;
    bool after = false;
  };

  const WordingMatch* look(const Source& source, const SubjectQuery& query) const {
    return source.after ? head_after(text_, matches_, source.window, query, catalogue_, words_)
                        : head_before(text_, matches_, source.window, query, catalogue_, words_);
  }
  // The clause and the sentence of quantity k, found once: most readings ask for them.
  Window clause_of(size_t k) const { return clauses_[k]; }
  Window sentence_of(size_t k) const { return sentences_[k]; }
  bool coordinated(size_t a, size_t b) const;  // quantities a < b joined by nothing or 、
  bool same_sentence_or_list(size_t j, size_t k) const;
  bool is_structural(size_t k, const Phrase& phrase) const;
  bool is_threshold(size_t k) const;
  bool is_forecast(size_t k);
  size_t first_forecast(Window sentence) const;
  int completion_of(size_t k, const Phrase& phrase, const WordingMatch& rate) const;
  void read_coordinated(SubjectReading& reading, size_t k);
  void read_part(SubjectReading& reading, size_t k);
  void drop_part_of_same(SubjectReading& reading, size_t k);
  size_t part_mark(size_t k);
  void read_dimensions(SubjectReading& reading, size_t k, const Phrase& phrase);
  // The constructions that decide a quantity's head before its own words do; each returns
  // whether it decided (an id, or none with the reason).
  bool read_paired(SubjectReading& reading, size_t k);
  bool read_object_of_work(SubjectReading& reading, size_t k, const Phrase& phrase);
  bool read_modified(SubjectReading& reading, size_t k, const Phrase& phrase);
  bool read_respective_list(SubjectReading& reading, size_t k);
  bool read_rates_of_levels(SubjectReading& reading, size_t k, size_t first, size_t last);
  // The constructions tried when a number's own words name nothing.
  void read_share_of_target(SubjectReading& reading, size_t k, const Phrase& phrase);
  void read_elided(SubjectReading& reading, size_t k, const Phrase& phrase);
  void read_around(SubjectReading& reading, size_t k, const Phrase& phrase);
  void read_verb_and_noun(SubjectReading& reading, size_t k, const Phrase& phrase);
  bool read_stage(SubjectReading& reading, const WordingMatch* m, Source source, size_t k,
                  const Phrase& phrase);
  void refine_stage(SubjectReading& reading, const WordingMatch* m, size_t k, const Phrase& phrase);
  int staged_id(const WordingMatch* m, std::string_view stage, size_t k, bool whole) const;
  void drop_given_title(SubjectReading& reading, const Phrase& phrase);
  static void name_nothing(SubjectReading& reading, std::string_view how);
  // The id of m's row that the quantity's unit and measure class allow, with its words.
  void choose(SubjectReading& reading, const WordingMatch* m, Source source, size_t k, std::string_view how);

  std::string_view text_;
  const SubjectWords& words_;
  const ClauseMarks& marks_;
  const std::vector<Quantity>& quantities_;
  const std::vector<SubjectQuery>& queries_;
  const Catalogue& catalogue_;
  const std::vector<WordingMatch>& matches_;
  std::vector<Source> sources_;
  std::vector<Window> clauses_, sentences_;  // per quantity
  std::vector<SubjectReading> done_;
  // Whether the last read_elided stopped at a number before it whose own words name nothing: the
  // sentence counts something the catalogue cannot name.
  bool elided_blocked_ = false;
  // is_forecast's sentence and where in it a project's forecast begins.
  size_t forecast_sentence_ = SIZE_MAX, forecast_from_ = 0;
  // part_mark's sentence and where its 其中 stand.
  size_t parts_sentence_ = SIZE_MAX;
  std::vector<size_t> parts_at_;
};

}  // namespace jiedao::extract::detail
