#include "report/gazetteer.h"

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <set>
#include <tuple>

#include "model/date.h"
#include "text/tsv.h"
#include "text/utf8.h"

namespace jiedao::report {

namespace {

constexpr size_t kHanBytes = Gazetteer::kHanBytes;

// The names of the most mentioned units a report's own is chosen among: its own name is among the
// first few (乌镇 may be written more often than 乌镇镇), the others are neighbours it lists.
constexpr size_t kNamesWeighed = 4;

// `name` without the longest of `ends` it ends with, when at least two characters remain; "" else.
std::string short_form(std::string_view name, const std::vector<std::string>& ends) {
  size_t cut = 0;
  for (const std::string& end : ends) {
    if (name.ends_with(end)) cut = std::max(cut, end.size());
  }
  if (cut == 0 || name.size() - cut < 2 * kHanBytes) return "";
  return std::string(name.substr(0, name.size() - cut));
}

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

// How strongly a text ties a unit to its county, city and province: 2 when it writes the full
// name (宝安区, or a name the county bore before), 1 for a short form (宝安, 石狮 of 石狮日报), by
// level; then 1 when it names two or more of the unit's own villages and communities
// (villages.tsv): one alone is too often a common word (城中村, 宜居社区, 实现村 of 实现村级) that some
// village somewhere bears. Compared county first: a county named outweighs a province named, and
// both the villages.
struct Gazetteer::Evidence {
  int county = 0, city = 0, province = 0, villages = 0;
  auto key() const { return std::tie(county, city, province, villages); }
  bool any() const { return county + city + province + villages > 0; }
};

// One text's search: the units it names and what else it says of them.
class Gazetteer::Locator {
 public:
  Locator(const Gazetteer& g, std::string_view text) : g_(g), text_(text) {}

  Location locate() {
    find_units();
    if (!mentions_.empty()) return choose();
    if (const auto* alias = most_mentioned_alias()) return g_.location_of(*alias);
    return county_only();
  }

 private:
  struct Match {
    size_t begin, end;
    uint32_t units;  // the first unit of the name (Gazetteer::next_named_ chains the others)
  };

  // For each place in the text where one of `ends` stands (at .. end), each start of a name of at
  // most `longest` bytes that ends there, nearest first: visit(begin, at, end), which answers
  // whether to read further back.
  template <class Visit>
  void read_back_from(const std::vector<std::string>& ends, size_t longest, Visit visit) const {
    for (const std::string& end_word : ends) {
      for (size_t at = text::find_word(text_, end_word); at != std::string_view::npos;
           at = text::find_word(text_, end_word, at + end_word.size())) {
        const size_t end = at + end_word.size();
        for (size_t begin = at; begin > 0 && end - begin < longest;) {
          --begin;
          while (begin > 0 && (static_cast<unsigned char>(text_[begin]) & 0xC0) == 0x80) --begin;
          if (!visit(begin, at, end)) break;
        }
      }
    }
  }

  // Every official unit name in the text, except one inside a longer one (乌镇 in 乌镇镇).
  void find_units() {
    std::vector<Match> matches;
    read_back_from(g_.township_ends_, g_.longest_name_, [&](size_t begin, size_t at, size_t end) {
      const std::string_view tail = text_.substr(begin, end - begin);
      if (!g_.name_tails_.count(tail)) return false;  // no name ends so: none longer either
      auto it = g_.first_named_.find(tail);
      if (it == g_.first_named_.end()) return true;
      // A name of one character before its end word (唐镇, 西街道) only where it stands as a word.
      if (at - begin <= kHanBytes && !starts_word(begin)) return true;
      matches.push_back({begin, end, it->second});
      return true;
    });
    for (const Match& m : matches) {
      const bool inside = std::any_of(matches.begin(), matches.end(), [&](const Match& o) {
        return o.begin <= m.begin && m.end <= o.end && o.end - o.begin > m.end - m.begin;
      });
      if (inside) continue;
      spans_.emplace_back(m.begin, m.end);
      Mentions& n = mentions_[m.units];
      ++n.count;
      n.first = std::min(n.first, m.begin);
    }
  }

  // Whether a name of one character and its end word (唐镇, 范镇, 西街道) stands as a word at `at`:
  // at the start of a line or after a character that is not Han, or after a county's name
  // (浦东新区唐镇); not inside a word such as 示范镇 or 南西街道.
  bool starts_word(size_t at) const {
    if (at == 0) return true;
    size_t begin = at - 1;
    while (begin > 0 && (static_cast<unsigned char>(text_[begin]) & 0xC0) == 0x80) --begin;
    size_t length = 0;
    const char32_t previous = text::decode_at(text_, begin, length);
    if (!text::is_han(previous)) return true;
    const std::string_view character = text_.substr(begin, at - begin);
    return std::any_of(g_.county_ends_.begin(), g_.county_ends_.end(),
                       [&](const std::string& end) { return end == character; });
  }

