// Whether a figure is what was done (actual) or what is planned (target), and its one spelling:
// "actual" and "target", in the store, the API, the CLI, data/report_kinds.tsv and query strings.
#pragma once

#include <optional>
#include <string_view>

namespace jiedao {

enum class Status { kActual, kTarget };

// "actual" or "target".
std::string_view status_name(Status status);

// The status `text` names, or nullopt.
std::optional<Status> parse_status(std::string_view text);

}  // namespace jiedao
