// Reception from a webservice connector (README, "E-connecteur: the webservice API"): GET
// <url>/tiers then GET <url>/documents, batch after batch, each answer received like an ETA file
// (Reception::StoreOne: recorded by the SHA-256 of its body, so the same answer is never received
// twice; one transaction; quarantine for unmapped codes), and acknowledged with POST
// <url>/<kind>/ack only after the commit. A crash between the commit and the acknowledgement
// makes the third party answer the same batch again: it is recognised by its hash ("Déjà reçu")
// and acknowledged. Timeouts and retries: connectors/http_client.h. An answer that fails (500,
// timeout, invalid JSON) is reported "En erreur" with nothing of it stored and is not
// acknowledged.

#include "absl/strings/str_cat.h"
#include "connectors/http_client.h"
#include "connectors/reception.h"
#include "domain/eta_json.h"
#include "hash/sha256.h"
#include "nlohmann/json.hpp"
#include "spdlog/spdlog.h"
#include "status/grpc_status.h"

namespace factflow::catalog_mapping::connectors {
namespace {

// Batches read per kind in one reception; a third party that never runs dry is cut here and the
// rest waits for the next reception (reported, never silent).
constexpr int kMaxBatchesPerReception = 1000;

}  // namespace

absl::StatusOr<storage::SyncReportRecord> Reception::ReceiveFromWebservice(
    const std::string& tenant_id, const domain::Connector& connector) {
  FACTFLOW_ASSIGN_OR_RETURN(
      std::string key, storage::ConnectorRepository(pool_).WebserviceKey(tenant_id, connector.code));
  std::string base = connector.webservice_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  storage::SyncReportRecord combined{0, connector.code, "RECEPTION", "", 0, {}};
  bool errors = false, quarantine = false, any = false;
  // Parties first, so that the customers of the documents exist.
  for (const auto kind : {domain::EtaFileKind::kParties, domain::EtaFileKind::kDocuments}) {
    const std::string path = kind == domain::EtaFileKind::kParties ? "tiers" : "documents";
    std::string previous_sha;
    for (int round = 0;; ++round) {
      if (round == kMaxBatchesPerReception) {
        storage::SyncReportRecord note{0, connector.code, "RECEPTION", "Partiel", 0, {}};
        note.entries.push_back({"service web /" + path, "Fichier", "", "Partiel",
                                absl::StrCat(kMaxBatchesPerReception, " lots reçus : la suite "
                                             "attend la prochaine réception")});
        Combine(note, combined, errors, quarantine);
        break;
      }
      HttpRequest request;
      request.url = absl::StrCat(base, "/", path);
      request.key = key;
      const HttpAnswer answer = CallWithRetries(request);
      std::string name = absl::StrCat("service web /", path);
      absl::Status parsed = absl::OkStatus();
      std::vector<domain::EtaDocument> documents;
      std::vector<domain::EtaParty> parties;
      std::string batch_id;
      if (!answer.ok) {
        parsed = absl::UnavailableError(absl::StrCat("GET ", request.url, " : ", answer.error));
      } else if (kind == domain::EtaFileKind::kDocuments) {
        auto batch = domain::ParseEtaDocumentsJson(name, answer.body);
        parsed = batch.status();
        if (batch.ok()) {
          batch_id = batch->batch_id;
          documents = std::move(batch->items);
        }
      } else {
        auto batch = domain::ParseEtaPartiesJson(name, answer.body);
        parsed = batch.status();
        if (batch.ok()) {
          batch_id = batch->batch_id;
          parties = std::move(batch->items);
        }
      }
      if (parsed.ok() && documents.empty() && parties.empty()) break;  // nothing (more) waiting
      any = true;
      const std::string sha = hash::Sha256Hex(answer.body);
      if (parsed.ok() && sha == previous_sha) {
        // The same answer again right after its acknowledgement: the third party ignores acks.
        parsed = absl::FailedPreconditionError(absl::StrCat(
            "le service web renvoie le même lot après son acquittement (POST ", request.url,
            "/ack) : réception arrêtée, rien n'a été reçu deux fois"));
      }
      if (!batch_id.empty()) absl::StrAppend(&name, " lot ", batch_id);
      FACTFLOW_ASSIGN_OR_RETURN(
          storage::SyncReportRecord report,
          StoreOne(tenant_id, connector, name, sha, kind, parsed, documents, parties));
      if (!parsed.ok()) {
        Combine(report, combined, errors, quarantine);
        break;
      }
      // After the commit only.
      HttpRequest ack;
      ack.method = "POST";
      ack.url = absl::StrCat(base, "/", path, "/ack");
      ack.key = key;
      ack.body = nlohmann::json{{"batch_id", batch_id}, {"sha256", sha}}.dump();
      const HttpAnswer acked = CallWithRetries(ack);
      if (!acked.ok) {
        report.entries.push_back({name, "Fichier", "", "Partiel",
                                  absl::StrCat("reçu, mais acquittement refusé (", acked.error,
                                               ") : il sera reconnu à la prochaine réception")});
        spdlog::warn("reception: {} of {} received but not acknowledged", name, connector.code);
        Combine(report, combined, errors, quarantine);
        break;
      }
      Combine(report, combined, errors, quarantine);
      previous_sha = sha;
    }
  }
  combined.state = CombinedState(!any, errors, quarantine);
  return combined;
}

}  // namespace factflow::catalog_mapping::connectors