  Location choose() {
    std::vector<std::pair<uint32_t, Mentions>> names(mentions_.begin(), mentions_.end());
    std::sort(names.begin(), names.end(),
              [](const auto& a, const auto& b) { return more_mentioned(a.second, b.second); });
    if (names.size() > kNamesWeighed) names.resize(kNamesWeighed);
    // The most mentioned name first; a less mentioned one (half as often at least) only when the
    // text ties none of the first's units to a place and ties one of its own.
    for (size_t i = 0; i < names.size(); ++i) {
      if (i > 0 && names[i].second.count * 2 < names[0].second.count) break;
      if (auto chosen = best_supported(names[i].first)) return *chosen;
    }
    const uint32_t first = names[0].first;
    const Division& only = g_.divisions_[first];
    // Nothing in the text ties the name to a place: a name one unit bears is taken, unless it is
    // of one character before its end word (唐镇, 西街道), which common words spell, or the text
    // names another county in full (海西州都兰县察汗乌苏镇 holds 乌苏镇, a town of 抚远市, inside a name
    // the gazetteer spells 察汉乌苏镇).
    Location none;
    if (g_.next_named_[first] == kNoUnit && !one_character_stem(only.name)) {
      if (!names_other_county(only)) return g_.location_of(only);
      // The county named instead is the report's, though its unit is not in the gazetteer under
      // the name the text writes (察汗乌苏镇 of 都兰县, which it spells 察汉乌苏镇).
      none = county_only();
    }
    for (uint32_t u = first; u != kNoUnit; u = g_.next_named_[u])
      none.candidates.push_back(describe(g_.divisions_[u]));
    return none;
  }

  // The unit of `units` the text ties most strongly to its county, city or province; a location
  // with candidates when two are tied as strongly; nullopt when it ties none.
  std::optional<Location> best_supported(uint32_t first) {
    const Division* best = nullptr;
    Evidence best_evidence;
    std::vector<const Division*> tied;
    for (uint32_t u = first; u != kNoUnit; u = g_.next_named_[u]) {
      const Division& d = g_.divisions_[u];
      const Evidence e = evidence(d);
      if (!e.any()) continue;
      if (best == nullptr || best_evidence.key() < e.key()) {
        best = &d;
        best_evidence = e;
        tied = {&d};
      } else if (best_evidence.key() == e.key()) {
        tied.push_back(&d);
      }
    }
    if (best == nullptr) return std::nullopt;
    if (tied.size() == 1) return g_.location_of(*best);
    Location none;
    for (const Division* d : tied) none.candidates.push_back(describe(*d));
    return none;
  }

  Evidence evidence(const Division& d) {
    const County& c = g_.counties_[d.county];
    Evidence e;
    e.county = county_named(c);
    e.city = level_named(c.city, g_.city_ends_);
    e.province = level_named(c.province, g_.province_ends_);
    e.villages = villages_named(d) >= 2 ? 1 : 0;
    return e;
  }

  // How many of `unit`'s villages and communities (villages.tsv) the text names.
  int villages_named(const Division& unit) {
    const std::string_view list = g_.villages_[static_cast<size_t>(&unit - g_.divisions_.data())];
    if (list.empty()) return 0;
    const auto& in_text = village_names_in_text();
    int count = 0;
    for (size_t begin = 0; begin <= list.size();) {
      const size_t end = std::min(list.find('|', begin), list.size());
      count += in_text.count(list.substr(begin, end - begin)) ? 1 : 0;
      begin = end + 1;
    }
    return count;
  }

  // Every stretch of the text that ends with a village word (村, 社区) and is no longer than the
  // longest village name: one pass over the text, then a lookup per village. Found once per text.
  const std::unordered_set<std::string_view>& village_names_in_text() {
    if (village_names_) return *village_names_;
    village_names_.emplace();
    read_back_from(g_.village_ends_, g_.longest_village_name_, [&](size_t begin, size_t, size_t end) {
      village_names_->insert(text_.substr(begin, end - begin));
      return true;
    });
    return *village_names_;
  }

  // As level_named(), and a county's former names and Shanghai short forms count too.
  int county_named(const County& c) {
    int strength = level_named(c.name, g_.county_ends_);
    const size_t index = static_cast<size_t>(&c - g_.counties_.data());
    for (const auto& [other, other_strength] : g_.county_other_names_[index]) {
      if (other_strength > strength && named(other)) strength = other_strength;
    }
    return strength;
  }

  // 2 when the text writes `name` in full (of three characters or more), 1 when it writes its short
  // form (the name without the longest of `ends`), else 0.
  int level_named(const std::string& name, const std::vector<std::string>& ends) {
    if (name.size() > 2 * kHanBytes && named(name)) return 2;
    const std::string short_name = short_form(name, ends);
    return !short_name.empty() && named(short_name) ? 1 : 0;
  }

  bool one_character_stem(std::string_view name) const {
    return std::any_of(g_.township_ends_.begin(), g_.township_ends_.end(), [&](const std::string& end) {
      return name.ends_with(end) && name.size() <= end.size() + kHanBytes;
    });
  }

