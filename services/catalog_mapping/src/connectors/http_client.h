#pragma once

// The HTTP calls of webservice connectors (send and reception), through libcurl: the key in the
// X-Api-Key header, JSON bodies, a timeout per attempt, and retries with exponential back-off
// (0.5 s, 1 s, 2 s...) on what may pass: no answer, a timeout, HTTP 429 and 5xx. A 4xx other
// than 429 is final. Redirects are not followed; answers larger than max_response_bytes are
// refused (never cut).
//
// Thread safety: thread-safe (one curl handle per attempt).

#include <chrono>
#include <cstdint>
#include <string>

namespace factflow::catalog_mapping::connectors {

struct HttpRequest {
  std::string method = "GET";  // "GET" or "POST"
  std::string url;
  std::string key;
  std::string body;  // JSON, POST only
  std::chrono::milliseconds timeout{std::chrono::seconds(30)};
  int attempts = 3;
  std::chrono::milliseconds first_backoff{500};
  size_t max_response_bytes = 64u << 20;
};

struct HttpAnswer {
  bool ok = false;      // a 2xx answer
  int http_status = 0;  // of the last attempt, 0 when no HTTP answer came
  int attempts = 0;
  int64_t elapsed_ms = 0;  // all attempts
  std::string body;
  std::string error;  // French, empty when ok (never libcurl's own text)
};

HttpAnswer CallWithRetries(const HttpRequest& request);

}  // namespace factflow::catalog_mapping::connectors
