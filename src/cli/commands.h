// The subcommands of the jiedao binary, one file each.
#pragma once

namespace jiedao::cli {

// jiedao extract [--format jsonl|csv|table] [--stats] [--explain] [--data DIR] FILE...
int run_extract(int argc, char** argv);

}  // namespace jiedao::cli
