#include "chorus/piste_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <memory>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "spdlog/spdlog.h"

namespace factflow::dispatch::chorus {
namespace {

size_t Collect(char* data, size_t size, size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

std::string UrlEncode(CURL* curl, const std::string& text) {
  std::unique_ptr<char, decltype(&curl_free)> encoded(
      curl_easy_escape(curl, text.c_str(), static_cast<int>(text.size())), &curl_free);
  return encoded ? std::string(encoded.get()) : std::string();
}

// The libellé Chorus Pro (or PISTE) gives with an error, when the body says one.
std::string Libelle(const std::string& body) {
  nlohmann::json json = nlohmann::json::parse(body, nullptr, false);
  if (json.is_object()) {
    for (const char* key : {"libelle", "error_description", "error"}) {
      if (json.contains(key) && json[key].is_string()) return json[key].get<std::string>();
    }
  }
  return "";
}

std::string Text(const nlohmann::json& json, const char* key) {
  return json.is_object() && json.contains(key) && json[key].is_string()
             ? json[key].get<std::string>()
             : std::string();
}

}  // namespace

PisteClient::PisteClient(PisteConfig config) : config_(std::move(config)) {
  static const CURLcode init = curl_global_init(CURL_GLOBAL_DEFAULT);
  (void)init;
}

absl::StatusOr<PisteClient::Response> PisteClient::Post(
    const std::string& url, const std::string& body,
    const std::vector<std::string>& headers) const {
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
  if (curl == nullptr) return absl::UnavailableError("Chorus Pro : libcurl indisponible");
  curl_slist* list = nullptr;
  for (const std::string& header : headers) list = curl_slist_append(list, header.c_str());
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> guard(list, &curl_slist_free_all);
  Response response;
  char error[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_POST, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, Collect);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &response.body);
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT_MS,
                   static_cast<long>(absl::ToInt64Milliseconds(config_.timeout)));
  CURLcode code = curl_easy_perform(curl.get());
  if (code != CURLE_OK) {
    spdlog::warn("PISTE call {} failed: {} (curl code {})", url,
                 error[0] != '\0' ? error : curl_easy_strerror(code), static_cast<int>(code));
    return absl::UnavailableError(
        code == CURLE_OPERATION_TIMEDOUT
            ? "Chorus Pro ne répond pas dans le délai : nouvel essai plus tard"
            : "Chorus Pro (PISTE) est injoignable : nouvel essai plus tard");
  }
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &response.status);
  return response;
}

absl::StatusOr<std::string> PisteClient::Token(bool renew) {
  std::lock_guard lock(mu_);
  if (!renew && !token_.empty() && absl::Now() < token_expiry_) return token_;
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
  std::string form = absl::StrCat(
      "grant_type=client_credentials&client_id=", UrlEncode(curl.get(), config_.client_id),
      "&client_secret=", UrlEncode(curl.get(), config_.client_secret), "&scope=openid");
  absl::StatusOr<Response> response =
      Post(config_.token_url, form, {"Content-Type: application/x-www-form-urlencoded"});
  if (!response.ok()) return response.status();
  if (response->status == 400 || response->status == 401) {
    spdlog::warn("PISTE token refused: HTTP {} {}", response->status, response->body);
    return absl::UnauthenticatedError(
        "PISTE refuse les identifiants OAuth (client_id / client_secret) : vérifiez "
        "FACTFLOW_PISTE_CLIENT_ID et FACTFLOW_PISTE_CLIENT_SECRET");
  }
  nlohmann::json json = nlohmann::json::parse(response->body, nullptr, false);
  std::string token = Text(json, "access_token");
  if (response->status != 200 || token.empty()) {
    spdlog::warn("PISTE token: HTTP {} {}", response->status, response->body);
    return absl::UnavailableError("PISTE ne délivre pas de jeton : nouvel essai plus tard");
  }
  int64_t expires_in = json.contains("expires_in") && json["expires_in"].is_number()
                           ? json["expires_in"].get<int64_t>()
                           : 600;
  token_ = token;
  // Renewed a minute early, so a deposit never starts with a token about to expire.
  token_expiry_ = absl::Now() + absl::Seconds(std::max<int64_t>(expires_in - 60, 1));
  return token_;
}

