#pragma once

// factflow.importer.v1.ImporterService: upload -> control grid -> generate. Uploads are checked
// against the tenant's activated formats (invoicing-state's TenantService), their article codes
// resolved (catalog-mapping's ResolveArticles), and stored in one transaction: a file that cannot
// be read stages nothing.
//
// Uploads are bounded: at most ImporterSettings::max_concurrent_uploads parse at once (beyond,
// RESOURCE_EXHAUSTED in French, nothing done), and each parse runs under the budgets of
// ImporterSettings::upload_limits and stops as soon as the client cancels or its deadline passes.
//
// Thread safety: the gRPC server calls every method concurrently; the object is safe for that.

#include <atomic>
#include <memory>

#include "domain/parse_budget.h"
#include "domain/staged_order.h"
#include "factflow/catalog/v1/catalog.grpc.pb.h"
#include "factflow/importer/v1/importer.grpc.pb.h"
#include "factflow/invoicing/v1/invoicing.grpc.pb.h"
#include "runtime/runtime.h"
#include "staging/grid_builder.h"

namespace factflow::importer {

struct ImporterSettings {
  int64_t max_upload_bytes = 20 * 1024 * 1024;
  int max_concurrent_uploads = 2;  // FACTFLOW_MAX_CONCURRENT_UPLOADS
  // Budgets of one upload's parse (CPU time from FACTFLOW_UPLOAD_MAX_CPU_SECONDS); the stop
  // request is set per call.
  domain::XlsxLimits upload_limits;
};

// InvalidArgument (French, naming the preference) for a value the generation could not use
// (upload options and SavePreferences).
absl::Status CheckPreferences(const v1::ImportPreferences& preferences);

// grid_rpcs.cc: the caller's own bearer token (already verified): correspondences are the
// operator's act, and catalog-mapping only lets operators write them.
std::string CallerToken(const grpc::ServerContext& context);

// article_mapping_rpcs.cc: flags every unmapped row of a grid page "taux par défaut appliqué"
// (GridRow.default_vat_rate_applied).
void MarkDefaultVatRates(v1::ListGridDocumentsResponse& response);

class ImporterServiceImpl final : public v1::ImporterService::Service {
 public:
  ImporterServiceImpl(runtime::Runtime& runtime, ImporterSettings settings,
                      std::shared_ptr<grpc::Channel> invoicing,
                      std::shared_ptr<grpc::Channel> catalog);

  // upload_rpcs.cc: both go through StageUpload.
  grpc::Status UploadFile(grpc::ServerContext*, const v1::UploadFileRequest*,
                          v1::UploadFileResponse*) override;
  grpc::Status UploadFileStream(grpc::ServerContext*, grpc::ServerReader<v1::UploadFileChunk>*,
                                v1::UploadFileResponse*) override;
  grpc::Status GetBatch(grpc::ServerContext*, const v1::GetBatchRequest*, v1::Batch*) override;
  grpc::Status ListBatches(grpc::ServerContext*, const v1::ListBatchesRequest*,
                           v1::ListBatchesResponse*) override;
  grpc::Status ListGridDocuments(grpc::ServerContext*, const v1::ListGridDocumentsRequest*,
                                 v1::ListGridDocumentsResponse*) override;
  grpc::Status SetDocumentsChecked(grpc::ServerContext*, const v1::SetDocumentsCheckedRequest*,
                                   v1::SetDocumentsCheckedResponse*) override;
  grpc::Status ApplyColumnValue(grpc::ServerContext*, const v1::ApplyColumnValueRequest*,
                                v1::ApplyColumnValueResponse*) override;
  grpc::Status UpdateDocument(grpc::ServerContext*, const v1::UpdateDocumentRequest*,
                              v1::GridDocument*) override;
  grpc::Status GenerateInvoices(grpc::ServerContext*, const v1::GenerateInvoicesRequest*,
                                v1::GenerateInvoicesResponse*) override;
  // cancel_batches.cc: "Suppr. Import" across the importer and invoicing-state.
  grpc::Status CancelBatches(grpc::ServerContext*, const v1::CancelBatchesRequest*,
                             v1::CancelBatchesResponse*) override;
  grpc::Status GetPreferences(grpc::ServerContext*, const v1::GetPreferencesRequest*,
                              v1::ImportPreferences*) override;
  grpc::Status SavePreferences(grpc::ServerContext*, const v1::ImportPreferences*,
                               v1::ImportPreferences*) override;
  grpc::Status GetApprovedDocuments(grpc::ServerContext*, const v1::GetApprovedDocumentsRequest*,
                                    v1::GetApprovedDocumentsResponse*) override;
  // profile_rpcs.cc: tenant import profiles.
  grpc::Status ListImportProfiles(grpc::ServerContext*, const v1::ListImportProfilesRequest*,
                                  v1::ListImportProfilesResponse*) override;
  grpc::Status GetImportProfile(grpc::ServerContext*, const v1::GetImportProfileRequest*,
                                v1::ImportProfile*) override;
  grpc::Status SaveImportProfile(grpc::ServerContext*, const v1::ImportProfile*,
                                 v1::ImportProfile*) override;
  grpc::Status DeleteImportProfile(grpc::ServerContext*, const v1::DeleteImportProfileRequest*,
                                   v1::DeleteImportProfileResponse*) override;
  // article_mapping_rpcs.cc: "taux par défaut appliqué" mapped from the grid in one step.
  grpc::Status MapUnmappedArticle(grpc::ServerContext*, const v1::MapUnmappedArticleRequest*,
                                  v1::MapUnmappedArticleResponse*) override;

