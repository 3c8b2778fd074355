// The words people read for the keys the API answers with (data/labels.tsv): a unit (m2 →
// 平方米 m²), a status (actual → 实际 actual) and a category of the catalogue (employment → 就业
// employment), each in Chinese and English. The API serves them (GET /api/v1/labels) so that
// the page, Grafana panels and scripts show one wording and keep no copy of it. Immutable once
// parsed; safe to share between threads.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "base/result.h"

namespace jiedao::report {

struct Label {
  std::string zh, en;
};

class Labels {
 public:
  // Parses data/labels.tsv (`source` in messages); an unknown kind, an empty label or a key given
  // twice is an error naming the line.
  static Result<Labels> parse(std::string_view content, std::string_view source);

  // The labels of one kind ("unit", "status", "category"), by key.
  const std::map<std::string, Label>& of(std::string_view kind) const;

 private:
  std::map<std::string, std::map<std::string, Label>> kinds_;
};

}  // namespace jiedao::report
