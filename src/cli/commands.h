// The subcommands of the jiedao binary, one file each. A command's run function returns its exit
// status (cli/exit_status.h); its options are a table (cli/options.h), which the tests read
// command lines by as the command does.
#pragma once

#include "cli/options.h"

namespace jiedao::cli {

// jiedao extract [--format jsonl|csv|table] [--stats] [--explain] [--data DIR] FILE...
int run_extract(int argc, char** argv);
const CommandOptions& extract_options();

// jiedao ingest --db FILE [--data DIR] [--max-report-mb N] PATH...
int run_ingest(int argc, char** argv);
const CommandOptions& ingest_options();

// jiedao serve [--reports DIR] [--db FILE] [--listen HOST:PORT] [--data DIR] [--token-file FILE] ...
int run_serve(int argc, char** argv);
const CommandOptions& serve_options();

// jiedao export [--db FILE] [--format openmetrics] [--output FILE]
int run_export(int argc, char** argv);
const CommandOptions& export_options();

// jiedao push --remote-write URL [--db FILE] [--remote-write-user USER ...]
int run_push(int argc, char** argv);
const CommandOptions& push_options();

}  // namespace jiedao::cli
