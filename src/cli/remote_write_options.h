// The options that name a remote-write receiver and its credentials, shared by `jiedao push` and
// `jiedao serve --remote-write`. Secrets are read from files, never taken on the command line,
// where any user of the machine could read them in the process list.
#pragma once

#include <optional>
#include <vector>

#include "base/result.h"
#include "cli/options.h"
#include "push/remote_write.h"

namespace jiedao::cli {

// --remote-write URL, --remote-write-user USER, --remote-write-password-file FILE,
// --remote-write-token-file FILE, --remote-write-batch N
std::vector<Option> remote_write_option_table();

// The help text of those options, for a command's --help.
extern const char* const kRemoteWriteHelp;

// The receiver `line` names, nullopt when it names none, or the error (a credential file that
// cannot be read, a URL that is not one, a user without a password file).
Result<std::optional<push::RemoteWriteOptions>> remote_write_options(const CommandLine& line);

}  // namespace jiedao::cli
