// The indicator catalogue: stable ids for what reports count, and the Chinese
// wordings that name each (data/catalogue.tsv, edited by domain experts).
//
// find_all() reads a whole report once (Aho-Corasick over the wordings' characters)
// and returns every place a wording occurs; the subject module then picks, for
// each quantity, the wording that names what it counts. A wording may have
// gaps: 拆除*违法建筑 matches 拆除库内经营性违法建筑 (a gap of up to 8
// characters within one clause). A wording marked ~ (~小区) is weak: it names
// the indicator only where no ordinary wording competes. A Catalogue is immutable after parse() and
// safe to share between threads.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/result.h"
#include "extract/families.h"
#include "text/units.h"

namespace jiedao::extract {

struct Indicator {
  std::string id;                  // snake_case, stable: a series is keyed by it
  std::string category;            // employment, garbage, safety, ...
  std::string family;              // the family of data/families.tsv it belongs to, or ""
  std::vector<std::string> units;  // canonical units it is measured in, usual first
  std::string counts;  // for a count: the one measure class it counts (households, items, ...); else ""
  std::string name_en;
  std::vector<std::string> wordings;
};

struct WordingMatch {
  size_t begin = 0;  // byte offsets of the whole match, gaps included
  size_t end = 0;
  int indicator = 0;  // index into Catalogue::indicators()
  int weight = 0;     // bytes of wording text matched (gaps excluded): longer is more specific
  bool weak = false;  // a ~wording: yields to any ordinary wording in the same place
};

class Catalogue {
 public:
  // Every family an entry names must be in `families`, every measure class in `units`.
  static Result<Catalogue> parse(std::string_view content, std::string_view source,
                                 const FamilyList& families, const text::UnitLexicon& units);

  Catalogue(Catalogue&&) noexcept;
  Catalogue& operator=(Catalogue&&) noexcept;
  ~Catalogue();

  const std::vector<Indicator>& indicators() const { return indicators_; }
  // The indicator of id `id`, or nullptr.
  const Indicator* find(std::string_view id) const;

  // Whether the indicator may carry a fact of `unit` whose measure word counts `counts` (the
  // measure class; "" for a unit that is not a count): a count must be of the entry's class.
  bool allows(int indicator, std::string_view unit, std::string_view counts) const;

  // A match names the first id of its row (a wording is stored once per row); this is the id of
  // that row that may carry a fact of `unit` and measure class `counts` (the row's first id for
  // a change, which takes its level's id whatever its unit), or -1.
  int resolve(int indicator, std::string_view unit, std::string_view counts, bool change) const;

  // Every match of every wording in `text`, sorted by begin.
  std::vector<WordingMatch> find_all(std::string_view text) const;

 private:
  Catalogue();
  struct Automaton;
  std::vector<Indicator> indicators_;
  std::vector<int> row_size_;  // per id: for the first id of a row, the ids of the row; else 0
  std::unordered_map<std::string_view, int> by_id_;  // views indicators_' ids
  std::unique_ptr<Automaton> automaton_;
};

}  // namespace jiedao::extract
