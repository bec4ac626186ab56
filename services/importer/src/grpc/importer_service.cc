#include "grpc/importer_service.h"

#include <algorithm>
#include <set>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "domain/accessory_costs.h"
#include "domain/fnac_profile.h"
#include "factflow/events/v1/events.pb.h"
#include "grpc/call.h"
#include "grpc/paging.h"
#include "logging/logging.h"
#include "money/decimal_wire.h"
#include "outbox/outbox.h"
#include "storage/batch_repository.h"
#include "staging/grid_values.h"
#include "storage/grid_repository.h"
#include "validation/fields.h"

namespace factflow::importer {
namespace {

constexpr char kTopic[] = "factflow.importer.v1";
const std::initializer_list<std::string_view> kOperators = {auth::kRoleOperator, auth::kRoleAdmin};
const std::initializer_list<std::string_view> kReaders = {auth::kRoleOperator, auth::kRoleAdmin,
                                                          auth::kRoleService};

v1::ImportPreferences DefaultPreferences(const std::string& format) {
  v1::ImportPreferences preferences;
  preferences.set_format(format);
  preferences.set_invoice_template("standard");
  preferences.set_series_code("FA");
  preferences.mutable_default_vat_rate()->set_value("20.00");
  preferences.set_payment_mode("FNAC Marketplace");
  preferences.set_initial_send_state("EN_ATTENTE");
  preferences.set_invoice_shipping(true);
  return preferences;
}

// Fills what the request left empty from `base`.
v1::ImportPreferences Merge(v1::ImportPreferences base, const v1::ImportPreferences& request) {
  if (!request.invoice_template().empty()) base.set_invoice_template(request.invoice_template());
  if (!request.series_code().empty()) base.set_series_code(request.series_code());
  if (!request.default_vat_rate().value().empty()) {
    *base.mutable_default_vat_rate() = request.default_vat_rate();
  }
  if (!request.payment_mode().empty()) base.set_payment_mode(request.payment_mode());
  if (!request.initial_send_state().empty()) {
    base.set_initial_send_state(request.initial_send_state());
  }
  if (request.has_invoice_shipping()) base.set_invoice_shipping(request.invoice_shipping());
  return base;
}

// The lines invoicing-state numbers: the products, then one shipping line for the order.
// The keyset token after a page of documents (ListGridDocuments, GetApprovedDocuments).
template <typename Response>
std::string LastPositionToken(const grpcutil::KeysetPage& page, const Response& response) {
  const int returned = response.documents_size();
  return page.NextToken(returned, returned > 0 ? response.documents(returned - 1).position() : 0);
}

// "5,5 %", "20 %", "1,05 %".
std::string RateText(money::Decimal rate) {
  int digits = rate.Rounded(0) == rate ? 0 : rate.Rounded(1) == rate ? 1 : 2;
  return absl::StrCat(rate.ToFrench(digits), " %");
}

v1::ApprovedDocument ToApproved(const v1::GridDocument& document, bool batch_invoices_shipping) {
  // The order's own choice (calculator or edit) wins over the batch's preference.
  const bool invoice_shipping =
      document.has_invoice_shipping() ? document.invoice_shipping() : batch_invoices_shipping;
  v1::ApprovedDocument approved;
  approved.set_document_id(document.document_id());
  approved.set_position(document.position());
  approved.set_external_id(document.external_id());
  approved.set_document_date(document.document_date());
  *approved.mutable_buyer() = document.buyer();
  *approved.mutable_billing_address() = document.billing_address();
  *approved.mutable_delivery_address() = document.delivery_address();
  approved.set_payment_mode(document.payment_mode());
  *approved.mutable_total_incl_vat() = document.total_incl_vat();
  money::Decimal shipping;
  int shipping_row = 0;
  for (const auto& row : document.rows()) {
    v1::ApprovedLine* line = approved.add_lines();
    line->set_article_code(row.article_code());
    line->set_label(row.label());
    *line->mutable_quantity() = row.quantity();
    *line->mutable_unit_price_incl_vat() = row.unit_price_incl_vat();
    *line->mutable_vat_rate() = row.vat_rate();
    line->set_source_row(row.source_row());
    money::Decimal row_shipping =
        money::FromWire(row.shipping_incl_vat()).value_or(money::Decimal());
    if (!row_shipping.is_zero() && shipping_row == 0) shipping_row = row.source_row();
    shipping += row_shipping;
  }
  if (invoice_shipping && !shipping.is_zero()) {
    // Shipping follows the goods' rate, split by base when the order mixes rates.
    std::vector<domain::GoodsAtRate> goods;
    for (const auto& row : document.rows()) {
      money::Decimal quantity = money::FromWire(row.quantity()).value_or(money::Decimal());
      money::Decimal price = money::FromWire(row.unit_price_incl_vat()).value_or(money::Decimal());
      goods.push_back({money::FromWire(row.vat_rate()).value_or(money::Decimal::FromUnits(20)),
                       quantity * price});
    }
    auto shares = domain::SplitAccessoryCost(shipping, goods, money::Decimal::FromUnits(20));
    for (const domain::AccessoryShare& share : shares) {
      v1::ApprovedLine* line = approved.add_lines();
      line->set_article_code("PORT");
      line->set_label(shares.size() == 1
                          ? std::string("Frais de port")
                          : absl::StrCat("Frais de port (part à ", RateText(share.vat_rate), ")"));
      *line->mutable_quantity() = money::ToWire(money::Decimal::FromUnits(1), 0);
      *line->mutable_unit_price_incl_vat() = money::ToWire(share.amount);
      *line->mutable_vat_rate() = money::ToWire(share.vat_rate, 2);
      line->set_source_row(shipping_row);
      line->set_is_shipping(true);
    }
  }
  return approved;
}

}  // namespace

absl::Status CheckPreferences(const v1::ImportPreferences& preferences) {
  FACTFLOW_RETURN_IF_ERROR(
      validation::CheckText("invoice_template", preferences.invoice_template(), 64));
  FACTFLOW_RETURN_IF_ERROR(validation::CheckText("payment_mode", preferences.payment_mode(), 64));
  if (!preferences.series_code().empty()) {
    FACTFLOW_RETURN_IF_ERROR(ParseColumnValue("series_code", preferences.series_code()).status());
  }
  if (!preferences.default_vat_rate().value().empty()) {
    FACTFLOW_RETURN_IF_ERROR(
        ParseColumnValue("vat_rate", preferences.default_vat_rate().value()).status());
  }
  const std::string& state = preferences.initial_send_state();
  if (!state.empty() && state != "EN_ATTENTE" && state != "PRET") {
    return absl::InvalidArgumentError(absl::StrCat("initial_send_state : ", validation::Echo(state),
                                                   " refusé (EN_ATTENTE ou PRET)"));
  }
  return absl::OkStatus();
}

ImporterServiceImpl::ImporterServiceImpl(runtime::Runtime& runtime, ImporterSettings settings,
                                         std::shared_ptr<grpc::Channel> invoicing,
                                         std::shared_ptr<grpc::Channel> catalog)
    : runtime_(runtime),
      settings_(settings),
      tenants_(invoicing::v1::TenantService::NewStub(invoicing)),
      invoices_(invoicing::v1::InvoiceService::NewStub(invoicing)),
      catalog_(catalog::v1::CatalogService::NewStub(catalog)) {}

absl::Status ImporterServiceImpl::CheckFormatActivated(const std::string& tenant_id,
                                                       const std::string& format) {
  invoicing::v1::Tenant tenant;
  auto context = grpcutil::OutgoingContext(runtime_.ServiceToken(tenant_id), absl::Seconds(10));
  absl::Status status = status::FromGrpc(
      tenants_->GetTenant(context.get(), invoicing::v1::GetTenantRequest(), &tenant));
  if (status.code() == absl::StatusCode::kNotFound) {
    return absl::FailedPreconditionError(std::string(status.message()));
  }
  FACTFLOW_RETURN_IF_ERROR(status);
  const auto& formats = tenant.activated_import_formats();
  if (std::find(formats.begin(), formats.end(), format) == formats.end()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "le format d'import « ", format,
        " » n'est pas activé pour ce dossier : cochez-le dans "
        "Paramètres / Listes paramétrables / Format d'import (factflowctl tenant activate-format ",
        format, ")"));
  }
  return absl::OkStatus();
}

