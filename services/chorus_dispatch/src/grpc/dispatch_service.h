#pragma once

// factflow.dispatch.v1.DispatchService: reads of the archive and the exchange log, the Chorus
// Pro export (grpc/chorus_export_rpcs.cc), its deposit (grpc/chorus_deposit_rpcs.cc) and the
// ZIP of signed PDFs for a manual deposit (grpc/chorus_zip_rpcs.cc).

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "factflow/dispatch/v1/dispatch.grpc.pb.h"
#include "chorus/chorus_exporter.h"
#include "runtime/runtime.h"

namespace factflow::dispatch {

class DispatchServiceImpl final : public v1::DispatchService::Service {
 public:
  explicit DispatchServiceImpl(runtime::Runtime& runtime) : runtime_(runtime) {}

  // Renders and archives again a tenant's pending render failures (invoice ids); returns how
  // many were archived. Set once at start-up (SentInvoicesHandler::RetryInvoices); without it,
  // RetryRenderFailures answers FAILED_PRECONDITION.
  using RenderRetry = std::function<absl::StatusOr<int>(const std::string& tenant_id,
                                                        const std::vector<std::string>& ids)>;
  void SetRenderRetry(RenderRetry retry) { render_retry_ = std::move(retry); }

  grpc::Status ListArchivedObjects(grpc::ServerContext*, const v1::ListArchivedObjectsRequest*,
                                   v1::ListArchivedObjectsResponse*) override;
  grpc::Status GetArchivedObject(grpc::ServerContext*, const v1::GetArchivedObjectRequest*,
                                 v1::ArchivedObject*) override;
  grpc::Status ListExchanges(grpc::ServerContext*, const v1::ListExchangesRequest*,
                             v1::ListExchangesResponse*) override;
  grpc::Status PrepareChorusExport(grpc::ServerContext*, const v1::PrepareChorusExportRequest*,
                                   v1::PrepareChorusExportResponse*) override;
  grpc::Status FinishChorusExport(grpc::ServerContext*, const v1::FinishChorusExportRequest*,
                                  v1::FinishChorusExportResponse*) override;
  grpc::Status RetrieveChorusZip(grpc::ServerContext*, const v1::RetrieveChorusZipRequest*,
                                 v1::RetrieveChorusZipResponse*) override;
  grpc::Status ListChorusExportItems(grpc::ServerContext*, const v1::ListChorusExportItemsRequest*,
                                     v1::ListChorusExportItemsResponse*) override;
  grpc::Status SetChorusExportInclusion(grpc::ServerContext*,
                                        const v1::SetChorusExportInclusionRequest*,
                                        v1::SetChorusExportInclusionResponse*) override;
  grpc::Status GetChorusExport(grpc::ServerContext*, const v1::GetChorusExportRequest*,
                               v1::ChorusExport*) override;

  grpc::Status DepositChorusExport(grpc::ServerContext*, const v1::DepositChorusExportRequest*,
                                   v1::ListChorusDepositsResponse*) override;
  grpc::Status ListChorusDeposits(grpc::ServerContext*, const v1::ListChorusDepositsRequest*,
                                  v1::ListChorusDepositsResponse*) override;
  grpc::Status RetryChorusDeposit(grpc::ServerContext*, const v1::RetryChorusDepositRequest*,
                                  v1::ChorusDeposit*) override;

  // A depositor runs (PISTE configured): DepositChorusExport is accepted. Set before serving.
  void EnableChorusDeposits() { deposits_enabled_ = true; }

  // Runs the exports FinishChorusExport starts; without it FinishChorusExport answers
  // FAILED_PRECONDITION. Set before serving; not owned.
  void SetChorusExporter(chorus::ChorusExporter* exporter) { exporter_ = exporter; }
  // grpc/render_failure_rpcs.cc
  grpc::Status ListRenderFailures(grpc::ServerContext*, const v1::ListRenderFailuresRequest*,
                                  v1::ListRenderFailuresResponse*) override;
  grpc::Status RetryRenderFailures(grpc::ServerContext*, const v1::RetryRenderFailuresRequest*,
                                   v1::RetryRenderFailuresResponse*) override;

 private:
  runtime::Runtime& runtime_;
  chorus::ChorusExporter* exporter_ = nullptr;
  bool deposits_enabled_ = false;
  RenderRetry render_retry_;
};

}  // namespace factflow::dispatch
