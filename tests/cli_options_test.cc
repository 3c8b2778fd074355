// The command lines of jiedao's subcommands, as cases in tests/cases/cli_options.tsv: each read by
// its command's option table (cli/options.h), and, when it must fail or print help, run in-process
// as main() runs it, its exit status (cli/exit_status.h) and what it writes checked.
#include <catch2/catch.hpp>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "case_file.h"
#include "cli/commands.h"
#include "cli/exit_status.h"
#include "temp_dir.h"

using namespace jiedao;

namespace {

struct Command {
  const cli::CommandOptions& (*options)();
  int (*run)(int, char**);
};

const std::map<std::string, Command> kCommands = {
    {"extract", {cli::extract_options, cli::run_extract}}, {"ingest", {cli::ingest_options, cli::run_ingest}},
    {"serve", {cli::serve_options, cli::run_serve}},       {"export", {cli::export_options, cli::run_export}},
    {"push", {cli::push_options, cli::run_push}},
};

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::stringstream in(text);
  std::string part;
  while (std::getline(in, part, separator)) parts.push_back(part);
  return parts;
}

// `text` with $TMP replaced by `tmp`.
std::string in_tmp(std::string text, const std::string& tmp) {
  for (size_t at; (at = text.find("$TMP")) != std::string::npos;) text.replace(at, 4, tmp);
  return text;
}

// The arguments of a case: the command, then its column split at spaces, '' an empty argument.
std::vector<std::string> arguments(const std::string& command, const std::string& column) {
  std::vector<std::string> args = {command};
  for (const std::string& arg : split(column, ' ')) {
    if (!arg.empty()) args.push_back(arg == "''" ? "" : arg);
  }
  return args;
}

// argv as main() is given it. REQUIRES: `args` outlives it.
std::vector<char*> argv_of(std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  return argv;
}

// What was read, as the case file writes it: NAME=VALUE or NAME (a flag) in the table's order, then
// the operands; "-" for nothing.
std::string read_as_text(const cli::CommandOptions& table, const cli::CommandLine& line) {
  std::string out;
  auto add = [&](const std::string& part) { out += (out.empty() ? "" : " ") + part; };
  for (const cli::Option& option : table.options) {
    const std::string name(option.name);
    if (!line.has(name)) continue;
    if (option.takes == cli::Option::Takes::kNothing) {
      add(name);
    } else if (option.takes == cli::Option::Takes::kWholeNumber) {
      add(name + "=" + std::to_string(line.number(name, -1)));
    } else {
      add(name + "=" + line.text(name));
    }
  }
  for (const std::string& operand : line.operands()) add(operand);
  return out.empty() ? "-" : out;
}

// What a command run in-process returned and wrote.
struct Run {
  int status = -1;
  std::string out, err;
};

Run run(const Command& command, std::vector<std::string> args) {
  std::vector<char*> argv = argv_of(args);
  std::ostringstream out, err;
  std::streambuf* const cout = std::cout.rdbuf(out.rdbuf());
  std::streambuf* const cerr = std::cerr.rdbuf(err.rdbuf());
  Run result;
  result.status = command.run(static_cast<int>(argv.size()), argv.data());
  std::cout.rdbuf(cout);
  std::cerr.rdbuf(cerr);
  result.out = out.str();
  result.err = err.str();
  return result;
}

}  // namespace

TEST_CASE("cli_options: every command line of tests/cases/cli_options.tsv", "[cli][cli_options]") {
  testing::TempDir tmp("cli-options");
  int cases = 0;
  for (const auto& line : testing::case_lines("cli_options.tsv")) {
    INFO("tests/cases/cli_options.tsv:" << line.number << ": " << line.text);
    const auto fields = split(line.text, '\t');
    REQUIRE(fields.size() == 4);
    REQUIRE(kCommands.count(fields[0]) == 1);
    const Command& command = kCommands.at(fields[0]);
    auto args = arguments(fields[0], in_tmp(fields[1], tmp.path.string()));
    const int status = std::stoi(fields[2]);
    const std::string outcome = in_tmp(fields[3], tmp.path.string());
    std::vector<char*> argv = argv_of(args);
    auto read = cli::read_command_line(command.options(), static_cast<int>(argv.size()), argv.data());
    if (status == cli::kExitOk && outcome != "help") {
      REQUIRE(read);
      CHECK(read_as_text(command.options(), read.value()) == outcome);
    } else {
      // Run: the status, and the message (or the help) the user sees.
      const Run result = run(command, args);
      INFO("stdout: " << result.out.substr(0, 300) << "\nstderr: " << result.err.substr(0, 300));
      CHECK(result.status == status);
      if (outcome == "help") {
        CHECK(read.value().help());
        CHECK(result.out.rfind("Usage: jiedao " + fields[0] + " ", 0) == 0);
      } else {
        CHECK(result.err.find("jiedao " + fields[0] + ": " + outcome) != std::string::npos);
        if (!read) CHECK(result.err == "jiedao " + fields[0] + ": " + read.error().message + "\n");
      }
    }
    ++cases;
  }
  CHECK(cases > 50);
}

TEST_CASE("cli_options: every option of a table is in its command's help", "[cli][cli_options]") {
  for (const auto& [name, command] : kCommands) {
    const Run help = run(command, {name, "--help"});
    CHECK(help.status == cli::kExitOk);
    for (const cli::Option& option : command.options().options) {
      INFO(name << " " << option.name);
      CHECK(help.out.find(std::string(option.name) + " ") != std::string::npos);
    }
  }
}

TEST_CASE("exit statuses: 2 when a command could not start, 1 when some of its work failed", "[cli]") {
  CHECK(cli::exit_status(cli::Stage::kStarting) == cli::kExitUsage);
  CHECK(cli::exit_status(cli::Stage::kWorking) == cli::kExitSomeFailed);
  CHECK(cli::kExitOk == 0);
  CHECK(cli::kExitSomeFailed == 1);
  CHECK(cli::kExitUsage == 2);
}
