#pragma once

// factflow.dispatch.v1.DispatchService: reads of the archive and the exchange log. The Chorus
// Pro export and the ZIP retrieval answer UNIMPLEMENTED until they are built.

#include "factflow/dispatch/v1/dispatch.grpc.pb.h"
#include "runtime/runtime.h"

namespace factflow::dispatch {

class DispatchServiceImpl final : public v1::DispatchService::Service {
 public:
  explicit DispatchServiceImpl(runtime::Runtime& runtime) : runtime_(runtime) {}

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

 private:
  runtime::Runtime& runtime_;
};

}  // namespace factflow::dispatch
