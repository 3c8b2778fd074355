// The indicator families (data/families.tsv): the fixed core of the catalogue that
// dashboards compare across districts and years (jobs added, demolitions, garbage,
// fiscal revenue, elevator retrofits, ...). Each catalogue entry names the family it
// belongs to, or none; a family may hold several entries (garbage: wet, dry, ...).
// A FamilyList is immutable after parse() and safe to share between threads.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace jiedao::extract {

struct Family {
  std::string key;          // snake_case: jobs_added, garbage, fiscal_revenue
  std::string units;        // the units its facts come in, as the file writes them
  std::string description;  // what it counts, in English
};

class FamilyList {
 public:
  // Parses the families file's content; `source` names it in error messages.
  static Result<FamilyList> parse(std::string_view content, std::string_view source);

  // Whether `key` is a family of the list.
  bool contains(std::string_view key) const;

  const std::vector<Family>& families() const { return families_; }

 private:
  std::vector<Family> families_;
};

}  // namespace jiedao::extract
