#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "base/whole_number.h"
#include "model/date.h"
#include "report/gazetteer.h"
#include "text/tsv.h"
#include "text/utf8.h"

// The gazetteer's files read into units, counties and the names that lead to them.
namespace jiedao::report {

namespace {

Result<std::vector<std::vector<std::string>>> parse_place_words(std::string_view content,
                                                                std::string_view source) {
  auto rows = parse_word_lists(content, source, {"township", "county", "city", "province", "village"});
  if (!rows) return rows.error();
  std::vector<std::vector<std::string>> lists;
  for (auto& row : rows.value()) lists.push_back(std::move(row.words));
  return lists;
}

// data/divisions.tsv into units and counties, its rows read as views (for_each_tsv_row): the file
// has 41,000 lines, and a start of the daemon or of `jiedao extract` reads it.
Result<Done> read_divisions(std::string_view content, std::string_view source, std::vector<Division>& units,
                            std::vector<County>& counties) {
  std::unordered_map<std::string_view, uint32_t> county_by_code;
  units.reserve(content.size() / 48);
  std::string_view previous_code;
  return for_each_tsv_row(
      content, source, 5, [&](int line, const std::vector<std::string_view>& f) -> Result<Done> {
        auto where = [&] { return row_place(source, line); };  // only for a message
        if (f[0].size() != 9 || !all_ascii_digits(f[0]))
          return Error{where() + "code '" + std::string(f[0]) + "' is not 9 digits"};
        if (f[0] <= previous_code)
          return Error{where() + "code " + std::string(f[0]) + " is not after the one above it"};
        previous_code = f[0];
        for (size_t i = 1; i < f.size(); ++i) {
          if (f[i].empty()) return Error{where() + "a name is empty"};
        }
        auto [at, added] =
            county_by_code.try_emplace(f[0].substr(0, 6), static_cast<uint32_t>(counties.size()));
        if (added) {
          counties.push_back(County{std::string(f[0].substr(0, 6)), std::string(f[2]), std::string(f[3]),
                                    std::string(f[4])});
        } else if (counties[at->second].name != f[2]) {
          return Error{where() + "county " + std::string(f[0].substr(0, 6)) + " is named both " +
                       counties[at->second].name + " and " + std::string(f[2])};
        }
        units.push_back(Division{f[0], f[1], at->second});
        return Done{};
      });
}

}  // namespace

Result<Gazetteer> Gazetteer::parse(GazetteerFiles files) {
  Gazetteer g;
  auto words = parse_place_words(files.place_words, files.words_source);
  if (!words) return words.error();
  g.township_ends_ = words.value()[0];
  g.county_ends_ = words.value()[1];
  g.city_ends_ = words.value()[2];
  g.province_ends_ = words.value()[3];
  g.village_ends_ = words.value()[4];

  g.divisions_text_ = std::move(files.divisions);  // the units' codes and names are views of it
  if (auto read = read_divisions(g.divisions_text_, files.divisions_source, g.divisions_, g.counties_); !read)
    return read.error();
  // Each name's units chained in code order: one hash entry per name, no list per name.
  g.first_named_.reserve(g.divisions_.size());
  g.next_named_.assign(g.divisions_.size(), kNoUnit);
  for (uint32_t i = static_cast<uint32_t>(g.divisions_.size()); i-- > 0;) {
    const std::string_view name = g.divisions_[i].name;
    auto [at, added] = g.first_named_.try_emplace(name, i);
    if (!added) {
      g.next_named_[i] = at->second;
      at->second = i;
    }
    const bool searched = std::any_of(g.township_ends_.begin(), g.township_ends_.end(), [&](const auto& end) {
      return name.ends_with(end) && name.size() > end.size();
    });
    if (!searched) continue;
    g.longest_name_ = std::max(g.longest_name_, name.size());
    for (size_t begin = 0, length = 0; begin < name.size(); begin += std::max<size_t>(length, 1)) {
      text::decode_at(name, begin, length);
      g.name_tails_.insert(name.substr(begin));
    }
  }
  for (uint32_t c = 0; c < g.counties_.size(); ++c) {
    g.counties_by_name_[g.counties_[c].name].push_back(c);
    g.longest_county_name_ = std::max(g.longest_county_name_, g.counties_[c].name.size());
  }
  g.county_other_names_.resize(g.counties_.size());
  if (auto read = g.read_former_names(files.former_names, files.former_source); !read) return read.error();
  if (auto read = g.read_aliases(files.aliases, files.aliases_source); !read) return read.error();
  g.villages_text_ = std::move(files.villages);  // the units' villages are views of it
  if (auto read = g.read_villages(files.villages_source); !read) return read.error();
  return g;
}

Result<Done> Gazetteer::read_villages(std::string_view source) {
  villages_.assign(divisions_.size(), {});
  return for_each_tsv_row(
      villages_text_, source, 2, [&](int line, const std::vector<std::string_view>& f) -> Result<Done> {
        const Division* unit = find_code(f[0]);
        if (unit == nullptr) {
          return Error{row_place(source, line) + "no unit " + std::string(f[0]) +
                       " in divisions.tsv; `make divisions` writes both files from one package"};
        }
        for (size_t begin = 0; begin <= f[1].size();) {
          const size_t end = std::min(f[1].find('|', begin), f[1].size());
          const std::string_view name = f[1].substr(begin, end - begin);
          const bool ended = std::any_of(village_ends_.begin(), village_ends_.end(),
                                         [&](const std::string& w) { return name.ends_with(w); });
          if (!ended) {
            return Error{row_place(source, line) + "'" + std::string(name) +
                         "' does not end with a village word of cues/places.tsv"};
          }
          longest_village_name_ = std::max(longest_village_name_, name.size());
          begin = end + 1;
        }
        villages_[static_cast<size_t>(unit - divisions_.data())] = f[1];
        return Done{};
      });
}

Result<Done> Gazetteer::read_former_names(std::string_view content, const std::string& source) {
  auto rows = parse_tsv(content, source, 5);
  if (!rows) return rows.error();
  for (const TsvRow& row : rows.value()) {
    const std::string where = row_place(source, row);
    const auto& [former, current, province, until, note] =
        std::tie(row.fields[0], row.fields[1], row.fields[2], row.fields[3], row.fields[4]);
    if (!parse_iso_date(until))
      return Error{where + "until '" + until + "' is not a date such as 2015-11-04"};
    if (former.empty() || note.empty()) return Error{where + "a former name and what happened are needed"};
    uint32_t found = UINT32_MAX;
    for (uint32_t c = 0; c < counties_.size(); ++c) {
      if (counties_[c].name == current && counties_[c].province == province) found = c;
    }
    if (found == UINT32_MAX)
      return Error{where + "no county " + current + " in " + province + " in divisions.tsv"};
    counties_by_name_[former].push_back(found);
    county_other_names_[found].emplace_back(former, 2);
    longest_county_name_ = std::max(longest_county_name_, former.size());
  }
  return Done{};
}

Result<Done> Gazetteer::read_aliases(std::string_view content, const std::string& source) {
  auto rows = parse_tsv(content, source, 4);
  if (!rows) return rows.error();
  std::set<std::string> county_rows, districts, aliases;
  std::map<std::string, uint32_t> county_of_rows;  // a county row's name → the county its units are in
  for (const TsvRow& row : rows.value()) {
    const std::string where = row_place(source, row);
    Place place{row.fields[0], row.fields[1] == "-" ? "" : row.fields[1], row.fields[2],
                split_list(row.fields[3], ',')};
    if (place.county.empty()) return Error{where + "no county"};
    if (place.kind == "区") {
      if (!place.district.empty()) return Error{where + "a county row (kind 区) has district '-'"};
      if (!county_rows.insert(place.county).second) return Error{where + "county listed twice"};
    } else if (place.kind == "街道" || place.kind == "镇" || place.kind == "乡") {
      if (!county_rows.count(place.county)) {
        return Error{where + "county '" + place.county + "' has no county row above it"};
      }
      if (!districts.insert(place.district).second) {
        return Error{where + "district '" + place.district + "' listed twice"};
      }
      const Division* unit = find(place.district, place.county);
      if (unit == nullptr) {
        return Error{where + place.district + " of " + place.county +
                     " is not one unit of divisions.tsv; correct the row or refresh divisions.tsv"};
      }
      county_of_rows[place.county] = unit->county;
      const auto index = static_cast<uint32_t>(unit - divisions_.data());
      for (const std::string& alias : place.aliases) aliases_[alias].push_back(index);
    } else {
      return Error{where + "kind '" + place.kind + "' is not 街道, 镇, 乡 or 区"};
    }
    for (const std::string& alias : place.aliases) {
      if (alias.size() < 2 * kHanBytes)
        return Error{where + "alias '" + alias + "' is shorter than 2 characters"};
      if (!aliases.insert(alias).second) return Error{where + "alias '" + alias + "' is used twice"};
    }
    places_.push_back(std::move(place));
  }
  for (const Place& place : places_) {
    if (!place.district.empty()) continue;
    auto county = county_of_rows.find(place.county);
    if (county == county_of_rows.end()) continue;  // a county without units here: its aliases are unused
    for (const std::string& alias : place.aliases) {
      counties_by_name_[alias].push_back(county->second);
      county_other_names_[county->second].emplace_back(alias, 1);
    }
  }
  return Done{};
}

}  // namespace jiedao::report
