// The exit statuses of jiedao and its commands, decided here and nowhere else.
//
//   0  done; also --help and --version
//   1  the command ran, but some of its inputs failed (extract and ingest go on with the other
//      files: one that cannot be read or decoded, or that ingest skipped), or export could not
//      read the series or write its output
//   2  the command did not run: a usage error (an unknown command or option, an option without
//      its value or with a bad one, no FILE), or what it needs could not be had: the data files,
//      a reports.tsv, the database, the daemon's address
//
// The status says how far the command got, not what failed: a database that cannot be opened is
// a 2, a read that fails once export has opened it a 1. So it is decided by the Stage at which
// an Error arrived, and its ErrorKind (base/result.h) is left to the message.
#pragma once

#include <string_view>

#include "base/result.h"

namespace jiedao::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitSomeFailed = 1;  // ran; some inputs (or the output) failed
inline constexpr int kExitUsage = 2;       // did not run: a usage error, or it could not start

// When a command met an error: before its work (reading its command line, loading the data
// files, opening the database) or during it (an input file, the output).
enum class Stage { kStarting, kWorking };

// The exit status of a command that met an error at `stage`: kExitUsage, or kExitSomeFailed.
int exit_status(Stage stage);

// Writes "jiedao COMMAND: MESSAGE" on standard error; returns exit_status(stage).
int fail(std::string_view command, const Error& error, Stage stage);

}  // namespace jiedao::cli