 private:
  absl::Status CheckFormatActivated(const std::string& tenant_id, const std::string& format);
  absl::StatusOr<ArticleMapping> ResolveArticles(const std::string& tenant_id,
                                                 const std::vector<std::string>& codes);
  // upload_rpcs.cc: parses `content` (the file of `request`, whose own content is ignored) in
  // segments of whole orders and stores them by COPY in one transaction (storage/batch_writer.h,
  // domain/fnac_segments.h), under the concurrent-upload limit and the parse budgets.
  absl::Status StageUpload(grpc::ServerContext* context, const auth::Principal& principal,
                           const v1::UploadFileRequest& request, std::string_view content,
                           v1::UploadFileResponse* response);
  // profile_rpcs.cc: the uploaded file parsed by its format: the FNAC export, or the tenant's
  // profile "profil:<name>" (FailedPrecondition, French, when the tenant has no such profile;
  // Unimplemented for any other format). `content` is the file (the request's own content, or
  // the chunks of a streamed upload).
  absl::StatusOr<domain::ParsedExport> ParseUpload(const std::string& tenant_id,
                                                   const v1::UploadFileRequest& request,
                                                   std::string_view content,
                                                   const domain::XlsxLimits& limits);
  // dry_run_numbers.cc: the block of numbers a dry run's documents would take in
  // response.series_code(), from the tenant's series (invoicing-state's GetTenant).
  absl::Status FillDryRunNumbers(const std::string& tenant_id,
                                 v1::GenerateInvoicesResponse& response);
  absl::StatusOr<v1::ImportPreferences> EffectivePreferences(const std::string& tenant_id,
                                                             const v1::UploadFileRequest& request);
  // grid_rpcs.cc: an article of the catalog (InvalidArgument, French, when unknown), and
  // correspondences external code -> article recorded in catalog-mapping (connector "fnac") with
  // the caller's token (the operator's act).
  absl::StatusOr<catalog::v1::Article> CatalogArticle(const std::string& tenant_id,
                                                      const std::string& code);
  absl::StatusOr<int> CreateCorrespondences(const std::string& caller_token,
                                            const std::vector<std::string>& external_codes,
                                            const std::string& article_code);

  runtime::Runtime& runtime_;
  ImporterSettings settings_;
  std::atomic<int> uploads_in_flight_{0};
  std::unique_ptr<invoicing::v1::TenantService::Stub> tenants_;
  // CancelBatches (cancel_batches.cc): invoicing-state's CancelBatchInvoices.
  std::unique_ptr<invoicing::v1::InvoiceService::Stub> invoices_;
  std::unique_ptr<catalog::v1::CatalogService::Stub> catalog_;
};

}  // namespace factflow::importer
