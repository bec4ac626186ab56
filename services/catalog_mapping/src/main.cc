// factflow-catalog-mapping: articles, parties and external-code correspondences over gRPC,
// CorrespondencesChanged events through the outbox. Configuration: see config.h.

#include "config.h"
#include "grpc/catalog_service.h"
#include "grpc/connector_service.h"
#include "runtime/runtime.h"
#include "spdlog/spdlog.h"
#include "storage/catalog_repository.h"
#include "storage/connector_repository.h"
#include "storage/migrations.h"

int main() {
  using namespace factflow;
  config::Env env;
  config::ServiceConfig config = catalog_mapping::ReadConfig(env);
  if (absl::Status status = env.Finish(); !status.ok()) {
    config::ExitOnConfigError(catalog_mapping::kServiceName, status);
  }
  runtime::Runtime runtime(config);
  if (absl::Status status = runtime.Connect(db::catalog_mapping_lib_migrations()); !status.ok()) {
    spdlog::critical("cannot start: {}", status.ToString());
    return 1;
  }
  catalog_mapping::storage::CatalogRepository repository(runtime.pool(), config.service_name);
  catalog_mapping::grpcapi::CatalogService catalog(runtime.signer(), repository,
                                                   [&runtime] { runtime.relay().Wake(); });
  catalog_mapping::storage::ConnectorRepository connector_repository(runtime.pool());
  catalog_mapping::connectors::ConnectorFolders folders(catalog_mapping::ReadConnectorRoot(env));
  catalog_mapping::connectors::Reception reception(runtime.pool(), folders, config.service_name);
  catalog_mapping::grpcapi::ConnectorService connectors(runtime.signer(), connector_repository,
                                                        folders, reception,
                                                        [&runtime] { runtime.relay().Wake(); });
  runtime.server().AddService(&catalog);
  runtime.server().AddService(&connectors);
  return runtime.Run();
}
