// The control grid's writes beyond checking (issue 7): the calculator (ApplyColumnValue) and the
// edit of one order (UpdateDocument). Part of ImporterServiceImpl (importer_service.h).
#include "absl/strings/str_cat.h"
#include "grpc/call.h"
#include "grpc/importer_service.h"
#include "money/decimal_wire.h"
#include "staging/grid_values.h"
#include "storage/grid_repository.h"
#include "validation/fields.h"

namespace factflow::importer {
namespace {

const std::initializer_list<std::string_view> kGridOperators = {auth::kRoleOperator,
                                                                auth::kRoleAdmin};
constexpr char kConnector[] = "fnac";
constexpr size_t kCorrespondenceChunk = 1000;

int IssueCount(const v1::GridDocument& document) {
  int count = document.issues_size();
  for (const auto& row : document.rows()) count += row.issues_size();
  return count;
}

// Every text of an edit, bounded before it reaches validation or storage.
absl::Status CheckEditFields(const v1::GridDocument& edit) {
  const v1::Buyer& buyer = edit.buyer();
  for (const auto& [field, value, max] :
       std::initializer_list<std::tuple<std::string_view, const std::string&, size_t>>{
           {"document_date", edit.document_date(), 32},
           {"payment_mode", edit.payment_mode(), 64},
           {"series_code", edit.series_code(), 32},
           {"buyer.civility", buyer.civility(), 32},
           {"buyer.last_name", buyer.last_name(), 200},
           {"buyer.first_name", buyer.first_name(), 200},
           {"buyer.company", buyer.company(), 200},
           {"buyer.email", buyer.email(), 254}}) {
    FACTFLOW_RETURN_IF_ERROR(validation::CheckText(field, value, max));
  }
  for (const auto* address : {&edit.billing_address(), &edit.delivery_address()}) {
    for (const std::string* line : {&address->line1(), &address->line2(), &address->line3(),
                                    &address->postal_code(), &address->city(),
                                    &address->country_code()}) {
      FACTFLOW_RETURN_IF_ERROR(validation::CheckText("adresse", *line, 200));
    }
  }
  for (const auto& row : edit.rows()) {
    for (const auto& [field, value, max] :
         std::initializer_list<std::tuple<std::string_view, const std::string&, size_t>>{
             {"rows.label", row.label(), 250},
             {"rows.seller_sku", row.seller_sku(), 64},
             {"rows.ean", row.ean(), 64},
             {"rows.article_code", row.article_code(), 64},
             {"rows.quantity", row.quantity().value(), 32},
             {"rows.unit_price_incl_vat", row.unit_price_incl_vat().value(), 32},
             {"rows.shipping_incl_vat", row.shipping_incl_vat().value(), 32},
             {"rows.vat_rate", row.vat_rate().value(), 32}}) {
      FACTFLOW_RETURN_IF_ERROR(validation::CheckText(field, value, max));
    }
  }
  return absl::OkStatus();
}

}  // namespace

std::string CallerToken(const grpc::ServerContext& context) {
  constexpr std::string_view kBearer = "Bearer ";
  auto it = context.client_metadata().find("authorization");
  if (it == context.client_metadata().end() || it->second.size() < kBearer.size()) return "";
  return std::string(it->second.data() + kBearer.size(), it->second.size() - kBearer.size());
}

absl::StatusOr<catalog::v1::Article> ImporterServiceImpl::CatalogArticle(
    const std::string& tenant_id, const std::string& code) {
  catalog::v1::GetArticleRequest request;
  request.set_code(code);
  catalog::v1::Article article;
  auto context = grpcutil::OutgoingContext(runtime_.ServiceToken(tenant_id), absl::Seconds(10));
  absl::Status status = status::FromGrpc(catalog_->GetArticle(context.get(), request, &article));
  if (status.code() == absl::StatusCode::kNotFound) {
    return absl::InvalidArgumentError(
        absl::StrCat("article ", validation::Echo(code),
                     " inconnu du catalogue : créez-le d'abord (factflowctl article add)"));
  }
  FACTFLOW_RETURN_IF_ERROR(status);
  return article;
}

absl::StatusOr<int> ImporterServiceImpl::CreateCorrespondences(
    const std::string& caller_token, const std::vector<std::string>& external_codes,
    const std::string& article_code) {
  int created = 0;
  for (size_t start = 0; start < external_codes.size(); start += kCorrespondenceChunk) {
    catalog::v1::SetCorrespondencesRequest request;
    for (size_t i = start; i < std::min(external_codes.size(), start + kCorrespondenceChunk);
         ++i) {
      catalog::v1::Correspondence* correspondence = request.add_correspondences();
      correspondence->set_connector_code(kConnector);
      correspondence->set_external_code(external_codes[i]);
      correspondence->set_article_code(article_code);
    }
    catalog::v1::SetCorrespondencesResponse response;
    auto context = grpcutil::OutgoingContext(caller_token, absl::Seconds(30));
    FACTFLOW_RETURN_IF_ERROR(
        status::FromGrpc(catalog_->SetCorrespondences(context.get(), request, &response)));
    created += response.changed();
  }
  return created;
}

grpc::Status ImporterServiceImpl::ApplyColumnValue(grpc::ServerContext* context,
                                                   const v1::ApplyColumnValueRequest* request,
                                                   v1::ApplyColumnValueResponse* response) {
  return grpcutil::HandleRpc(
      context, runtime_.signer(), "ApplyColumnValue", kGridOperators,
      [&](const auth::Principal& principal) -> absl::Status {
        FACTFLOW_RETURN_IF_ERROR(validation::CheckUuid("batch_id", request->batch_id()));
        FACTFLOW_ASSIGN_OR_RETURN(ColumnValue value,
                                  ParseColumnValue(request->column(), request->value()));
        const bool article = value.column == GridColumn::kArticleCode;
        if (request->create_correspondence() && !article) {
          return absl::InvalidArgumentError(
              "create_correspondence ne s'applique qu'à la colonne article_code");
        }
        std::optional<std::string> article_rate;
        if (article) {
          FACTFLOW_ASSIGN_OR_RETURN(catalog::v1::Article found,
                                    CatalogArticle(principal.tenant_id, value.text));
          value.text = found.code();  // as the catalog writes it
          if (auto rate = money::FromWire(found.vat_rate())) article_rate = rate->ToString(2);
        }
        if (request->create_correspondence()) {
          // Recorded before the grid changes: correspondences are idempotent, so a failure of
          // the grid update below leaves nothing inconsistent.
          std::vector<std::string> codes;
          FACTFLOW_RETURN_IF_ERROR(runtime_.pool().InTransaction([&](pqxx::work& tx) {
            auto batch = storage::LoadModifiableBatch(tx, principal.tenant_id, request->batch_id());
            if (!batch.ok()) return batch.status();
            codes = storage::CheckedUnmappedCodes(tx, batch->batch_id());
            return absl::OkStatus();
          }));
          FACTFLOW_ASSIGN_OR_RETURN(int created,
                                    CreateCorrespondences(CallerToken(*context), codes, value.text));
          response->set_correspondences_created(created);
        }
        return runtime_.pool().InTransaction([&](pqxx::work& tx) -> absl::Status {
          FACTFLOW_ASSIGN_OR_RETURN(
              v1::Batch batch,
              storage::LoadModifiableBatch(tx, principal.tenant_id, request->batch_id()));
          storage::ApplyResult result =
              storage::ApplyColumnValue(tx, batch.batch_id(), value, article_rate);
          response->set_changed_rows(result.changed_rows);
          response->set_changed_documents(result.changed_documents);
          response->set_refused_count(result.refused_count);
          for (auto& refused : result.refused) *response->add_refused() = std::move(refused);
          return absl::OkStatus();
        });
      });
}

grpc::Status ImporterServiceImpl::UpdateDocument(grpc::ServerContext* context,
                                                 const v1::UpdateDocumentRequest* request,
                                                 v1::GridDocument* response) {
  return grpcutil::HandleRpc(
      context, runtime_.signer(), "UpdateDocument", kGridOperators,
      [&](const auth::Principal& principal) -> absl::Status {
        const v1::GridDocument& edit = request->document();
        FACTFLOW_RETURN_IF_ERROR(validation::CheckUuid("document.batch_id", edit.batch_id()));
        FACTFLOW_RETURN_IF_ERROR(
            validation::CheckUuid("document.document_id", edit.document_id()));
        FACTFLOW_RETURN_IF_ERROR(CheckEditFields(edit));
        return runtime_.pool().InTransaction([&](pqxx::work& tx) -> absl::Status {
          FACTFLOW_ASSIGN_OR_RETURN(
              v1::Batch batch,
              storage::LoadModifiableBatch(tx, principal.tenant_id, edit.batch_id()));
          FACTFLOW_ASSIGN_OR_RETURN(
              storage::StoredDocument stored,
              storage::LoadDocument(tx, principal.tenant_id, batch.batch_id(),
                                    edit.document_id()));
          if (stored.frozen) {
            return absl::FailedPreconditionError(absl::StrCat(
                "commande ", stored.document.external_id(), " en cours de facturation"));
          }
          FACTFLOW_ASSIGN_OR_RETURN(v1::GridDocument edited,
                                    ApplyEdit(stored.document, edit, batch.file_name()));
          storage::StoreEditedDocument(tx, batch.batch_id(), edited,
                                       IssueCount(edited) - IssueCount(stored.document));
          FACTFLOW_ASSIGN_OR_RETURN(
              stored, storage::LoadDocument(tx, principal.tenant_id, batch.batch_id(),
                                            edit.document_id()));
          *response = std::move(stored.document);
          return absl::OkStatus();
        });
      });
}

}  // namespace factflow::importer
