#include "report/gazetteer.h"

#include <algorithm>
#include <set>

#include "text/tsv.h"
#include "text/utf8.h"

namespace jiedao::report {

Result<Gazetteer> Gazetteer::parse(std::string_view content, std::string_view source) {
  auto rows = parse_tsv(content, source, 4);
  if (!rows) return rows.error();
  Gazetteer gazetteer;
  std::set<std::string> counties, districts, aliases;
  for (const TsvRow& row : rows.value()) {
    const std::string where = row_place(source, row);
    Place place{row.fields[0], row.fields[1] == "-" ? "" : row.fields[1], row.fields[2],
                split_list(row.fields[3], ',')};
    if (place.county.empty()) return Error{where + "no county"};
    if (place.kind == "区") {
      if (!place.district.empty()) return Error{where + "a county row (kind 区) has district '-'"};
      if (!counties.insert(place.county).second) return Error{where + "county listed twice"};
    } else if (place.kind == "街道" || place.kind == "镇" || place.kind == "乡") {
      if (!counties.count(place.county)) {
        return Error{where + "county '" + place.county + "' has no county row above it"};
      }
      if (!districts.insert(place.district).second) {
        return Error{where + "district '" + place.district + "' listed twice"};
      }
    } else {
      return Error{where + "kind '" + place.kind + "' is not 街道, 镇, 乡 or 区"};
    }
    for (const std::string& alias : place.aliases) {
      if (!aliases.insert(alias).second) return Error{where + "alias '" + alias + "' is used twice"};
    }
    gazetteer.places_.push_back(std::move(place));
  }
  size_t longest = 0;
  for (size_t i = 0; i < gazetteer.places_.size(); ++i) {
    const std::string& district = gazetteer.places_[i].district;
    if (district.empty()) continue;
    gazetteer.by_name_.emplace(district, i);
    longest = std::max(longest, district.size());
  }
  gazetteer.longest_name_ = longest;
  return gazetteer;
}

const Place* Gazetteer::find_district(std::string_view district) const {
  auto it = by_name_.find(district);
  return it == by_name_.end() ? nullptr : &places_[it->second];
}

namespace {

struct Mentions {
  size_t count = 0;
  size_t first = std::string_view::npos;
};

Mentions count_mentions(std::string_view text, std::string_view word) {
  Mentions m;
  for (size_t at = text::find_word(text, word); at != std::string_view::npos;
       at = text::find_word(text, word, at + word.size())) {
    if (m.count++ == 0) m.first = at;
  }
  return m;
}

bool more_mentioned(const Mentions& a, const Mentions& b) {
  return a.count > b.count || (a.count == b.count && a.first < b.first);
}

}  // namespace

Location Gazetteer::locate(std::string_view text) const {
  // Every official name ends in 街道, 镇 or 乡: one pass per suffix, then the names that
  // end there, looked up by hash, instead of a search of the text for each of 215 names.
  std::vector<Mentions> mentions(places_.size());
  for (std::string_view suffix : {"街道", "镇", "乡"}) {
    for (size_t at = text::find_word(text, suffix); at != std::string_view::npos;
         at = text::find_word(text, suffix, at + suffix.size())) {
      const size_t end = at + suffix.size();
      for (size_t begin = at; begin > 0 && end - begin < longest_name_;) {
        --begin;
        while (begin > 0 && (static_cast<unsigned char>(text[begin]) & 0xC0) == 0x80) --begin;
        auto it = by_name_.find(text.substr(begin, end - begin));
        if (it == by_name_.end()) continue;
        Mentions& m = mentions[it->second];
        if (m.count++ == 0) m.first = begin;
      }
    }
  }
  const Place* best = nullptr;
  Mentions best_mentions;
  for (size_t i = 0; i < places_.size(); ++i) {
    const Mentions& m = mentions[i];
    if (m.count > 0 && (best == nullptr || more_mentioned(m, best_mentions))) {
      best = &places_[i];
      best_mentions = m;
    }
  }
  if (best == nullptr) {
    for (const Place& place : places_) {
      if (place.district.empty()) continue;
      for (const std::string& alias : place.aliases) {
        Mentions m = count_mentions(text, alias);
        if (m.count > 0 && (best == nullptr || more_mentioned(m, best_mentions))) {
          best = &place;
          best_mentions = m;
        }
      }
    }
  }
  if (best != nullptr) return {best->district, best->county};
  // No unit named: at least the county, when the text names exactly one.
  Location location;
  for (const Place& place : places_) {
    if (place.kind == "区" && text::find_word(text, place.county) != std::string_view::npos) {
      if (!location.county.empty()) return {};
      location.county = place.county;
    }
  }
  return location;
}

}  // namespace jiedao::report
