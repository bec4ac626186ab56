#include "connectors/http_probe.h"

#include <curl/curl.h>

#include <memory>
#include <mutex>

#include "absl/strings/str_cat.h"

namespace factflow::catalog_mapping::connectors {
namespace {

size_t DropBody(char*, size_t size, size_t count, void* user) {
  auto* received = static_cast<size_t*>(user);
  *received += size * count;
  return *received > (1u << 20) ? 0 : size * count;  // 0 aborts the transfer
}

}  // namespace

void InitCurlOnce() {
  static std::once_flag init;
  std::call_once(init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string FrenchCurlError(int curl_code) {
  const auto code = static_cast<CURLcode>(curl_code);
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT: return "délai dépassé : le service web n'a pas répondu à temps";
    case CURLE_COULDNT_RESOLVE_HOST: return "nom d'hôte introuvable (DNS)";
    case CURLE_COULDNT_CONNECT: return "connexion refusée ou impossible";
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION: return "échec de la connexion sécurisée (certificat TLS ?)";
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL: return "adresse du service web invalide";
    case CURLE_WRITE_ERROR: return "réponse trop volumineuse";
    case CURLE_GOT_NOTHING:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR: return "connexion interrompue par le service web";
    default: return absl::StrCat("échec de l'appel (code libcurl ", static_cast<int>(code), ")");
  }
}


ProbeResult ProbeUrl(const std::string& url, const std::string& key,
                     std::chrono::milliseconds timeout) {
  InitCurlOnce();
  ProbeResult result;
  std::unique_ptr<CURL, void (*)(CURL*)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) {
    result.error = "client HTTP indisponible";
    return result;
  }
  const std::string header = "X-Api-Key: " + key;
  curl_slist* headers = curl_slist_append(nullptr, header.c_str());
  headers = curl_slist_append(headers, "Accept: application/json");
  size_t received = 0;
  curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
  curl_easy_setopt(curl.get(), CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(timeout.count()));
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, DropBody);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &received);
  const auto start = std::chrono::steady_clock::now();
  const CURLcode code = curl_easy_perform(curl.get());
  result.elapsed_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::steady_clock::now() - start)
                          .count();
  curl_slist_free_all(headers);
  long status = 0;
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &status);
  result.http_status = static_cast<int>(status);
  if (code != CURLE_OK) {
    result.error = FrenchCurlError(code);
    return result;
  }
  result.ok = status >= 200 && status < 300;
  if (!result.ok) {
    result.error = status == 401 || status == 403
                       ? absl::StrCat("clé refusée par le service web (HTTP ", status, ")")
                       : absl::StrCat("le service web a répondu HTTP ", status);
  }
  return result;
}

}  // namespace factflow::catalog_mapping::connectors