  // Whether the text names in full a county other than `unit`'s.
  bool names_other_county(const Division& unit) {
    for (const std::vector<uint32_t>* counties : counties_named()) {
      if (std::find(counties->begin(), counties->end(), unit.county) == counties->end()) return true;
    }
    return false;
  }

  // The counties the text names in full (three characters or more, 宝安区, 闸北区), each as the
  // counties that bear the name. Found once per text.
  const std::vector<const std::vector<uint32_t>*>& counties_named() {
    if (counties_named_) return *counties_named_;
    std::set<const std::vector<uint32_t>*> found;
    read_back_from(g_.county_ends_, g_.longest_county_name_, [&](size_t begin, size_t, size_t end) {
      if (end - begin <= 2 * kHanBytes) return true;
      auto it = g_.counties_by_name_.find(text_.substr(begin, end - begin));
      if (it != g_.counties_by_name_.end()) found.insert(&it->second);
      return true;
    });
    counties_named_.emplace(found.begin(), found.end());
    return *counties_named_;
  }

  // Whether the text writes `word` outside the unit names found in it (新安 of 新安街道 is no
  // mention of 新安县).
  bool named(const std::string& word) {
    auto cached = named_.find(word);
    if (cached != named_.end()) return cached->second;
    bool found = false;
    for (size_t at = text::find_word(text_, word); at != std::string_view::npos && !found;
         at = text::find_word(text_, word, at + word.size())) {
      found = std::none_of(spans_.begin(), spans_.end(),
                           [&](const auto& s) { return s.first <= at && at + word.size() <= s.second; });
    }
    named_.emplace(word, found);
    return found;
  }

  // The Shanghai unit whose short form (南西) the text writes most, when it writes no official name.
  const Division* most_mentioned_alias() {
    const Division* best = nullptr;
    Mentions best_mentions;
    for (const auto& [alias, units] : g_.aliases_) {
      const Mentions m = count_mentions(text_, alias);
      if (m.count > 0 && (best == nullptr || more_mentioned(m, best_mentions))) {
        best = &g_.divisions_[units.front()];
        best_mentions = m;
      }
    }
    return best;
  }

  // No unit named: the county, when the text names exactly one (by its full name) and nothing
  // leaves two counties of that name possible.
  Location county_only() {
    const auto& named_counties = counties_named();
    if (named_counties.size() != 1) return {};
    const auto& counties = *named_counties.front();
    const County* best = nullptr;
    Evidence best_evidence;
    size_t tied = 0;
    for (uint32_t c : counties) {
      Evidence e{0, level_named(g_.counties_[c].city, g_.city_ends_),
                 level_named(g_.counties_[c].province, g_.province_ends_)};
      if (best == nullptr || best_evidence.key() < e.key()) {
        best = &g_.counties_[c];
        best_evidence = e;
        tied = 1;
      } else if (best_evidence.key() == e.key()) {
        ++tied;
      }
    }
    if (best == nullptr || tied > 1) return {};
    Location location;
    location.county = best->name;
    location.city = best->city;
    location.province = best->province;
    location.code = best->code;
    return location;
  }

  std::string describe(const Division& d) const {
    const County& c = g_.counties_[d.county];
    std::string text(d.name);
    const std::array<std::string_view, 9> parts = {" (",       c.name, ", ",   c.city, ", ",
                                                   c.province, ", ",   d.code, ")"};
    for (std::string_view part : parts) text += part;
    return text;
  }

  const Gazetteer& g_;
  std::string_view text_;
  std::map<uint32_t, Mentions> mentions_;         // by the first unit of the name
  std::vector<std::pair<size_t, size_t>> spans_;  // where unit names stand
  std::unordered_map<std::string, bool> named_;
  std::optional<std::vector<const std::vector<uint32_t>*>> counties_named_;
  std::optional<std::unordered_set<std::string_view>> village_names_;
};

Location Gazetteer::locate(std::string_view text) const { return Locator(*this, text).locate(); }

std::vector<const Division*> Gazetteer::named(std::string_view name) const {
  std::vector<const Division*> units;
  if (auto it = first_named_.find(name); it != first_named_.end()) {
    for (uint32_t u = it->second; u != kNoUnit; u = next_named_[u]) units.push_back(&divisions_[u]);
  }
  return units;
}

const Division* Gazetteer::find(std::string_view district, std::string_view county) const {
  const Division* found = nullptr;
  for (const Division* d : named(district)) {
    if (!county.empty() && counties_[d->county].name != county) continue;
    if (found != nullptr) return nullptr;
    found = d;
  }
  return found;
}

const Division* Gazetteer::find_code(std::string_view code) const {
  // divisions.tsv is in code order (read_divisions checks it).
  auto at = std::lower_bound(divisions_.begin(), divisions_.end(), code,
                             [](const Division& d, std::string_view c) { return d.code < c; });
  return at != divisions_.end() && at->code == code ? &*at : nullptr;
}

Location Gazetteer::location_of(const Division& unit) const {
  const County& c = counties_[unit.county];
  return Location{std::string(unit.name), c.name, c.city, c.province, std::string(unit.code), {}};
}

}  // namespace jiedao::report
