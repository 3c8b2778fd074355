// The gazetteer: every township-level unit of China (街道, 镇, 乡, 苏木 and others) with its county,
// city, province and division code (data/divisions.tsv, generated from the statistics bureau's
// codes), the short forms people write for Shanghai's units and counties (data/gazetteer.tsv), the
// names counties bore before a merger (data/former_names.tsv), the villages and communities that
// tell apart the units of one name (data/villages.tsv, generated beside divisions.tsv), and the
// words that end the names of each level (data/cues/places.tsv).
//
// locate() answers which unit a report is about from every clue its text gives: the official
// names of units it mentions (the most mentioned is the report's own), and, for each unit that
// bears such a name, whether the text also names its county, city or province (宝安区新安街道,
// 发布机构:新密市刘寨镇人民政府, 石狮日报) or one of its own villages or communities that no other unit
// of its name has (凤鸣村). Names repeat: 城关镇 is a town of dozens of counties. A unit
// is chosen only when the clues leave one; otherwise the location stays empty and lists the
// candidates, because a wrong district puts a wrong point in someone's series.
//
// A Gazetteer is immutable after parse() and safe to share between threads.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "base/result.h"

namespace jiedao::report {

// A row of data/gazetteer.tsv: a Shanghai unit (or county, kind 区) and its short forms.
struct Place {
  std::string county;    // 闵行区
  std::string district;  // 江川路街道; empty for a county's own row
  std::string kind;      // 街道, 镇, 乡, or 区
  std::vector<std::string> aliases;
};

// A county-level unit (区, 县, 县级市, 旗), with the city and province a report would name.
struct County {
  std::string code;  // 6 digits: 440306
  std::string name, city, province;
};

// A township-level unit. Its code and name are views of the gazetteer's own text: a Division
// lives as long as the Gazetteer it came from (41,000 units cost no allocation each).
struct Division {
  std::string_view code;  // 9 digits: 440306001
  std::string_view name;  // 新安街道
  uint32_t county = 0;    // index in Gazetteer::counties()
};

struct Location {
  std::string district, county, city, province, code;  // all empty when unknown
  // When the text names a unit that two or more bear and nothing in it tells them apart: each
  // "新安街道 (宝安区, 深圳市, 广东省, 440306001)". Empty otherwise.
  std::vector<std::string> candidates;
};

// The contents of the gazetteer's files, and the names they are read under (for messages).
struct GazetteerFiles {
  std::string divisions;  // kept by the Gazetteer: its units are views of it
  std::string_view aliases, former_names, place_words;
  std::string villages;  // kept too; "" for none
  std::string divisions_source = "divisions.tsv", aliases_source = "gazetteer.tsv",
              former_source = "former_names.tsv", words_source = "cues/places.tsv",
              villages_source = "villages.tsv";
};

class Gazetteer {
 public:
  static constexpr size_t kHanBytes = 3;  // a Han character in UTF-8: names are counted in them

  static Result<Gazetteer> parse(GazetteerFiles files);

  // Moved, never copied: its units are views of its own text.
  Gazetteer(Gazetteer&&) noexcept = default;
  Gazetteer& operator=(Gazetteer&&) noexcept = default;
  Gazetteer(const Gazetteer&) = delete;
  Gazetteer& operator=(const Gazetteer&) = delete;

  const std::vector<Division>& divisions() const { return divisions_; }
  const std::vector<County>& counties() const { return counties_; }
  const std::vector<Place>& places() const { return places_; }  // data/gazetteer.tsv's rows

  // The unit a report's text is about; empty fields when it names none or leaves two possible.
  Location locate(std::string_view text) const;

  // The units named `name`, in code order.
  std::vector<const Division*> named(std::string_view name) const;
  // The one unit named `district` in `county` (in any county when `county` is empty), or nullptr
  // when there is none or more than one.
  const Division* find(std::string_view district, std::string_view county = {}) const;
  // The unit of a 9-digit division code, or nullptr.
  const Division* find_code(std::string_view code) const;
  // All that is known of `unit`.
  Location location_of(const Division& unit) const;

 private:
  struct NameHash {
    using is_transparent = void;
    size_t operator()(std::string_view name) const { return std::hash<std::string_view>{}(name); }
  };
  using NameIndex = std::unordered_map<std::string, std::vector<uint32_t>, NameHash, std::equal_to<>>;

  struct Evidence;
  class Locator;

  Result<Done> read_former_names(std::string_view content, const std::string& source);
  Result<Done> read_aliases(std::string_view content, const std::string& source);
  Result<Done> read_villages(std::string_view source);

  static constexpr uint32_t kNoUnit = UINT32_MAX;

  Gazetteer() = default;

  std::string divisions_text_;
  std::string villages_text_;
  std::vector<Division> divisions_;
  std::vector<County> counties_;
  std::vector<Place> places_;
  std::unordered_map<std::string_view, uint32_t> first_named_;  // unit name → its first unit
  std::vector<uint32_t> next_named_;  // per unit: the next unit of the same name, or kNoUnit
  // Every ending of a searched name (镇, 山镇, 鸿山镇): a text is read back from an end word only
  // as far as some name ends the way it does.
  std::unordered_set<std::string_view> name_tails_;
  NameIndex counties_by_name_;  // county name, former name or Shanghai short form → indices in counties_
  NameIndex aliases_;           // a Shanghai unit's short form → its index in divisions_
  // Per county: its former names (strength 2) and Shanghai short forms (1), as clues of evidence.
  std::vector<std::vector<std::pair<std::string, int>>> county_other_names_;
  // Per unit: the villages and communities that tell it apart from the others of its name, as
  // villages.tsv lists them ("凤鸣村|署科村"), a view of villages_text_; empty for most.
  std::vector<std::string_view> villages_;
  std::vector<std::string> township_ends_, county_ends_, city_ends_, province_ends_, village_ends_;
  size_t longest_name_ = 0;          // bytes
  size_t longest_county_name_ = 0;   // bytes
  size_t longest_village_name_ = 0;  // bytes
};

}  // namespace jiedao::report
