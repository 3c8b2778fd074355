#include "extract/catalogue.h"

#include <algorithm>
#include <array>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "text/tsv.h"
#include "text/units.h"
#include "text/utf8.h"

namespace jiedao::extract {

namespace {

constexpr size_t kMaxGapBytes = 24;  // 8 Han characters

bool is_snake_case(std::string_view id) {
  if (id.empty() || id.front() == '_' || id.back() == '_') return false;
  return std::all_of(id.begin(), id.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

// A gap may not cross a clause: ，,。；;\n
bool gap_crosses_clause(std::string_view gap) {
  for (std::string_view mark : {"，", ",", "。", "；", ";", "\n", "：", "、"}) {
    if (gap.find(mark) != std::string_view::npos) return true;
  }
  return false;
}

}  // namespace

// The wordings' parts, compiled into one Aho-Corasick automaton over characters. Each
// character some wording contains is a letter, numbered from 1; every other character is
// letter 0 and leads back to the root. Reading a text is a step per character, and the
// steps are what a report's reading costs most (a quarter of the extractor's time), so the
// tables they touch are small and dense, and a step takes few branches that the data decide:
// a letter's number is one array read, the root's edges (where most steps start again) are
// an array by letter, and another node's step reads one record and its children's letters
// (see compile()).
struct Catalogue::Automaton {
  struct Part {
    int wording = 0;    // index into wordings
    int index = 0;      // position of this part within its wording
    size_t length = 0;  // bytes
  };
  struct Wording {
    int indicator = 0;
    int parts = 0;
    int weight = 0;
    bool weak = false;
  };
  std::vector<Part> parts;
  std::vector<Wording> wordings;

  // Letters. Below U+10000 (all of CJK's common characters) a table; past it, a map.
  std::vector<uint16_t> bmp_letter = std::vector<uint16_t>(0x10000, 0);
  std::unordered_map<char32_t, uint32_t> astral_letter;
  uint32_t letter_count = 1;  // letter 0 included

  // The trie: node 0 is the root. While building, each node's edges by letter.
  std::vector<std::vector<std::pair<uint32_t, int>>> children{{}};
  std::vector<int> fail{0};
  std::vector<std::vector<int>> outputs{{}};  // per node: the parts that end there, in the order added
  std::vector<int> dict_suffix;  // per node: the nearest node along fail links with outputs, or -1
  // Read-time outputs: the parts that end at node n are output_parts[output_begin[n], output_begin[n + 1]).
  std::vector<int> output_begin;
  std::vector<int> output_parts;

  // Read-time tables, nodes numbered breadth first with each node's children in order of
  // letter: a node's children are then consecutive numbers, and an edge is found among them
  // by its letter (`in_letter`, 2 bytes a node) without a hash table. From the root, whose
  // children are many, an array by letter (0 where none).
  struct Step {
    int32_t fail = 0;
    int32_t first_output = -1;  // itself if parts end here, else its dict suffix, or -1
    int32_t first_child = 0;
    uint16_t children = 0;
    uint16_t letters = 0;  // bit (letter % 16) set for each child's letter: most steps miss, and
                           // this tells most misses without a search
  };
  std::vector<Step> steps;
  std::vector<uint16_t> in_letter;  // per node: the letter of the edge into it
  std::vector<int32_t> root_next;

  uint32_t letter(char32_t c) const {
    if (c < 0x10000) return bmp_letter[c];
    auto it = astral_letter.find(c);
    return it == astral_letter.end() ? 0 : it->second;
  }

  uint32_t add_letter(char32_t c) {
    if (uint32_t known = letter(c); known != 0) return known;
    const uint32_t next = letter_count++;
    if (c < 0x10000) {
      bmp_letter[c] = static_cast<uint16_t>(next);
    } else {
      astral_letter.emplace(c, next);
    }
    return next;
  }

  // While building: the trie's edges, keyed by node << 32 | letter.
  std::unordered_map<uint64_t, int> trie_edges;

  int build_child(int node, uint32_t x) const {
    auto it = trie_edges.find(static_cast<uint64_t>(node) << 32 | x);
    return it == trie_edges.end() ? -1 : it->second;
  }

  // REQUIRES: pattern is valid UTF-8.
  void add(std::string_view pattern, int part) {
    int node = 0;
    size_t length = 0;
    for (size_t i = 0; i < pattern.size(); i += length) {
      const uint32_t x = add_letter(text::decode_at(pattern, i, length));
      int next = build_child(node, x);
      if (next < 0) {
        next = static_cast<int>(children.size());
        trie_edges.emplace(static_cast<uint64_t>(node) << 32 | x, next);
        children.emplace_back();
        fail.push_back(0);
        outputs.emplace_back();
        children[node].emplace_back(x, next);
      }
      node = next;
    }
    outputs[node].push_back(part);
  }

  // The fail links and dictionary suffixes, breadth first; then the read-time tables.
  // Error if the catalogue is too large for 32-bit edge keys (millions of wordings).
  std::optional<Error> link() {
    const size_t nodes = children.size();
    if (letter_count > 0xFFFF)
      return Error{"the catalogue's wordings have more than 65,534 distinct characters"};
    std::vector<int> build_suffix(nodes, -1);
    for (auto& edges_of : children) std::sort(edges_of.begin(), edges_of.end());
    std::vector<int> order{0};  // breadth first, each node's children in order of letter
    for (size_t k = 0; k < order.size(); ++k) {
      const int node = order[k];
      for (auto [x, next] : children[node]) {
        int target = -1;
        if (node != 0) {
          for (int f = fail[node];; f = fail[f]) {
            target = build_child(f, x);
            if (target >= 0 || f == 0) break;
          }
        }
        fail[next] = target >= 0 && target != next ? target : 0;
        const int f = fail[next];
        build_suffix[next] = outputs[f].empty() ? build_suffix[f] : f;
        order.push_back(next);
      }
    }
    compile(order, build_suffix);
    children = {};
    outputs = {};
    trie_edges = {};
    fail = {};
    return std::nullopt;
  }

  void compile(const std::vector<int>& order, const std::vector<int>& build_suffix) {
    const size_t nodes = order.size();
    std::vector<int> id(nodes, -1);
    for (size_t k = 0; k < nodes; ++k) id[static_cast<size_t>(order[k])] = static_cast<int>(k);
    auto renumbered = [&](int node) { return node < 0 ? -1 : id[static_cast<size_t>(node)]; };
    steps.assign(nodes, Step{});
    in_letter.assign(nodes, 0);
    dict_suffix.assign(nodes, -1);
    for (size_t k = 0; k < nodes; ++k) {
      const int old = order[k];
      output_begin.push_back(static_cast<int>(output_parts.size()));
      output_parts.insert(output_parts.end(), outputs[old].begin(), outputs[old].end());
      dict_suffix[k] = renumbered(build_suffix[old]);
      Step& step = steps[k];
      step.fail = renumbered(fail[old]);
      step.first_output = outputs[old].empty() ? dict_suffix[k] : static_cast<int>(k);
      step.children = static_cast<uint16_t>(children[old].size());
      if (!children[old].empty()) step.first_child = renumbered(children[old].front().second);
      for (auto [x, next] : children[old]) {
        in_letter[static_cast<size_t>(renumbered(next))] = static_cast<uint16_t>(x);
        step.letters |= static_cast<uint16_t>(1u << (x % 16));
      }
    }
    output_begin.push_back(static_cast<int>(output_parts.size()));
    root_next.assign(letter_count, 0);
    for (auto [x, next] : children[0]) root_next[x] = renumbered(next);
  }

  // The next state after a character of letter `x`: the longest suffix of the text read
  // so far that is a prefix of a wording.
  int step(int node, uint32_t x) const {
    if (x == 0) return 0;
    while (node != 0) {
      const Step& here = steps[static_cast<size_t>(node)];
      if ((here.letters >> (x % 16) & 1) != 0) {
        const uint16_t* first = in_letter.data() + here.first_child;
        const uint16_t* last = first + here.children;
        const uint16_t* it =
            here.children <= 8 ? std::find(first, last, x) : std::lower_bound(first, last, x);
        if (it != last && *it == x) return static_cast<int>(it - in_letter.data());
      }
      node = here.fail;
    }
    return root_next[x];
  }
};

Catalogue::Catalogue() : automaton_(std::make_unique<Automaton>()) {}
Catalogue::Catalogue(Catalogue&&) noexcept = default;
Catalogue& Catalogue::operator=(Catalogue&&) noexcept = default;
Catalogue::~Catalogue() = default;

namespace {

// One row of the file: its counts column may name several measure classes, and each
// class after the first makes an entry of its own (id_class), so that a series counts one
// kind of thing: old_housing_renovated (items: 个 小区), old_housing_renovated_households (户).
Result<std::vector<Indicator>> read_row(const TsvRow& row, const std::string& where,
                                        const FamilyList& families, const text::UnitLexicon& lexicon) {
  Indicator indicator;
  indicator.id = row.fields[0];
  indicator.category = row.fields[1];
  indicator.family = row.fields[2] == "-" ? "" : row.fields[2];
  indicator.units = split_list(row.fields[3], ',');
  const std::vector<std::string> classes =
      row.fields[4] == "-" ? std::vector<std::string>{} : split_list(row.fields[4], ',');
  indicator.name_en = row.fields[5];
  indicator.wordings = split_list(row.fields[6], '|');
  if (!is_snake_case(indicator.id)) return Error{where + "id '" + indicator.id + "' is not snake_case"};
  if (!indicator.family.empty() && !families.contains(indicator.family)) {
    return Error{where + "family '" + indicator.family + "' is not in families.tsv (or write - for none)"};
  }
  if (indicator.units.empty()) return Error{where + "no unit"};
  for (const std::string& unit : indicator.units) {
    if (!text::is_canonical_unit(unit)) return Error{where + "unknown unit '" + unit + "'"};
  }
  const bool counts =
      std::find(indicator.units.begin(), indicator.units.end(), "count") != indicator.units.end();
  if (counts != !classes.empty()) {
    return Error{where + (counts ? "a count needs the measure class it counts (households, items, ...)"
                                 : "measure classes are for counts only; write -")};
  }
  for (const std::string& c : classes) {
    if (!lexicon.has_class(c)) return Error{where + "measure class '" + c + "' is not in units.tsv"};
  }
  if (indicator.wordings.empty()) return Error{where + "no wording"};
  std::vector<Indicator> entries;
  if (!classes.empty()) indicator.counts = classes.front();
  entries.push_back(indicator);
  for (size_t k = 1; k < classes.size(); ++k) {
    Indicator sibling = indicator;
    sibling.counts = classes[k];
    sibling.units = {"count"};
    sibling.id = indicator.id + "_" + classes[k];
    std::replace(sibling.id.begin(), sibling.id.end(), '-', '_');
    sibling.name_en = indicator.name_en + " (" + classes[k] + ")";
    entries.push_back(std::move(sibling));
  }
  return entries;
}

}  // namespace

Result<Catalogue> Catalogue::parse(std::string_view content, std::string_view source,
                                   const FamilyList& families, const text::UnitLexicon& lexicon) {
  auto rows = parse_tsv(content, source, 7);
  if (!rows) return rows.error();
  Catalogue catalogue;
  Automaton& a = *catalogue.automaton_;
  std::unordered_set<std::string> ids;
  // A wording may name one thing per unit and measure class.
  // Keyed wording, unit and class joined by tabs, which no field holds (the file is TSV).
  std::unordered_set<std::string> wording_units;
  auto wording_unit = [](std::string_view wording, std::string_view unit, std::string_view counts) {
    std::string key;
    key.reserve(wording.size() + unit.size() + counts.size() + 2);
    key.append(wording).append("\t").append(unit).append("\t").append(counts);
    return key;
  };
  for (const TsvRow& row : rows.value()) {
    const std::string where = row_place(source, row);
    auto entries = read_row(row, where, families, lexicon);
    if (!entries) return entries.error();
    const int row_first = static_cast<int>(catalogue.indicators_.size());
    for (Indicator& indicator : entries.value()) {
      if (!ids.insert(indicator.id).second) return Error{where + "id '" + indicator.id + "' listed twice"};
      const int indicator_index = static_cast<int>(catalogue.indicators_.size());
      catalogue.row_size_.push_back(indicator_index == row_first ? static_cast<int>(entries.value().size())
                                                                 : 0);
      // The row's other ids share its wordings: the automaton holds them once, for the first.
      if (indicator_index != row_first) {
        for (std::string& wording : indicator.wordings) {
          if (wording.rfind('~', 0) == 0) wording.erase(0, 1);
          if (!wording_units.insert(wording_unit(wording, "count", indicator.counts)).second) {
            return Error{where + "wording '" + wording +
                         "' already names another indicator measured in count (" + indicator.counts + ")"};
          }
        }
        catalogue.indicators_.push_back(std::move(indicator));
        continue;
      }
      for (std::string& wording : indicator.wordings) {
        // ~小区: a weak wording, a place or object that many measures share; it names the
        // indicator only when no ordinary wording is as close to the number.
        const bool weak = wording.rfind('~', 0) == 0;
        if (weak) wording.erase(0, 1);
        if (text::count_code_points(wording) < 2) {
          return Error{where + "wording '" + wording + "' is shorter than two characters"};
        }
        for (const std::string& unit : indicator.units) {
          const std::string counts = unit == "count" ? indicator.counts : "";
          if (!wording_units.insert(wording_unit(wording, unit, counts)).second) {
            return Error{where + "wording '" + wording + "' already names another indicator measured in " +
                         unit + (counts.empty() ? "" : " (" + counts + ")")};
          }
        }
        std::vector<std::string> pieces = split_list(wording, '*');
        if (pieces.empty()) return Error{where + "empty wording"};
        const int wording_index = static_cast<int>(a.wordings.size());
        int weight = 0;
        for (size_t k = 0; k < pieces.size(); ++k) {
          const int part_index = static_cast<int>(a.parts.size());
          a.parts.push_back({wording_index, static_cast<int>(k), pieces[k].size()});
          a.add(pieces[k], part_index);
          weight += static_cast<int>(pieces[k].size());
        }
        a.wordings.push_back({indicator_index, static_cast<int>(pieces.size()), weight, weak});
      }
      catalogue.indicators_.push_back(std::move(indicator));
    }
  }
  if (auto error = a.link()) return Error{std::string(source) + ": " + error->message};
  for (size_t i = 0; i < catalogue.indicators_.size(); ++i)
    catalogue.by_id_.try_emplace(catalogue.indicators_[i].id, static_cast<int>(i));
  return catalogue;
}

const Indicator* Catalogue::find(std::string_view id) const {
  const auto found = by_id_.find(id);
  return found == by_id_.end() ? nullptr : &indicators_[static_cast<size_t>(found->second)];
}

int Catalogue::resolve(int indicator, std::string_view unit, std::string_view counts, bool change) const {
  if (change) return indicator;
  const int end = indicator + std::max(1, row_size_[static_cast<size_t>(indicator)]);
  for (int i = indicator; i < end; ++i) {
    if (allows(i, unit, counts)) return i;
  }
  return -1;
}

bool Catalogue::allows(int indicator, std::string_view unit, std::string_view counts) const {
  const Indicator& entry = indicators_[indicator];
  if (std::find(entry.units.begin(), entry.units.end(), unit) == entry.units.end()) return false;
  return unit != "count" || counts == entry.counts;
}

std::vector<WordingMatch> Catalogue::find_all(std::string_view text) const {
  const Automaton& a = *automaton_;
  std::vector<WordingMatch> matches;
  // For wordings with gaps: per part, where the latest chain through it began and ended.
  struct Chain {
    size_t begin = 0, end = 0;
    bool valid = false;
  };
  std::vector<Chain> chains(a.parts.size());
  auto on_part = [&](int part_id, size_t end) {
    const Automaton::Part& part = a.parts[part_id];
    const Automaton::Wording& wording = a.wordings[part.wording];
    const size_t begin = end - part.length;
    if (wording.parts == 1) {
      matches.push_back({begin, end, wording.indicator, wording.weight, wording.weak});
      return;
    }
    Chain chain{begin, end, true};
    if (part.index > 0) {
      const Chain& previous = chains[part_id - 1];
      if (!previous.valid || previous.end > begin || begin - previous.end > kMaxGapBytes ||
          gap_crosses_clause(text.substr(previous.end, begin - previous.end))) {
        return;
      }
      chain.begin = previous.begin;
    }
    if (part.index + 1 == wording.parts) {
      matches.push_back({chain.begin, end, wording.indicator, wording.weight, wording.weak});
    } else {
      chains[part_id] = chain;
    }
  };
  int node = 0;
  size_t length = 0;
  for (size_t i = 0; i < text.size(); i += length) {
    node = a.step(node, a.letter(text::decode_at(text, i, length)));
    for (int n = a.steps[static_cast<size_t>(node)].first_output; n >= 0; n = a.dict_suffix[n]) {
      for (int k = a.output_begin[n]; k < a.output_begin[n + 1]; ++k) on_part(a.output_parts[k], i + length);
    }
  }
  std::sort(matches.begin(), matches.end(),
            [](const WordingMatch& x, const WordingMatch& y) { return x.begin < y.begin; });
  return matches;
}

}  // namespace jiedao::extract
