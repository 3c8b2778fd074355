#include "serve/query.h"

#include "base/whole_number.h"
#include "text/utf8.h"

namespace jiedao::serve {

namespace {

Result<httplib::Params> check(httplib::Params params, const std::set<std::string>* allowed,
                              std::string_view path) {
  for (const auto& [name, value] : params) {
    if (text::find_invalid_utf8(name) || text::find_invalid_utf8(value)) {
      return Error{"parameter '" + std::string(text::find_invalid_utf8(name) ? "?" : name) +
                   "' is not valid UTF-8; percent-encode UTF-8 text"};
    }
    if (allowed != nullptr && !allowed->count(name)) {
      std::string list;
      for (const auto& n : *allowed) list += (list.empty() ? "" : ", ") + n;
      return Error{"unknown parameter '" + name + "' for " + std::string(path) + "; allowed: " + list};
    }
    if (params.count(name) > 1) return Error{"parameter '" + name + "' given more than once"};
  }
  return params;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// %XX is a byte; with `plus_is_space`, + is a space (forms), else itself (paths).
std::string percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+' && plus_is_space) {
      out += ' ';
    } else if (c == '%' && i + 2 < text.size() && hex_digit(text[i + 1]) >= 0 &&
               hex_digit(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_digit(text[i + 1]) * 16 + hex_digit(text[i + 2]));
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string form_decode(std::string_view text) { return percent_decode(text, true); }

std::string decode_path(std::string_view path) { return percent_decode(path, false); }

httplib::Params split_query(std::string_view target) {
  httplib::Params params;
  const size_t mark = target.find('?');
  if (mark == std::string_view::npos) return params;
  std::string_view rest = target.substr(mark + 1);
  while (!rest.empty()) {
    const size_t amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    const size_t eq = pair.find('=');
    const std::string_view name = pair.substr(0, eq);
    if (name.empty()) continue;
    params.emplace(form_decode(name),
                   eq == std::string_view::npos ? std::string() : form_decode(pair.substr(eq + 1)));
  }
  return params;
}

Result<httplib::Params> parse_query(std::string_view target) {
  return check(split_query(target), nullptr, {});
}

Result<httplib::Params> parse_query(std::string_view target, const std::set<std::string>& allowed,
                                    std::string_view path) {
  return check(split_query(target), &allowed, path);
}

Result<Question> Question::parse(const httplib::Request& request, const std::vector<std::string>& allowed,
                                 std::vector<std::string> parts) {
  std::set<std::string> names(allowed.begin(), allowed.end());
  names.insert("format");
  auto params = parse_query(request.target, names, request.path);
  if (!params) return params.error();
  Question q(request, std::move(params).value(), std::move(parts));
  const std::string& format = q.get("format");
  if (!format.empty() && format != "json" && format != "csv")
    return Error{"format must be json or csv, not '" + format + "'"};
  return q;
}

const std::string& Question::get(std::string_view name) const {
  static const std::string kAbsent;
  auto it = params_.find(std::string(name));
  return it == params_.end() ? kAbsent : it->second;
}

bool Question::has(std::string_view name) const { return params_.count(std::string(name)) > 0; }

bool Question::csv() const { return get("format") == "csv"; }

std::string Question::path_part(size_t index) const {
  return index >= 1 && index <= parts_.size() ? parts_[index - 1] : std::string();
}

Result<int64_t> Question::integer(std::string_view name, int64_t low, int64_t high, int64_t fallback) const {
  if (!has(name)) return fallback;
  auto value = parse_whole_number(get(name), low, high);
  if (!value) return Error{std::string(name) + " must be " + value.error().message};
  return value;
}

Result<std::optional<Status>> Question::status() const {
  const std::string& text = get("status");
  const auto status = parse_status(text);
  if (!text.empty() && !status) return Error{"status must be actual or target, not '" + text + "'"};
  return status;
}

}  // namespace jiedao::serve
