#include "cli/options.h"

#include <algorithm>

#include "base/whole_number.h"

namespace jiedao::cli {

namespace {

// "a, b or c".
std::string listed(const std::vector<std::string_view>& words) {
  std::string out;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += i + 1 == words.size() ? " or " : ", ";
    out += words[i];
  }
  return out;
}

bool is_option_like(std::string_view arg) { return arg.size() > 1 && arg[0] == '-'; }

}  // namespace

Option flag(std::string_view name) { return Option{.name = name}; }

Option text(std::string_view name) { return Option{.name = name, .takes = Option::Takes::kText}; }

Option checked_text(std::string_view name, bool (*valid)(std::string_view), std::string_view shape) {
  return Option{.name = name, .takes = Option::Takes::kText, .valid = valid, .shape = shape};
}

Option whole_number(std::string_view name, int64_t low, int64_t high) {
  return Option{.name = name, .takes = Option::Takes::kWholeNumber, .low = low, .high = high};
}

Option word(std::string_view name, std::vector<std::string_view> words) {
  return Option{.name = name, .takes = Option::Takes::kWord, .words = std::move(words)};
}

bool CommandLine::has(std::string_view name) const {
  return texts_.find(name) != texts_.end() || numbers_.find(name) != numbers_.end();
}

std::string CommandLine::text(std::string_view name, std::string fallback) const {
  auto it = texts_.find(name);
  return it == texts_.end() ? fallback : it->second;
}

int64_t CommandLine::number(std::string_view name, int64_t fallback) const {
  auto it = numbers_.find(name);
  return it == numbers_.end() ? fallback : it->second;
}

Result<CommandLine> read_command_line(const CommandOptions& command, int argc, char** argv) {
  CommandLine line;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      line.help_ = true;
      return line;
    }
    auto option = std::find_if(command.options.begin(), command.options.end(),
                               [&](const Option& o) { return o.name == arg; });
    if (option == command.options.end() && command.operands && !is_option_like(arg)) {
      line.operands_.emplace_back(arg);
      continue;
    }
    if (option == command.options.end()) {
      return Error{"unknown option '" + std::string(arg) + "'; run 'jiedao " + std::string(command.command) +
                   " --help'"};
    }
    const std::string name(option->name);
    if (option->takes == Option::Takes::kNothing) {
      line.texts_[name] = "";
      continue;
    }
    if (i + 1 >= argc) return Error{name + " needs a value"};
    const std::string value = argv[++i];
    switch (option->takes) {
      case Option::Takes::kWholeNumber: {
        auto number = parse_whole_number(value, option->low, option->high);
        if (!number) return Error{name + " takes " + number.error().message};
        line.numbers_[name] = number.value();
        continue;
      }
      case Option::Takes::kWord:
        if (std::find(option->words.begin(), option->words.end(), value) == option->words.end())
          return Error{"unknown " + name.substr(2) + " '" + value + "' (" + listed(option->words) + ")"};
        break;
      default:
        if (option->valid != nullptr && !option->valid(value))
          return Error{name + " takes " + std::string(option->shape) + ", not '" + value + "'"};
    }
    line.texts_[name] = value;
  }
  for (std::string_view name : command.required) {
    if (line.text(name).empty()) return Error{std::string(command.missing)};
  }
  if (command.operands && line.operands_.empty()) return Error{std::string(command.missing)};
  return line;
}

}  // namespace jiedao::cli
