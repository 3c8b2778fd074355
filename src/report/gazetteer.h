// The gazetteer: Shanghai's counties (区) and their sub-districts and towns
// (街道, 镇, 乡) with the short forms reports use (data/gazetteer.tsv).
//
// locate() answers which unit a report is about: the official name it
// mentions most (ties: the earliest), else the short form it mentions most;
// the county is the unit's own, as the gazetteer knows it. A Gazetteer is
// immutable after parse() and safe to share between threads.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/result.h"

namespace jiedao::report {

struct Place {
  std::string county;    // 闵行区
  std::string district;  // 江川路街道; empty for a county's own row
  std::string kind;      // 街道, 镇, 乡, or 区
  std::vector<std::string> aliases;
};

struct Location {
  std::string district;
  std::string county;
};

class Gazetteer {
 public:
  static Result<Gazetteer> parse(std::string_view content, std::string_view source);

  const std::vector<Place>& places() const { return places_; }

  // The unit a report's text is about; empty fields when it names none.
  Location locate(std::string_view text) const;

  // The place of an official district name, or nullptr.
  const Place* find_district(std::string_view district) const;

 private:
  std::vector<Place> places_;
  // Hashes a name and a view of the text alike, so that locate() looks up a stretch of the
  // report without copying it into a string.
  struct NameHash {
    using is_transparent = void;
    size_t operator()(std::string_view name) const { return std::hash<std::string_view>{}(name); }
  };
  std::unordered_map<std::string, size_t, NameHash, std::equal_to<>>
      by_name_;              // official district name → index in places_
  size_t longest_name_ = 0;  // bytes
};

}  // namespace jiedao::report
