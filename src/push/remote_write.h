// Sends the history (push/history.h) to a receiver of the Prometheus remote-write protocol 1.0:
// VictoriaMetrics (single node, or vminsert of a cluster), Prometheus started with
// --web.enable-remote-write-receiver, Grafana Mimir, Thanos Receive, Cortex.
//
// Each request is a WriteRequest (push/remote.proto), snappy-compressed, of whole series up to
// max_samples_per_request samples. A request that fails for the receiver's sake (5xx, 429, no
// connection, a timeout) is sent again after a backoff that doubles from first_backoff up to
// max_backoff (or the receiver's Retry-After, in seconds), at most max_attempts times; a request
// the receiver refuses (another 4xx) stops the push with the receiver's own message. Every sample
// carries its own timestamp, so sending the same history again changes nothing in the receiver.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "base/result.h"
#include "push/history.h"

namespace jiedao::push {

struct RemoteWriteOptions {
  std::string url;                 // http://host:port/path or https://...
  std::string username, password;  // basic auth, when username is set
  std::string bearer_token;        // Authorization: Bearer, when set (not with basic auth)
  size_t max_samples_per_request = 10000;
  int max_attempts = 8;  // of one request
  std::chrono::milliseconds first_backoff{500}, max_backoff{30000};
  std::chrono::seconds timeout{30};  // to connect, and to wait for an answer
  // Called after each request the receiver accepted: samples sent so far, of all.
  std::function<void(size_t sent, size_t total)> progress;
};

struct PushSummary {
  size_t series = 0, samples = 0, requests = 0, retries = 0;
};

// The body of one request: `series` as a WriteRequest, snappy-compressed.
std::string encode_write_request(const std::vector<const HistorySeries*>& series);

// Whether `options` can be used (the URL's scheme, host and path; one kind of auth), before
// anything is read or sent.
Result<Done> check_remote_write(const RemoteWriteOptions& options);

// Sends every series of `history`; on failure, the error says which request failed and why, and
// how many samples the receiver had accepted before it.
Result<PushSummary> push_history(const History& history, const RemoteWriteOptions& options);

}  // namespace jiedao::push
