// The options of a subcommand as a table, and the one loop that reads a command line by it.
//
// A command lists its options: each a name and what follows it: nothing (a flag), a text, a text
// that a function checks (--listen's HOST:PORT), a whole number within bounds, or one of a few
// words. read_command_line() reads argv by that table, left to right, and stops at the first
// fault: an unknown option, an option without its value, a value refused, then a missing operand
// or required option. Each of those is a usage error (cli/exit_status.h), its message without the
// "jiedao COMMAND: " that fail() puts before it. -h or --help stops the reading too: the command
// prints its help.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace jiedao::cli {

// One option of a command; made by flag(), text(), checked_text(), whole_number() or word().
struct Option {
  enum class Takes { kNothing, kText, kWholeNumber, kWord };
  std::string_view name = {};  // "--format"
  Takes takes = Takes::kNothing;
  bool (*valid)(std::string_view) = nullptr;  // kText: the check, if any
  std::string_view shape = {};                // kText with a check: what it takes ("HOST:PORT")
  int64_t low = 0, high = 0;                  // kWholeNumber: the bounds
  std::vector<std::string_view> words = {};   // kWord: the words allowed
};

Option flag(std::string_view name);
Option text(std::string_view name);
// A text that `valid` accepts; another is refused as "NAME takes SHAPE, not 'VALUE'".
Option checked_text(std::string_view name, bool (*valid)(std::string_view), std::string_view shape);
// Refused as "NAME takes a whole number from LOW to HIGH, not 'VALUE'" (base/whole_number.h).
Option whole_number(std::string_view name, int64_t low, int64_t high);
// Refused as "unknown NAME 'VALUE' (WORD, WORD or WORD)", NAME without its dashes.
Option word(std::string_view name, std::vector<std::string_view> words);

// A command's table, and what its command line must give besides.
struct CommandOptions {
  std::string_view command = {};  // "extract"
  std::vector<Option> options = {};
  // Whether it reads operands (FILE..., PATH...; '-' is one); without, a word is an unknown option.
  bool operands = false;
  std::vector<std::string_view> required = {};  // options whose value must not be empty
  std::string_view missing = {};  // the message when they, or the operands (at least one), are missing
};

// A command line read by its table: whether help was asked for, the options given (the last value
// of each) and the operands in order.
class CommandLine {
 public:
  bool help() const { return help_; }
  // Whether option `name` was given (a flag: whether it is set).
  bool has(std::string_view name) const;
  // The value of text or word option `name`; `fallback` when it was not given.
  std::string text(std::string_view name, std::string fallback = {}) const;
  // The value of whole-number option `name`; `fallback` when it was not given.
  int64_t number(std::string_view name, int64_t fallback) const;
  const std::vector<std::string>& operands() const { return operands_; }

 private:
  friend Result<CommandLine> read_command_line(const CommandOptions& command, int argc, char** argv);
  bool help_ = false;
  std::map<std::string, std::string, std::less<>> texts_;  // a flag: ""
  std::map<std::string, int64_t, std::less<>> numbers_;
  std::vector<std::string> operands_;
};

// argv[1..argc) read by `command`'s table (argv[0] is the command's name), or the usage error.
Result<CommandLine> read_command_line(const CommandOptions& command, int argc, char** argv);

}  // namespace jiedao::cli