absl::StatusOr<ArticleMapping> ImporterServiceImpl::ResolveArticles(
    const std::string& tenant_id, const std::vector<std::string>& codes) {
  ArticleMapping mapping;
  constexpr size_t kChunk = 5000;
  for (size_t start = 0; start < codes.size(); start += kChunk) {
    catalog::v1::ResolveArticlesRequest request;
    request.set_connector_code("fnac");
    for (size_t i = start; i < std::min(codes.size(), start + kChunk); ++i) {
      request.add_external_codes(codes[i]);
    }
    catalog::v1::ResolveArticlesResponse response;
    auto context = grpcutil::OutgoingContext(runtime_.ServiceToken(tenant_id), absl::Seconds(30));
    FACTFLOW_RETURN_IF_ERROR(
        status::FromGrpc(catalog_->ResolveArticles(context.get(), request, &response)));
    for (const auto& result : response.results()) {
      if (!result.mapped()) continue;
      auto rate = money::FromWire(result.article().vat_rate());
      mapping[result.external_code()] = {result.article().code(),
                                         rate.value_or(money::Decimal::FromUnits(20))};
    }
  }
  return mapping;
}

absl::StatusOr<v1::ImportPreferences> ImporterServiceImpl::EffectivePreferences(
    const std::string& tenant_id, const v1::UploadFileRequest& request) {
  v1::ImportPreferences base = DefaultPreferences(request.format());
  absl::Status status = runtime_.pool().InTransaction([&](pqxx::work& tx) {
    if (auto saved = storage::LoadPreferences(tx, tenant_id, request.format())) {
      base = Merge(base, *saved);
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  v1::ImportPreferences effective = Merge(base, request.preferences());
  effective.set_format(request.format());
  return effective;
}

grpc::Status ImporterServiceImpl::GetBatch(grpc::ServerContext* context,
                                           const v1::GetBatchRequest* request,
                                           v1::Batch* response) {
  return grpcutil::HandleRpc(
      context, runtime_.signer(), "GetBatch", kReaders,
      [&](const auth::Principal& principal) -> absl::Status {
        FACTFLOW_RETURN_IF_ERROR(validation::CheckUuid("batch_id", request->batch_id()));
        return runtime_.pool().InTransaction([&](pqxx::work& tx) -> absl::Status {
          FACTFLOW_ASSIGN_OR_RETURN(
              *response, storage::LoadBatch(tx, principal.tenant_id, request->batch_id()));
          return absl::OkStatus();
        });
      });
}

grpc::Status ImporterServiceImpl::ListBatches(grpc::ServerContext* context,
                                              const v1::ListBatchesRequest* request,
                                              v1::ListBatchesResponse* response) {
  return grpcutil::HandleRpc(
      context, runtime_.signer(), "ListBatches", kReaders,
      [&](const auth::Principal& principal) -> absl::Status {
        FACTFLOW_ASSIGN_OR_RETURN(auto page, grpcutil::ParseKeysetPage(request->page()));
        return runtime_.pool().InTransaction([&](pqxx::work& tx) {
          for (auto& batch : storage::ListBatches(tx, principal.tenant_id, page.size, page.after)) {
            *response->add_batches() = std::move(batch);
          }
          const int returned = response->batches_size();
          response->set_next_page_token(page.NextToken(
              returned, returned > 0 ? response->batches(returned - 1).batch_number() : 0));
          return absl::OkStatus();
        });
      });
}

grpc::Status ImporterServiceImpl::ListGridDocuments(grpc::ServerContext* context,
                                                    const v1::ListGridDocumentsRequest* request,
                                                    v1::ListGridDocumentsResponse* response) {
  return grpcutil::HandleRpc(
      context, runtime_.signer(), "ListGridDocuments", kReaders,
      [&](const auth::Principal& principal) -> absl::Status {
        FACTFLOW_RETURN_IF_ERROR(validation::CheckUuid("batch_id", request->batch_id()));
        FACTFLOW_ASSIGN_OR_RETURN(auto page, grpcutil::ParseKeysetPage(request->page()));
        FACTFLOW_ASSIGN_OR_RETURN(
            storage::GridQuery query,
            storage::MakeGridQuery(request->filter(), request->only_invalid()));
        return runtime_.pool().InTransaction([&](pqxx::work& tx) -> absl::Status {
          FACTFLOW_ASSIGN_OR_RETURN(
              v1::Batch batch, storage::LoadBatch(tx, principal.tenant_id, request->batch_id()));
          storage::GridPage grid =
              storage::LoadGridPage(tx, principal.tenant_id, batch.batch_id(), query,
                                    request->sort(), page.size, page.after);
          for (auto& document : grid.documents) *response->add_documents() = std::move(document);
          MarkDefaultVatRates(*response);
          const int returned = static_cast<int>(grid.keys.size());
          response->set_next_page_token(
              page.NextToken(returned, returned > 0 ? grid.keys.back() : 0));
          response->set_matching_count(grid.matching_count);
          v1::ImportPreferences preferences = storage::BatchPreferences(tx, batch.batch_id());
          *response->mutable_checked_totals() = storage::CheckedTotals(
              tx, batch.batch_id(),
              !preferences.has_invoice_shipping() || preferences.invoice_shipping());
          return absl::OkStatus();
        });
      });
}

grpc::Status ImporterServiceImpl::SetDocumentsChecked(grpc::ServerContext* context,
                                                      const v1::SetDocumentsCheckedRequest* request,
                                                      v1::SetDocumentsCheckedResponse* response) {
  return grpcutil::HandleRpc(
      context, runtime_.signer(), "SetDocumentsChecked", kOperators,
      [&](const auth::Principal& principal) -> absl::Status {
        FACTFLOW_RETURN_IF_ERROR(validation::CheckUuid("batch_id", request->batch_id()));
        for (const auto& id : request->document_ids()) {
          FACTFLOW_RETURN_IF_ERROR(validation::CheckUuid("document_ids", id));
        }
        FACTFLOW_ASSIGN_OR_RETURN(storage::GridQuery query,
                                  storage::MakeGridQuery(request->filter(), false));
        return runtime_.pool().InTransaction([&](pqxx::work& tx) -> absl::Status {
          FACTFLOW_ASSIGN_OR_RETURN(
              v1::Batch batch,
              storage::LoadModifiableBatch(tx, principal.tenant_id, request->batch_id()));
          std::vector<std::string> ids(request->document_ids().begin(),
                                       request->document_ids().end());
          response->set_changed(
              request->by_filter()
                  ? storage::SetCheckedByFilter(tx, principal.tenant_id, batch.batch_id(), query,
                                                request->checked())
                  : storage::SetChecked(tx, principal.tenant_id, batch.batch_id(), ids,
                                        request->all(), request->checked()));
          FACTFLOW_ASSIGN_OR_RETURN(batch,
                                    storage::LoadBatch(tx, principal.tenant_id, batch.batch_id()));
          response->set_checked_document_count(batch.checked_document_count());
          return absl::OkStatus();
        });
      });
}

grpc::Status ImporterServiceImpl::GenerateInvoices(grpc::ServerContext* context,
                                                   const v1::GenerateInvoicesRequest* request,
                                                   v1::GenerateInvoicesResponse* response) {
  return grpcutil::HandleRpc(
      context, runtime_.signer(), "GenerateInvoices", kOperators,
      [&](const auth::Principal& principal) -> absl::Status {
        FACTFLOW_RETURN_IF_ERROR(validation::CheckUuid("batch_id", request->batch_id()));
        absl::Status status = runtime_.pool().InTransaction([&](pqxx::work& tx) -> absl::Status {
          FACTFLOW_ASSIGN_OR_RETURN(v1::Batch batch, storage::LoadBatch(tx, principal.tenant_id,
                                                                        request->batch_id(), true));
          if (batch.status() != v1::BATCH_STATUS_STAGED &&
              batch.status() != v1::BATCH_STATUS_REJECTED) {
            return absl::FailedPreconditionError(absl::StrCat(
                "le lot n° ", batch.batch_number(), " a déjà été généré ou est en cours"));
          }
          storage::Frozen frozen = storage::CountGeneratable(tx, batch.batch_id());
          response->set_document_count(frozen.count);
          response->set_skipped_invalid(frozen.skipped_invalid);
          response->mutable_total_incl_vat()->set_value(frozen.total_incl_vat);
          if (frozen.count == 0 && !request->dry_run()) {
            return absl::FailedPreconditionError(absl::StrCat(
                "lot n° ", batch.batch_number(),
                " : aucune commande cochée et valide, rien à générer (corrigez les erreurs ou "
                "cochez des commandes)"));
          }
          v1::ImportPreferences preferences = storage::BatchPreferences(tx, batch.batch_id());
          // One contiguous block per series: a generation covers one series.
          std::set<std::string> series;
          for (const auto& code : storage::CheckedSeries(tx, batch.batch_id())) {
            series.insert(code.empty() ? preferences.series_code() : code);
          }
          if (series.size() > 1) {
            return absl::FailedPreconditionError(absl::StrCat(
                "lot n° ", batch.batch_number(), " : les commandes cochées relèvent de ",
                series.size(), " séries (", absl::StrJoin(series, ", "),
                ") ; générez une série à la fois en décochant les autres"));
          }
          if (series.size() == 1) preferences.set_series_code(*series.begin());
          response->set_series_code(preferences.series_code());
          if (request->dry_run()) return absl::OkStatus();
          std::string generation_id = logging::NewUuid();
          storage::Freeze(tx, batch.batch_id(), generation_id);
          events::v1::DocumentsApproved approved;
          approved.set_batch_id(batch.batch_id());
          approved.set_generation_id(generation_id);
          approved.set_document_count(frozen.count);
          approved.set_series_code(preferences.series_code());
          approved.set_operator_id(principal.operator_id);
          approved.set_batch_number(batch.batch_number());
          outbox::Append(tx, kTopic,
                         outbox::MakeEnvelope(approved, {principal.tenant_id, "batch",
                                                         batch.batch_id(), "importer", ""}));
          response->set_generation_id(generation_id);
          return absl::OkStatus();
        });
        if (status.ok() && request->dry_run()) {
          return FillDryRunNumbers(principal.tenant_id, *response);
        }
        if (status.ok()) runtime_.relay().Wake();
        return status;
      });
}

grpc::Status ImporterServiceImpl::GetApprovedDocuments(
    grpc::ServerContext* context, const v1::GetApprovedDocumentsRequest* request,
    v1::GetApprovedDocumentsResponse* response) {
  return grpcutil::HandleRpc(
      context, runtime_.signer(), "GetApprovedDocuments", {auth::kRoleService},
      [&](const auth::Principal& principal) -> absl::Status {
        FACTFLOW_RETURN_IF_ERROR(validation::CheckUuid("generation_id", request->generation_id()));
        FACTFLOW_ASSIGN_OR_RETURN(auto page, grpcutil::ParseKeysetPage(request->page()));
        return runtime_.pool().InTransaction([&](pqxx::work& tx) -> absl::Status {
          FACTFLOW_ASSIGN_OR_RETURN(
              storage::Generation generation,
              storage::LoadGeneration(tx, principal.tenant_id, request->generation_id(), page.size,
                                      page.after));
          v1::ImportPreferences preferences =
              storage::BatchPreferences(tx, generation.batch.batch_id());
          response->set_batch_id(generation.batch.batch_id());
          response->set_batch_number(generation.batch.batch_number());
          const std::string series = storage::GenerationSeries(tx, request->generation_id());
          response->set_series_code(series.empty() ? preferences.series_code() : series);
          response->set_initial_send_state(preferences.initial_send_state());
          response->set_invoice_template(preferences.invoice_template());
          if (generation.total_count >= 0) response->set_total_count(generation.total_count);
          for (const auto& document : generation.documents) {
            *response->add_documents() = ToApproved(
                document, !preferences.has_invoice_shipping() || preferences.invoice_shipping());
          }
          response->set_next_page_token(LastPositionToken(page, *response));
          return absl::OkStatus();
        });
      });
}

grpc::Status ImporterServiceImpl::GetPreferences(grpc::ServerContext* context,
                                                 const v1::GetPreferencesRequest* request,
                                                 v1::ImportPreferences* response) {
  return grpcutil::HandleRpc(
      context, runtime_.signer(), "GetPreferences", kReaders,
      [&](const auth::Principal& principal) -> absl::Status {
        FACTFLOW_RETURN_IF_ERROR(validation::CheckText("format", request->format(), 64));
        *response = DefaultPreferences(request->format());
        return runtime_.pool().InTransaction([&](pqxx::work& tx) {
          if (auto saved = storage::LoadPreferences(tx, principal.tenant_id, request->format())) {
            *response = Merge(*response, *saved);
          }
          return absl::OkStatus();
        });
      });
}

grpc::Status ImporterServiceImpl::SavePreferences(grpc::ServerContext* context,
                                                  const v1::ImportPreferences* request,
                                                  v1::ImportPreferences* response) {
  return grpcutil::HandleRpc(
      context, runtime_.signer(), "SavePreferences", kOperators,
      [&](const auth::Principal& principal) -> absl::Status {
        FACTFLOW_RETURN_IF_ERROR(validation::CheckText("format", request->format(), 64));
        FACTFLOW_RETURN_IF_ERROR(CheckPreferences(*request));
        return runtime_.pool().InTransaction([&](pqxx::work& tx) {
          // What the request leaves empty keeps its saved value (then the default).
          *response = DefaultPreferences(request->format());
          if (auto saved = storage::LoadPreferences(tx, principal.tenant_id, request->format())) {
            *response = Merge(*response, *saved);
          }
          *response = Merge(*response, *request);
          storage::SavePreferences(tx, principal.tenant_id, *response);
          return absl::OkStatus();
        });
      });
}

}  // namespace factflow::importer
