// extract_facts(): a report's text in, its facts out, in document order.
//
// Pure: no I/O and no global state, so it is cheap to test, fuzz and run on
// many reports at once. The facts carry value, unit, qualifier, change,
// subject and indicator; district, period and status are the report layer's.
#pragma once

#include <string_view>
#include <vector>

#include "extract/catalogue.h"
#include "extract/clauses.h"
#include "extract/cue_words.h"
#include "extract/fact.h"
#include "extract/non_facts.h"
#include "extract/subject_words.h"
#include "text/units.h"

namespace jiedao::extract {

struct Vocabulary {
  const text::UnitLexicon& units;
  const Catalogue& catalogue;
  const NameList& names;
  const SubjectWords& subject_words;
  const ChangeWords& change_words;
  const QualifierWords& qualifier_words;
};

// REQUIRES: text is valid UTF-8.
std::vector<Fact> extract_facts(std::string_view text, const Vocabulary& vocabulary);

// The same, with the clause marks of `text` already found (the report layer reads them too).
// REQUIRES: marks is ClauseMarks(text).
std::vector<Fact> extract_facts(std::string_view text, const Vocabulary& vocabulary,
                                const ClauseMarks& marks);

// A quantity the rules set aside, with the reason: for `jiedao extract --explain`
// and for tests of the non-fact rules.
struct Rejected {
  size_t begin = 0, end = 0;
  std::string_view reason;
};
std::vector<Rejected> rejected_quantities(std::string_view text, const Vocabulary& vocabulary);

}  // namespace jiedao::extract
