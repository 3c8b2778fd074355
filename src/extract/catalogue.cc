#include "extract/catalogue.h"

#include <algorithm>
#include <array>
#include <queue>
#include <set>
#include <tuple>

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

// The wordings' parts, compiled into one Aho-Corasick automaton: a trie over bytes, read a
// character at a time.
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
  struct Node {
    std::vector<std::pair<unsigned char, int>> next;  // sorted by byte
    int fail = 0;
    int output = -1;       // first part ending here, index into outputs
    int dict_suffix = -1;  // nearest node along fail links with an output
  };
  std::vector<Node> nodes{Node{}};
  std::vector<std::vector<int>> outputs;  // per output slot: part ids
  std::vector<Part> parts;
  std::vector<Wording> wordings;

  int child(int node, unsigned char byte) const {
    const auto& next = nodes[node].next;
    auto it = std::lower_bound(next.begin(), next.end(), std::make_pair(byte, 0),
                               [](const auto& a, const auto& b) { return a.first < b.first; });
    return it != next.end() && it->first == byte ? it->second : -1;
  }

  void add(std::string_view pattern, int part) {
    int node = 0;
    for (unsigned char byte : pattern) {
      int next = child(node, byte);
      if (next < 0) {
        next = static_cast<int>(nodes.size());
        nodes.emplace_back();
        auto& edges = nodes[node].next;
        edges.insert(std::upper_bound(edges.begin(), edges.end(), std::make_pair(byte, 0),
                                      [](const auto& a, const auto& b) { return a.first < b.first; }),
                     {byte, next});
      }
      node = next;
    }
    if (nodes[node].output < 0) {
      nodes[node].output = static_cast<int>(outputs.size());
      outputs.emplace_back();
    }
    outputs[nodes[node].output].push_back(part);
  }

  void link() {
    std::queue<int> queue;
    for (auto [byte, next] : nodes[0].next) {
      nodes[next].fail = 0;
      queue.push(next);
    }
    while (!queue.empty()) {
      int node = queue.front();
      queue.pop();
      for (auto [byte, next] : nodes[node].next) {
        int fail = nodes[node].fail;
        while (fail != 0 && child(fail, byte) < 0) fail = nodes[fail].fail;
        int target = child(fail, byte);
        nodes[next].fail = target >= 0 && target != next ? target : 0;
        int f = nodes[next].fail;
        nodes[next].dict_suffix = nodes[f].output >= 0 ? f : nodes[f].dict_suffix;
        queue.push(next);
      }
    }
  }

  // The automaton read a character at a time. A wording is valid UTF-8 and so is the text,
  // so a wording can only begin and end where a character does: the states the byte
  // automaton is in between two characters are all its states that are needed, and it
  // reports the same matches in the same order. Reading characters, not bytes, takes a
  // third of the steps, and each step is a lookup in a small hash table of the trie's
  // character edges (a few thousand), which stays in the cache; a dense table over bytes
  // (one row of 256 next states per node) took 10 MB, and each byte's lookup missed it.
  // A character no wording contains leads back to the root without a lookup.
  struct CharEdge {
    uint64_t key = kNoEdge;  // node << 21 | code point
    int next = -1;
  };
  static constexpr uint64_t kNoEdge = ~uint64_t{0};
  std::vector<CharEdge> char_edges;   // open addressing, linear probing; size a power of two
  int hash_shift = 64;                // 64 - log2(char_edges.size())
  std::vector<uint64_t> alphabet;     // bit per code point below 2^16 that some wording contains
  std::vector<int32_t> first_output;  // per node: the node itself or its dict suffix with an output, or -1

  static uint64_t edge_key(int node, char32_t c) { return static_cast<uint64_t>(node) << 21 | c; }
  size_t slot(uint64_t key) const { return static_cast<size_t>((key * 0x9E3779B97F4A7C15ULL) >> hash_shift); }

  // The node the trie edge for character `c` leads to from `node`, or -1.
  int char_child(int node, char32_t c) const {
    const uint64_t key = edge_key(node, c);
    const size_t mask = char_edges.size() - 1;
    for (size_t i = slot(key);; i = (i + 1) & mask) {
      if (char_edges[i].key == key) return char_edges[i].next;
      if (char_edges[i].key == kNoEdge) return -1;
    }
  }

  // Whether some wording contains `c` (always true past U+FFFF, which the bitmap leaves out).
  bool in_alphabet(char32_t c) const { return c > 0xFFFF || (alphabet[c >> 6] >> (c & 63) & 1) != 0; }

  // The next state after character `c`: the longest suffix of the text read so far that
  // is a prefix of a wording.
  int step(int node, char32_t c) const {
    if (!in_alphabet(c)) return 0;
    for (;;) {
      const int next = char_child(node, c);
      if (next >= 0) return next;
      if (node == 0) return 0;
      node = nodes[node].fail;
    }
  }

  // Built after link(): the fail links and dictionary suffixes of the nodes between two
  // characters point to such nodes too, so they serve as they are.
  void build_char_edges() {
    first_output.resize(nodes.size());
    for (size_t n = 0; n < nodes.size(); ++n) {
      first_output[n] = nodes[n].output >= 0 ? static_cast<int32_t>(n) : nodes[n].dict_suffix;
    }
    // The character edges: from every node that a whole number of characters reaches, the
    // paths of one character's bytes.
    struct Edge {
      int from;
      char32_t c;
      int to;
    };
    std::vector<Edge> edges;
    std::vector<int> boundary_nodes{0};
    alphabet.assign((0xFFFF >> 6) + 1, 0);
    for (size_t k = 0; k < boundary_nodes.size(); ++k) {
      const int from = boundary_nodes[k];
      for (auto [lead, first] : nodes[from].next) {
        const int length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        // (node, code point so far, bytes still to read)
        std::vector<std::tuple<int, char32_t, int>> stack{
            {first, length == 1 ? lead : lead & (0xFF >> (length + 1)), length - 1}};
        while (!stack.empty()) {
          auto [node, c, left] = stack.back();
          stack.pop_back();
          if (left == 0) {
            edges.push_back({from, c, node});
            boundary_nodes.push_back(node);
            if (c <= 0xFFFF) alphabet[c >> 6] |= uint64_t{1} << (c & 63);
            continue;
          }
          for (auto [byte, next] : nodes[node].next)
            stack.emplace_back(next, c << 6 | (byte & 0x3F), left - 1);
        }
      }
    }
    size_t size = 16;
    hash_shift = 60;
    while (size < 2 * edges.size()) size *= 2, --hash_shift;
    char_edges.assign(size, CharEdge{});
    for (const Edge& e : edges) {
      const uint64_t key = edge_key(e.from, e.c);
      size_t i = slot(key);
      while (char_edges[i].key != kNoEdge) i = (i + 1) & (size - 1);
      char_edges[i] = {key, e.to};
    }
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
  std::set<std::string> ids;
  // A wording may name one thing per unit and measure class.
  std::set<std::tuple<std::string, std::string, std::string>> wording_units;
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
          if (!wording_units.insert({wording, "count", indicator.counts}).second) {
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
          if (!wording_units.insert({wording, unit, counts}).second) {
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
  a.link();
  a.build_char_edges();
  return catalogue;
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
    node = a.step(node, text::decode_at(text, i, length));
    for (int n = a.first_output[node]; n >= 0; n = a.nodes[n].dict_suffix) {
      for (int part_id : a.outputs[a.nodes[n].output]) on_part(part_id, i + length);
    }
  }
  std::sort(matches.begin(), matches.end(),
            [](const WordingMatch& x, const WordingMatch& y) { return x.begin < y.begin; });
  return matches;
}

}  // namespace jiedao::extract
