#include "model/status.h"

namespace jiedao {

std::string_view status_name(Status status) { return status == Status::kTarget ? "target" : "actual"; }

std::optional<Status> parse_status(std::string_view text) {
  if (text == "actual") return Status::kActual;
  if (text == "target") return Status::kTarget;
  return std::nullopt;
}

}  // namespace jiedao
