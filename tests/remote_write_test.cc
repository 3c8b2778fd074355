// Remote write (push/remote_write.h) against an in-process receiver that reads each request as
// Prometheus does: snappy, then a WriteRequest. The receiver's answers are scripted.
#include "push/remote_write.h"

#include <httplib.h>
#include <snappy.h>

#include <catch2/catch.hpp>
#include <mutex>
#include <thread>

#include "push/history.h"
#include "push/remote.pb.h"

using namespace jiedao;

namespace {

// A receiver on loopback: answers the scripted statuses in turn (then 204), keeps what it got.
class Receiver {
 public:
  explicit Receiver(std::vector<std::pair<int, std::string>> script) : script_(std::move(script)) {
    server_.Post("/api/v1/write", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard<std::mutex> lock(mu_);
      ++requests_;
      headers_ok_ = headers_ok_ && req.get_header_value("Content-Encoding") == "snappy" &&
                    req.get_header_value("Content-Type") == "application/x-protobuf" &&
                    req.get_header_value("X-Prometheus-Remote-Write-Version") == "0.1.0";
      authorization_ = req.get_header_value("Authorization");
      if (next_ < script_.size()) {
        const auto& [status, body] = script_[next_++];
        res.status = status;
        res.set_content(body, "text/plain");
        return;
      }
      std::string raw;
      push::prometheus::WriteRequest request;
      if (!snappy::Uncompress(req.body.data(), req.body.size(), &raw) || !request.ParseFromString(raw)) {
        res.status = 400;
        res.set_content("cannot decode", "text/plain");
        return;
      }
      for (const auto& ts : request.timeseries()) accepted_.push_back(ts);
      res.status = 204;
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~Receiver() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/api/v1/write"; }
  std::vector<push::prometheus::TimeSeries> accepted() {
    std::lock_guard<std::mutex> lock(mu_);
    return accepted_;
  }
  int requests() {
    std::lock_guard<std::mutex> lock(mu_);
    return requests_;
  }
  bool headers_ok() {
    std::lock_guard<std::mutex> lock(mu_);
    return headers_ok_;
  }
  std::string authorization() {
    std::lock_guard<std::mutex> lock(mu_);
    return authorization_;
  }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::mutex mu_;
  std::vector<std::pair<int, std::string>> script_;
  size_t next_ = 0;
  int requests_ = 0;
  bool headers_ok_ = true;
  std::string authorization_;
  std::vector<push::prometheus::TimeSeries> accepted_;
};

store::SeriesPoint point(const char* district, int first, int last, double value) {
  store::SeriesPoint p;
  p.indicator = "jobs_added";
  p.family = "jobs_added";
  p.unit = "count";
  p.counts = "items";
  p.district = district;
  p.county = "闵行区";
  p.code = "310112001";
  p.period = {{first, 1, 1}, {last, 12, 31}};
  p.value = value;
  return p;
}

push::RemoteWriteOptions quick(const std::string& url) {
  push::RemoteWriteOptions o;
  o.url = url;
  o.first_backoff = std::chrono::milliseconds(1);
  o.max_backoff = std::chrono::milliseconds(5);
  o.max_attempts = 3;
  o.timeout = std::chrono::seconds(5);
  return o;
}

std::string label(const push::prometheus::TimeSeries& ts, const std::string& name) {
  for (const auto& l : ts.labels())
    if (l.name() == name) return l.value();
  return "";
}

}  // namespace

TEST_CASE("history: one series per span and unit of China, its samples in time order", "[push]") {
  const std::vector<store::SeriesPoint> points = {
      point("江川路街道", 2019, 2019, 3200), point("江川路街道", 2018, 2018, 3188),
      point("江川路街道", 2016, 2020, 7244), point("江川路街道", 2011, 2020, 9000)};
  const push::History h = push::history_of(points);
  REQUIRE(h.series.size() == 2);  // year, multi_year
  CHECK(h.samples == 3);
  CHECK(h.dropped == 1);  // 2016-2020 and 2011-2020 end on one day: the longer stays
  auto span = [](const push::HistorySeries& s) {
    for (const auto& l : s.labels)
      if (l.name == "span") return l.value;
    return std::string();
  };
  const auto& multi = span(h.series[0]) == "multi_year" ? h.series[0] : h.series[1];
  const auto& year = &multi == &h.series[0] ? h.series[1] : h.series[0];
  CHECK(span(year) == "year");
  REQUIRE(multi.samples.size() == 1);
  CHECK(multi.samples[0].value == 9000);
  REQUIRE(year.samples.size() == 2);
  CHECK(year.samples[0].value == 3188);
  CHECK(year.samples[0].timestamp_ms == 1546185600000);  // 2018-12-31T00:00:00+08:00
  CHECK(year.samples[1].value == 3200);
  std::vector<std::string> names;
  for (const auto& l : year.labels) names.push_back(l.name);
  CHECK(names == std::vector<std::string>{"__name__", "code", "counts", "county", "district", "family",
                                          "indicator", "span", "status", "unit"});  // sorted, none empty
}

TEST_CASE("remote write: a receiver that fails twice then accepts gets everything once", "[push]") {
  Receiver receiver({{500, "busy"}, {503, "busy"}});
  const push::History h =
      push::history_of({point("江川路街道", 2018, 2018, 3188), point("七宝镇", 2018, 2018, 50)});
  auto o = quick(receiver.url());
  o.max_attempts = 3;
  auto pushed = push::push_history(h, o);
  REQUIRE(pushed);
  CHECK(pushed.value().retries == 2);
  CHECK(pushed.value().samples == 2);
  CHECK(receiver.requests() == 3);
  CHECK(receiver.headers_ok());
  const auto got = receiver.accepted();
  REQUIRE(got.size() == 2);
  for (const auto& ts : got) {
    CHECK(label(ts, "__name__") == "jiedao_reported_value");
    CHECK(label(ts, "span") == "year");
    REQUIRE(ts.samples_size() == 1);
    CHECK(ts.samples(0).timestamp() == 1546185600000);
  }
}

TEST_CASE("remote write: batches, auth, and what the receiver refuses", "[push]") {
  const push::History h =
      push::history_of({point("江川路街道", 2017, 2017, 1), point("江川路街道", 2018, 2018, 2),
                        point("七宝镇", 2018, 2018, 3), point("虹桥镇", 2018, 2018, 4)});
  SECTION("whole series per request, up to the batch's samples") {
    Receiver receiver({});
    auto o = quick(receiver.url());
    o.max_samples_per_request = 2;
    o.bearer_token = "secret-token-of-the-tsdb";
    std::vector<size_t> progress;
    o.progress = [&](size_t sent, size_t) { progress.push_back(sent); };
    auto pushed = push::push_history(h, o);
    REQUIRE(pushed);
    // 七宝镇 (1 sample), 江川路街道 (2: it does not fit beside the first), 虹桥镇 (1).
    CHECK(pushed.value().requests == 3);
    CHECK(progress == std::vector<size_t>{1, 3, 4});
    CHECK(receiver.authorization() == "Bearer secret-token-of-the-tsdb");
    size_t samples = 0;
    for (const auto& ts : receiver.accepted()) samples += static_cast<size_t>(ts.samples_size());
    CHECK(samples == 4);
  }
  SECTION("basic auth") {
    Receiver receiver({});
    auto o = quick(receiver.url());
    o.username = "jiedao";
    o.password = "s3cret";
    REQUIRE(push::push_history(h, o));
    CHECK(receiver.authorization() == "Basic amllZGFvOnMzY3JldA==");  // base64 of jiedao:s3cret
  }
  SECTION("a 400 stops the push with the receiver's message") {
    Receiver receiver({{400, "out of bounds: sample too old"}});
    auto pushed = push::push_history(h, quick(receiver.url()));
    REQUIRE_FALSE(pushed);
    CHECK(pushed.error().message.find("refused a request (400): out of bounds: sample too old") !=
          std::string::npos);
    CHECK(pushed.error().message.find("0 of 4 samples were accepted") != std::string::npos);
    CHECK(receiver.requests() == 1);  // never sent again
  }
  SECTION("a receiver that keeps failing is given up after max_attempts") {
    Receiver receiver({{500, "a"}, {500, "b"}, {500, "c"}, {500, "d"}});
    auto pushed = push::push_history(h, quick(receiver.url()));
    REQUIRE_FALSE(pushed);
    CHECK(pushed.error().kind == ErrorKind::kUnavailable);
    CHECK(pushed.error().message.find("answered 500: c (3 attempts)") != std::string::npos);
  }
  SECTION("a receiver that is down") {
    int port = 0;
    {
      httplib::Server probe;
      port = probe.bind_to_any_port("127.0.0.1");
    }  // closed: nothing listens there now
    auto pushed = push::push_history(h, quick("http://127.0.0.1:" + std::to_string(port) + "/api/v1/write"));
    REQUIRE_FALSE(pushed);
    CHECK(pushed.error().kind == ErrorKind::kUnavailable);
    CHECK(pushed.error().message.find("cannot be reached") != std::string::npos);
  }
}

TEST_CASE("remote write: options refused before anything is sent", "[push]") {
  push::RemoteWriteOptions o;
  for (const auto& [url, why] : std::vector<std::pair<std::string, std::string>>{
           {"127.0.0.1:8428/api/v1/write", "has no http:// or https://"},
           {"ftp://h/api/v1/write", "the scheme must be http or https"},
           {"http:///api/v1/write", "has no host"},
           {"http://h:8428", "has no path"}}) {
    o.url = url;
    auto checked = push::check_remote_write(o);
    REQUIRE_FALSE(checked);
    CHECK(checked.error().message.find(why) != std::string::npos);
  }
  o.url = "http://h/api/v1/write";
  o.username = "u";
  o.bearer_token = "t";
  CHECK_FALSE(push::check_remote_write(o));
}
