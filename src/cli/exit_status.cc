#include "cli/exit_status.h"

#include <iostream>

namespace jiedao::cli {

int exit_status(Stage stage) { return stage == Stage::kStarting ? kExitUsage : kExitSomeFailed; }

int fail(std::string_view command, const Error& error, Stage stage) {
  std::cerr << "jiedao " << command << ": " << error.message << "\n";
  return exit_status(stage);
}

}  // namespace jiedao::cli
