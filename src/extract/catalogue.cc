#include "extract/catalogue.h"

#include <algorithm>
#include <array>
#include <queue>
#include <set>

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

// The wordings' parts, compiled into one Aho-Corasick automaton over bytes.
struct Catalogue::Automaton {
  struct Part {
    int wording = 0;   // index into wordings
    int index = 0;     // position of this part within its wording
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

  // The automaton as a table: one lookup per byte of the report, no walks along fail
  // links (profiling showed the walks at a fifth of an ingest). Built after link(), in
  // breadth-first order so that a node's fail target is complete before the node.
  std::vector<int32_t> delta;  // nodes.size() × 256
  std::vector<int32_t> first_output;  // per node: the node itself or its dict suffix with an output, or -1

  void build_table() {
    delta.assign(nodes.size() * 256, 0);
    std::vector<int> order{0};
    for (size_t i = 0; i < order.size(); ++i) {
      for (auto [byte, next] : nodes[order[i]].next) order.push_back(next);
    }
    for (int node : order) {
      int32_t* row = &delta[static_cast<size_t>(node) * 256];
      if (node != 0) {
        const int32_t* fail_row = &delta[static_cast<size_t>(nodes[node].fail) * 256];
        std::copy(fail_row, fail_row + 256, row);
      }
      for (auto [byte, next] : nodes[node].next) row[byte] = next;
    }
    first_output.resize(nodes.size());
    for (size_t n = 0; n < nodes.size(); ++n) first_output[n] = nodes[n].output >= 0 ? static_cast<int32_t>(n) : nodes[n].dict_suffix;
  }

  int step(int node, unsigned char byte) const { return delta[static_cast<size_t>(node) * 256 + byte]; }
};

Catalogue::Catalogue() : automaton_(std::make_unique<Automaton>()) {}
Catalogue::Catalogue(Catalogue&&) noexcept = default;
Catalogue& Catalogue::operator=(Catalogue&&) noexcept = default;
Catalogue::~Catalogue() = default;

Result<Catalogue> Catalogue::parse(std::string_view content, std::string_view source) {
  auto rows = parse_tsv(content, source, 5);
  if (!rows) return rows.error();
  Catalogue catalogue;
  Automaton& a = *catalogue.automaton_;
  std::set<std::string> ids;
  std::set<std::pair<std::string, std::string>> wording_units;  // a wording may name one thing per unit
  for (const TsvRow& row : rows.value()) {
    const std::string where = std::string(source) + ":" + std::to_string(row.line) + ": ";
    Indicator indicator;
    indicator.id = row.fields[0];
    indicator.category = row.fields[1];
    indicator.units = split_list(row.fields[2], ',');
    indicator.name_en = row.fields[3];
    indicator.wordings = split_list(row.fields[4], '|');
    if (!is_snake_case(indicator.id)) return Error{where + "id '" + indicator.id + "' is not snake_case"};
    if (!ids.insert(indicator.id).second) return Error{where + "id '" + indicator.id + "' listed twice"};
    if (indicator.units.empty()) return Error{where + "no unit"};
    for (const std::string& unit : indicator.units) {
      if (!text::is_canonical_unit(unit)) return Error{where + "unknown unit '" + unit + "'"};
    }
    if (indicator.wordings.empty()) return Error{where + "no wording"};
    const int indicator_index = static_cast<int>(catalogue.indicators_.size());
    for (std::string& wording : indicator.wordings) {
      // ~小区: a weak wording, a place or object that many measures share; it names the
      // indicator only when no ordinary wording is as close to the number.
      const bool weak = wording.rfind('~', 0) == 0;
      if (weak) wording.erase(0, 1);
      if (text::count_code_points(wording) < 2) return Error{where + "wording '" + wording + "' is shorter than two characters"};
      for (const std::string& unit : indicator.units) {
        if (!wording_units.insert({wording, unit}).second) {
          return Error{where + "wording '" + wording + "' already names another indicator measured in " + unit};
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
  a.link();
  a.build_table();
  return catalogue;
}

bool Catalogue::allows(int indicator, std::string_view unit) const {
  const auto& units = indicators_[indicator].units;
  return std::find(units.begin(), units.end(), unit) != units.end();
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
  for (size_t i = 0; i < text.size(); ++i) {
    node = a.step(node, static_cast<unsigned char>(text[i]));
    for (int n = a.first_output[node]; n >= 0; n = a.nodes[n].dict_suffix) {
      for (int part_id : a.outputs[a.nodes[n].output]) on_part(part_id, i + 1);
    }
  }
  std::sort(matches.begin(), matches.end(),
            [](const WordingMatch& x, const WordingMatch& y) { return x.begin < y.begin; });
  return matches;
}

}  // namespace jiedao::extract
