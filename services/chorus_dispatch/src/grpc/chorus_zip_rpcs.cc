// RetrieveChorusZip (seed 002, "Récupérer les factures à destination de Chorus"): a ZIP of the
// signed Factur-X PDFs of a selection, for a manual deposit on Chorus Pro. Bounded: at most
// 1,000 invoices and 60 MB of PDFs per call (gRPC messages are capped at 64 MB); one exchange
// per invoice (CHORUS_ZIP).
#include "absl/strings/str_cat.h"
#include "chorus/zip_writer.h"
#include "db/arrays.h"
#include "domain/chorus_export.h"
#include "grpc/call.h"
#include "grpc/dispatch_service.h"
#include "grpc/rpc_roles.h"
#include "storage/archive_repository.h"
#include "validation/fields.h"

namespace factflow::dispatch {
namespace {

constexpr int kMaxInvoices = 1000;
constexpr int64_t kMaxBytes = 60'000'000;

}  // namespace

grpc::Status DispatchServiceImpl::RetrieveChorusZip(grpc::ServerContext* context,
                                                    const v1::RetrieveChorusZipRequest* request,
                                                    v1::RetrieveChorusZipResponse* response) {
  return grpcutil::HandleRpc(
      context, runtime_.signer(), "RetrieveChorusZip", kDispatchOperators,
      [&](const auth::Principal& principal) -> absl::Status {
        FACTFLOW_RETURN_IF_ERROR(
            validation::CheckRange("invoice_ids", request->invoice_ids_size(), 1, kMaxInvoices));
        std::vector<std::string> ids;
        for (const std::string& id : request->invoice_ids()) {
          FACTFLOW_RETURN_IF_ERROR(validation::CheckUuid("invoice_ids", id));
          ids.push_back(id);
        }
        return runtime_.pool().InTransaction([&](pqxx::work& tx) -> absl::Status {
          pqxx::row sizes = tx.exec_params1(
              "SELECT count(*), coalesce(sum(size), 0) FROM archive_objects WHERE tenant_id = $1 "
              "AND kind = 'invoice-pdf' AND invoice_id = ANY($2::uuid[])",
              principal.tenant_id, db::ArrayLiteral(ids));
          int64_t found = sizes[0].as<int64_t>();
          if (found < static_cast<int64_t>(ids.size())) {
            return absl::NotFoundError(absl::StrCat(
                static_cast<int64_t>(ids.size()) - found,
                " des factures demandées n'ont pas de PDF archivé (pas encore envoyées ou "
                "archivées) : factflowctl archive list NUMÉRO"));
          }
          if (sizes[1].as<int64_t>() > kMaxBytes) {
            return absl::ResourceExhaustedError(absl::StrCat(
                "la sélection fait ", sizes[1].as<int64_t>() / 1'000'000,
                " Mo de PDF, au plus 60 Mo par ZIP : découpez-la, ou utilisez l'export Chorus "
                "(factflowctl chorus export), qui fait des lots"));
          }
          chorus::ZipWriter zip;
          for (const auto& row : tx.exec_params(
                   "SELECT invoice_id, invoice_number, content FROM archive_objects WHERE "
                   "tenant_id = $1 AND kind = 'invoice-pdf' AND invoice_id = ANY($2::uuid[]) "
                   "ORDER BY invoice_number",
                   principal.tenant_id, db::ArrayLiteral(ids))) {
            FACTFLOW_ASSIGN_OR_RETURN(
                std::string name,
                domain::ChorusFileName(row[1].as<std::string>(), domain::ChorusSyntax::kFacturX));
            zip.Add(std::move(name), pqxx::binarystring(row[2]).str());
            storage::RecordExchange(tx, principal.tenant_id, row[0].as<std::string>(), "CHORUS_ZIP",
                                    "RETRIEVED",
                                    absl::StrCat("PDF signé récupéré pour un dépôt manuel sur "
                                                 "Chorus Pro par ",
                                                 principal.operator_id));
          }
          FACTFLOW_ASSIGN_OR_RETURN(std::string bytes, zip.Finish());
          response->set_zip(std::move(bytes));
          return absl::OkStatus();
        });
      });
}

}  // namespace factflow::dispatch
