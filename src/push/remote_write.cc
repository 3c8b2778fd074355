#include "push/remote_write.h"

#include <httplib.h>
#include <snappy.h>

#include <algorithm>
#include <thread>

#include "base/whole_number.h"
#include "push/remote.pb.h"

namespace jiedao::push {

namespace {

// A URL split as cpp-httplib's client takes it: "http://host:port" and "/path".
struct Target {
  std::string origin, path;
};

Result<Target> split_url(const std::string& url) {
  const size_t scheme_end = url.find("://");
  if (scheme_end == std::string::npos)
    return Error{"remote-write URL '" + url + "' has no http:// or https://"};
  const std::string scheme = url.substr(0, scheme_end);
  if (scheme != "http" && scheme != "https")
    return Error{"remote-write URL '" + url + "': the scheme must be http or https"};
  const size_t path_start = url.find('/', scheme_end + 3);
  Target t{url.substr(0, path_start), path_start == std::string::npos ? "/" : url.substr(path_start)};
  if (t.origin.size() == scheme_end + 3) return Error{"remote-write URL '" + url + "' has no host"};
  if (t.path == "/")
    return Error{
        "remote-write URL '" + url +
        "' has no path: receivers take /api/v1/write (Prometheus, VictoriaMetrics), /api/v1/push (Mimir)"};
  return t;
}

// The first bytes of a receiver's answer, on one line, for a message.
std::string excerpt(const std::string& body) {
  std::string out = body.substr(0, 500);
  std::replace(out.begin(), out.end(), '\n', ' ');
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out.empty() ? "(no message)" : out;
}

bool worth_retrying(int status) { return status == 429 || status >= 500; }

}  // namespace

std::string encode_write_request(const std::vector<const HistorySeries*>& series) {
  prometheus::WriteRequest request;
  for (const HistorySeries* s : series) {
    prometheus::TimeSeries* ts = request.add_timeseries();
    for (const Label& l : s->labels) {
      prometheus::Label* label = ts->add_labels();
      label->set_name(l.name);
      label->set_value(l.value);
    }
    for (const Sample& sample : s->samples) {
      prometheus::Sample* out = ts->add_samples();
      out->set_value(sample.value);
      out->set_timestamp(sample.timestamp_ms);
    }
  }
  const std::string serialized = request.SerializeAsString();
  std::string compressed;
  snappy::Compress(serialized.data(), serialized.size(), &compressed);  // the block format, not framed
  return compressed;
}

Result<Done> check_remote_write(const RemoteWriteOptions& options) {
  auto target = split_url(options.url);
  if (!target) return target.error();
  if (!options.username.empty() && !options.bearer_token.empty())
    return Error{"give basic auth or a bearer token for remote write, not both"};
  if (options.max_samples_per_request == 0 || options.max_attempts < 1)
    return Error{"a remote-write request needs at least one sample and one attempt"};
  return Done{};
}

Result<PushSummary> push_history(const History& history, const RemoteWriteOptions& options) {
  if (auto checked = check_remote_write(options); !checked) return checked.error();
  const Target target = split_url(options.url).value();
  httplib::Client client(target.origin);
  client.set_connection_timeout(options.timeout);
  client.set_read_timeout(options.timeout);
  client.set_write_timeout(options.timeout);
  if (!options.username.empty()) client.set_basic_auth(options.username, options.password);
  if (!options.bearer_token.empty()) client.set_bearer_token_auth(options.bearer_token);
  const httplib::Headers headers{{"Content-Encoding", "snappy"},
                                 {"X-Prometheus-Remote-Write-Version", "0.1.0"},
                                 {"User-Agent", "jiedao"}};

  PushSummary summary;
  summary.series = history.series.size();
  size_t next = 0;
  while (next < history.series.size()) {
    std::vector<const HistorySeries*> batch;
    size_t samples = 0;
    for (; next < history.series.size(); ++next) {
      const size_t n = history.series[next].samples.size();
      if (!batch.empty() && samples + n > options.max_samples_per_request) break;
      batch.push_back(&history.series[next]);
      samples += n;
    }
    const std::string body = encode_write_request(batch);
    auto backoff = options.first_backoff;
    for (int attempt = 1;; ++attempt) {
      auto res = client.Post(target.path, headers, body, "application/x-protobuf");
      std::string why;
      std::chrono::milliseconds wait = backoff;
      if (res && res->status / 100 == 2) break;
      if (res && !worth_retrying(res->status)) {
        return Error{"the receiver " + options.url + " refused a request (" + std::to_string(res->status) +
                         "): " + excerpt(res->body) + "; " + std::to_string(summary.samples) + " of " +
                         std::to_string(history.samples) + " samples were accepted before it",
                     ErrorKind::kInvalid};
      }
      if (res) {
        why = "answered " + std::to_string(res->status) + ": " + excerpt(res->body);
        // Seconds (an HTTP date is not read: the doubling pause stands in).
        if (auto after = parse_whole_number(res->get_header_value("Retry-After"), 0, 99999))
          wait = std::chrono::seconds(after.value());
      } else {
        why = "cannot be reached: " + httplib::to_string(res.error());
      }
      if (attempt >= options.max_attempts) {
        return Error{"the receiver " + options.url + " " + why + " (" + std::to_string(attempt) +
                         " attempts); " + std::to_string(summary.samples) + " of " +
                         std::to_string(history.samples) + " samples were accepted before it",
                     ErrorKind::kUnavailable};
      }
      ++summary.retries;
      std::this_thread::sleep_for(std::min(wait, options.max_backoff));
      backoff = std::min(backoff * 2, options.max_backoff);
    }
    ++summary.requests;
    summary.samples += samples;
    if (options.progress) options.progress(summary.samples, history.samples);
  }
  return summary;
}

}  // namespace jiedao::push
