#pragma once

// The Chorus Pro API through PISTE (domain.md §6), with libcurl and nlohmann::json:
//   OAuth2 client credentials (token cached until a minute before it expires, asked again once
//   when the API answers 401), then, with the token and the technical account (cpro-account):
//   factures/v1/deposer/flux, transverses/v1/consulterCR, factures/v1/rechercher/fournisseur.
// The local stack and the tests point it at deploy/piste/piste_sandbox.py, a process of its own.
//
// Errors, all in French for the exchange log (the HTTP and libcurl details go to the log):
//   Unavailable        network failure, timeout, HTTP 429 or 5xx: retry later (back-off);
//   Unauthenticated    PISTE refuses the client id/secret;
//   PermissionDenied   Chorus Pro refuses the technical account;
//   FailedPrecondition Chorus Pro refuses the request (with its libellé): do not retry as is.
//
// Thread safety: every method may be called concurrently (the token is behind a mutex).

#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "nlohmann/json.hpp"

namespace factflow::dispatch::chorus {

struct PisteConfig {
  std::string api_url;    // e.g. https://sandbox-api.piste.gouv.fr (paths /cpro/... added)
  std::string token_url;  // e.g. https://sandbox-oauth.piste.gouv.fr/api/oauth/token
  std::string client_id;
  std::string client_secret;
  std::string login;  // Chorus Pro technical account
  std::string password;
  absl::Duration timeout = absl::Seconds(60);

  bool configured() const { return !api_url.empty() && !token_url.empty(); }
};

class PisteClient {
 public:
  explicit PisteClient(PisteConfig config);

  struct DepositReceipt {
    std::string flux_number;  // numeroFluxDepot
    std::string date;
  };
  // Deposits one ZIP lot (`syntax_flux`: IN_DP_E2_CII_FACTURX, IN_DP_E1_CII_16B...).
  absl::StatusOr<DepositReceipt> DepositFlux(std::string_view zip, const std::string& file_name,
                                             std::string_view syntax_flux);

  struct FluxError {
    std::string invoice_number;
    std::string field;
    std::string message;
  };
  struct FluxReport {
    std::string state;  // IN_EN_ATTENTE_TRAIT, IN_INTEGRE, IN_INTEGRE_PARTIEL, IN_REJETE...
    std::vector<FluxError> errors;
  };
  absl::StatusOr<FluxReport> ConsultReport(const std::string& flux_number);

  struct InvoiceStatus {
    std::string invoice_number;
    std::string status;  // DEPOSEE ... MISE_EN_PAIEMENT, REJETEE, A_RECYCLER, SUSPENDUE
    std::string reason;
  };
  absl::StatusOr<std::vector<InvoiceStatus>> SearchInvoices(
      const std::vector<std::string>& invoice_numbers);

 private:
  struct Response {
    long status = 0;
    std::string body;
  };
  absl::StatusOr<Response> Post(const std::string& url, const std::string& body,
                                const std::vector<std::string>& headers) const;
  absl::StatusOr<std::string> Token(bool renew);
  absl::StatusOr<nlohmann::json> Call(const std::string& what, const std::string& path,
                                      const nlohmann::json& body);

  PisteConfig config_;
  std::mutex mu_;
  std::string token_;
  absl::Time token_expiry_ = absl::InfinitePast();
};

}  // namespace factflow::dispatch::chorus