absl::StatusOr<nlohmann::json> PisteClient::Call(const std::string& what, const std::string& path,
                                                 const nlohmann::json& body) {
  const std::string url = config_.api_url + path;
  const std::string payload = body.dump();
  std::string account = absl::Base64Escape(absl::StrCat(config_.login, ":", config_.password));
  for (bool renew : {false, true}) {
    absl::StatusOr<std::string> token = Token(renew);
    if (!token.ok()) return token.status();
    absl::StatusOr<Response> response = Post(
        url, payload,
        {"Content-Type: application/json;charset=utf-8", "Accept: application/json",
         absl::StrCat("Authorization: Bearer ", *token), absl::StrCat("cpro-account: ", account)});
    if (!response.ok()) return response.status();
    if (response->status == 401 && !renew) continue;  // the token expired: once more, renewed
    if (response->status == 200) {
      nlohmann::json json = nlohmann::json::parse(response->body, nullptr, false);
      if (json.is_discarded()) {
        spdlog::warn("Chorus Pro {}: unreadable answer {}", path, response->body.substr(0, 200));
        return absl::UnavailableError(absl::StrCat("Chorus Pro : réponse illisible à « ", what,
                                                   " » ; nouvel essai plus tard"));
      }
      return json;
    }
    std::string libelle = Libelle(response->body);
    spdlog::warn("Chorus Pro {}: HTTP {} {}", path, response->status,
                 response->body.substr(0, 500));
    std::string detail = libelle.empty() ? absl::StrCat("HTTP ", response->status)
                                         : absl::StrCat(libelle, ", HTTP ", response->status);
    if (response->status == 429 || response->status >= 500) {
      return absl::UnavailableError(absl::StrCat("Chorus Pro indisponible pour « ", what, " » (",
                                                 detail, ") : nouvel essai plus tard"));
    }
    if (response->status == 401) {
      return absl::UnauthenticatedError("PISTE refuse le jeton OAuth, même renouvelé");
    }
    if (response->status == 403) {
      return absl::PermissionDeniedError(
          absl::StrCat("Chorus Pro refuse le compte technique (FACTFLOW_CHORUS_LOGIN) : ", detail));
    }
    return absl::FailedPreconditionError(
        absl::StrCat("Chorus Pro refuse « ", what, " » : ", detail));
  }
  return absl::UnauthenticatedError("PISTE refuse le jeton OAuth, même renouvelé");
}

absl::StatusOr<PisteClient::DepositReceipt> PisteClient::DepositFlux(std::string_view zip,
                                                                     const std::string& file_name,
                                                                     std::string_view syntax_flux) {
  nlohmann::json body = {
      {"fichierFlux", absl::Base64Escape(absl::string_view(zip.data(), zip.size()))},
      {"nomFichier", file_name},
      {"syntaxeFlux", std::string(syntax_flux)},
      {"avecSignature", false}};
  absl::StatusOr<nlohmann::json> json =
      Call("dépôt du flux", "/cpro/factures/v1/deposer/flux", body);
  if (!json.ok()) return json.status();
  DepositReceipt receipt{Text(*json, "numeroFluxDepot"), Text(*json, "dateDepot")};
  if (receipt.flux_number.empty()) {
    return absl::FailedPreconditionError(absl::StrCat("Chorus Pro n'a pas accepté le flux ",
                                                      file_name, " : ", Text(*json, "libelle")));
  }
  return receipt;
}

absl::StatusOr<PisteClient::FluxReport> PisteClient::ConsultReport(const std::string& flux_number) {
  absl::StatusOr<nlohmann::json> json =
      Call("compte rendu de dépôt", "/cpro/transverses/v1/consulterCR",
           {{"numeroFluxDepot", flux_number}});
  if (!json.ok()) return json.status();
  FluxReport report{Text(*json, "etatCourantFlux"), {}};
  if (json->contains("listeErreurs") && (*json)["listeErreurs"].is_array()) {
    for (const auto& e : (*json)["listeErreurs"]) {
      report.errors.push_back({Text(e, "numeroFacture"), Text(e, "champ"), Text(e, "libelle")});
    }
  }
  return report;
}

absl::StatusOr<std::vector<PisteClient::InvoiceStatus>> PisteClient::SearchInvoices(
    const std::vector<std::string>& invoice_numbers) {
  absl::StatusOr<nlohmann::json> json =
      Call("recherche des factures", "/cpro/factures/v1/rechercher/fournisseur",
           {{"numerosFacture", invoice_numbers}});
  if (!json.ok()) return json.status();
  std::vector<InvoiceStatus> out;
  if (json->contains("listeFactures") && (*json)["listeFactures"].is_array()) {
    for (const auto& f : (*json)["listeFactures"]) {
      out.push_back({Text(f, "numeroFacture"), Text(f, "statut"), Text(f, "motif")});
    }
  }
  return out;
}

}  // namespace factflow::dispatch::chorus
