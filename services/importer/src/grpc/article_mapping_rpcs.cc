// "Taux par défaut appliqué" in the control grid (issue 7): the flag on every unmapped row of a
// grid page, and MapUnmappedArticle, which maps such rows in one step through catalog-mapping's
// correspondences. Part of ImporterServiceImpl (importer_service.h).
#include "absl/strings/str_cat.h"
#include "grpc/call.h"
#include "grpc/importer_service.h"
#include "money/decimal_wire.h"
#include "storage/article_mapping_repository.h"
#include "storage/grid_repository.h"
#include "validation/fields.h"

namespace factflow::importer {
namespace {

const std::initializer_list<std::string_view> kMappers = {auth::kRoleOperator, auth::kRoleAdmin};

}  // namespace

void MarkDefaultVatRates(v1::ListGridDocumentsResponse& response) {
  for (v1::GridDocument& document : *response.mutable_documents()) {
    for (v1::GridRow& row : *document.mutable_rows()) {
      row.set_default_vat_rate_applied(row.mapping_status() == v1::MAPPING_STATUS_UNMAPPED);
    }
  }
}

grpc::Status ImporterServiceImpl::MapUnmappedArticle(grpc::ServerContext* context,
                                                     const v1::MapUnmappedArticleRequest* request,
                                                     v1::MapUnmappedArticleResponse* response) {
  return grpcutil::HandleRpc(
      context, runtime_.signer(), "MapUnmappedArticle", kMappers,
      [&](const auth::Principal& principal) -> absl::Status {
        FACTFLOW_RETURN_IF_ERROR(validation::CheckUuid("batch_id", request->batch_id()));
        FACTFLOW_RETURN_IF_ERROR(
            validation::CheckText("external_code", request->external_code(), 64));
        FACTFLOW_RETURN_IF_ERROR(
            validation::CheckText("article_code", request->article_code(), 64));
        if (request->external_code().empty() || request->article_code().empty()) {
          return absl::InvalidArgumentError(
              "external_code et article_code : le code du fichier (SKU ou EAN) et l'article du "
              "catalogue sont obligatoires");
        }
        FACTFLOW_ASSIGN_OR_RETURN(catalog::v1::Article article,
                                  CatalogArticle(principal.tenant_id, request->article_code()));
        std::optional<money::Decimal> rate = money::FromWire(article.vat_rate());
        if (!rate.has_value()) {
          return absl::FailedPreconditionError(absl::StrCat(
              "l'article ", article.code(), " n'a pas de taux de TVA : complétez-le dans le "
              "catalogue"));
        }
        // Checked before the correspondence is recorded: a batch that can no longer change
        // records nothing.
        FACTFLOW_RETURN_IF_ERROR(runtime_.pool().InTransaction([&](pqxx::work& tx) {
          return storage::LoadModifiableBatch(tx, principal.tenant_id, request->batch_id())
              .status();
        }));
        // Correspondences are idempotent: if the grid update below fails, recording it again is
        // harmless, and later uploads are mapped anyway.
        FACTFLOW_ASSIGN_OR_RETURN(
            int changed,
            CreateCorrespondences(CallerToken(*context), {request->external_code()},
                                  article.code()));
        response->set_correspondence_changed(changed > 0);
        response->set_article_code(article.code());
        *response->mutable_vat_rate() = money::ToWire(*rate, 2);
        return runtime_.pool().InTransaction([&](pqxx::work& tx) -> absl::Status {
          FACTFLOW_ASSIGN_OR_RETURN(
              v1::Batch batch,
              storage::LoadModifiableBatch(tx, principal.tenant_id, request->batch_id()));
          storage::MappingResult result = storage::MapUnmappedCode(
              tx, batch.batch_id(), request->external_code(), article.code(), rate->ToString(2));
          response->set_changed_documents(result.changed_documents);
          response->set_changed_rows(result.changed_rows);
          return absl::OkStatus();
        });
      });
}

}  // namespace factflow::importer
