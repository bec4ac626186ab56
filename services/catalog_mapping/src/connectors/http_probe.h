#pragma once

// The connection test of webservice connectors: one real HTTP GET of the connector's URL with
// its key in the X-Api-Key header (libcurl), reporting what came back. Redirects are not
// followed; the body is read and dropped (at most 1 MiB).
//
// Thread safety: thread-safe (one curl handle per call).

#include <chrono>
#include <cstdint>
#include <string>

namespace factflow::catalog_mapping::connectors {

struct ProbeResult {
  bool ok = false;          // a 2xx answer
  int http_status = 0;      // 0 when no HTTP answer came
  int64_t elapsed_ms = 0;
  std::string error;        // French, empty when ok (never libcurl's own text)
};

// libcurl's global initialisation, once per process (every HTTP call of the connectors).
void InitCurlOnce();
// A libcurl error code (CURLcode) as a French message for operators (never libcurl's own text).
std::string FrenchCurlError(int curl_code);

ProbeResult ProbeUrl(const std::string& url, const std::string& key,
                     std::chrono::milliseconds timeout = std::chrono::seconds(10));

}  // namespace factflow::catalog_mapping::connectors
