#include "cli/remote_write_options.h"

#include "base/file.h"

namespace jiedao::cli {

namespace {

Result<std::string> read_secret(const std::string& path, const char* what) {
  auto secret = read_secret_file(path);
  if (!secret) return Error{"the " + std::string(what) + ": " + secret.error().message, secret.error().kind};
  if (secret.value().empty()) return Error{"the " + std::string(what) + " " + path + " is empty"};
  return secret;
}

}  // namespace

const char* const kRemoteWriteHelp =
    R"(  --remote-write URL  a receiver of Prometheus remote write 1.0 (VictoriaMetrics
                      http://HOST:8428/api/v1/write, Prometheus with
                      --web.enable-remote-write-receiver .../api/v1/write, Mimir
                      .../api/v1/push, Thanos Receive .../api/v1/receive)
  --remote-write-user USER            basic auth, with the password in
  --remote-write-password-file FILE
  --remote-write-token-file FILE      a bearer token instead
  --remote-write-batch N  samples per request, 1 to 1000000 (default 10000)
)";

std::vector<Option> remote_write_option_table() {
  return {text("--remote-write"), text("--remote-write-user"), text("--remote-write-password-file"),
          text("--remote-write-token-file"), whole_number("--remote-write-batch", 1, 1000000)};
}

Result<std::optional<push::RemoteWriteOptions>> remote_write_options(const CommandLine& line) {
  using Found = std::optional<push::RemoteWriteOptions>;
  push::RemoteWriteOptions o;
  o.url = line.text("--remote-write");
  if (o.url.empty()) {
    for (const char* name :
         {"--remote-write-user", "--remote-write-password-file", "--remote-write-token-file"}) {
      if (line.has(name)) return Error{std::string(name) + " needs --remote-write URL"};
    }
    return Found{};
  }
  o.username = line.text("--remote-write-user");
  const std::string password_file = line.text("--remote-write-password-file");
  if (o.username.empty() != password_file.empty())
    return Error{"basic auth needs both --remote-write-user and --remote-write-password-file"};
  if (!password_file.empty()) {
    auto password = read_secret(password_file, "password file");
    if (!password) return password.error();
    o.password = std::move(password).value();
  }
  if (const std::string token_file = line.text("--remote-write-token-file"); !token_file.empty()) {
    auto token = read_secret(token_file, "token file");
    if (!token) return token.error();
    o.bearer_token = std::move(token).value();
  }
  o.max_samples_per_request = static_cast<size_t>(line.number("--remote-write-batch", 10000));
  if (auto checked = push::check_remote_write(o); !checked) return checked.error();
  return Found{std::move(o)};
}

}  // namespace jiedao::cli
