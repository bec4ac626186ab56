#pragma once

// factflow.dispatch.v1.DispatchService: reads of the archive and the exchange log. The Chorus
// Pro export and the ZIP retrieval answer UNIMPLEMENTED until they are built.

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "factflow/dispatch/v1/dispatch.grpc.pb.h"
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
  // grpc/render_failure_rpcs.cc
  grpc::Status ListRenderFailures(grpc::ServerContext*, const v1::ListRenderFailuresRequest*,
                                  v1::ListRenderFailuresResponse*) override;
  grpc::Status RetryRenderFailures(grpc::ServerContext*, const v1::RetryRenderFailuresRequest*,
                                   v1::RetryRenderFailuresResponse*) override;

 private:
  runtime::Runtime& runtime_;
  RenderRetry render_retry_;
};

}  // namespace factflow::dispatch
