#include "connectors/http_client.h"

#include <curl/curl.h>

#include <memory>
#include <thread>

#include "absl/strings/str_cat.h"
#include "connectors/http_probe.h"

namespace factflow::catalog_mapping::connectors {
namespace {

struct Sink {
  std::string* body;
  size_t limit;
};

size_t KeepBody(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  if (sink->body->size() + size * count > sink->limit) return 0;  // aborts the transfer
  sink->body->append(data, size * count);
  return size * count;
}

bool Retryable(const HttpAnswer& answer) {
  return answer.http_status == 0 || answer.http_status == 429 || answer.http_status >= 500;
}

void Attempt(const HttpRequest& request, HttpAnswer& answer) {
  answer.body.clear();
  answer.error.clear();
  answer.http_status = 0;
  std::unique_ptr<CURL, void (*)(CURL*)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) {
    answer.error = "client HTTP indisponible";
    return;
  }
  const std::string header = "X-Api-Key: " + request.key;
  curl_slist* headers = curl_slist_append(nullptr, header.c_str());
  headers = curl_slist_append(headers, "Accept: application/json");
  if (request.method == "POST") {
    headers = curl_slist_append(headers, "Content-Type: application/json; charset=utf-8");
    curl_easy_setopt(curl.get(), CURLOPT_POST, 1L);
    curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(request.body.size()));
  }
  Sink sink{&answer.body, request.max_response_bytes};
  curl_easy_setopt(curl.get(), CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
  curl_easy_setopt(curl.get(), CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(request.timeout.count()));
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, KeepBody);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &sink);
  const CURLcode code = curl_easy_perform(curl.get());
  curl_slist_free_all(headers);
  long status = 0;
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &status);
  answer.http_status = static_cast<int>(status);
  if (code != CURLE_OK) {
    answer.http_status = code == CURLE_WRITE_ERROR ? answer.http_status : 0;
    answer.error = code == CURLE_WRITE_ERROR
                       ? absl::StrCat("réponse trop volumineuse (plus de ",
                                      request.max_response_bytes >> 20, " Mio)")
                       : FrenchCurlError(code);
    return;
  }
  answer.ok = status >= 200 && status < 300;
  if (!answer.ok) {
    answer.error = status == 401 || status == 403
                       ? absl::StrCat("clé refusée par le service web (HTTP ", status, ")")
                       : absl::StrCat("le service web a répondu HTTP ", status);
  }
}

}  // namespace

HttpAnswer CallWithRetries(const HttpRequest& request) {
  InitCurlOnce();
  HttpAnswer answer;
  std::chrono::milliseconds backoff = request.first_backoff;
  const auto start = std::chrono::steady_clock::now();
  for (answer.attempts = 1;; ++answer.attempts) {
    Attempt(request, answer);
    if (answer.ok || !Retryable(answer) || answer.attempts >= request.attempts) break;
    std::this_thread::sleep_for(backoff);
    backoff *= 2;
  }
  answer.elapsed_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::steady_clock::now() - start)
                          .count();
  if (!answer.ok && answer.attempts > 1) {
    answer.error = absl::StrCat(answer.error, " (après ", answer.attempts, " essais)");
  }
  return answer;
}

}  // namespace factflow::catalog_mapping::connectors
