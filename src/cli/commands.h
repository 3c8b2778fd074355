// The subcommands of the jiedao binary, one file each.
#pragma once

namespace jiedao::cli {

// jiedao extract [--format jsonl|csv|table] [--stats] [--explain] [--data DIR] FILE...
int run_extract(int argc, char** argv);

// jiedao ingest --db FILE [--data DIR] PATH...
int run_ingest(int argc, char** argv);

// jiedao serve [--reports DIR] [--db FILE] [--listen HOST:PORT] [--data DIR] [--token-file FILE]
int run_serve(int argc, char** argv);

// jiedao export [--db FILE] [--format openmetrics] [--output FILE]
int run_export(int argc, char** argv);

}  // namespace jiedao::cli
