// importer: FNAC exports (and later CSV profiles) -> staged batches -> approved documents.
#include "config/env.h"
#include "grpc/call.h"
#include "grpc/importer_service.h"
#include "kafka/invoicing_events_handler.h"
#include "runtime/runtime.h"
#include "spdlog/spdlog.h"

namespace factflow::db {
std::vector<Migration> importer_lib_migrations();
}

int main() {
  using namespace factflow;
  constexpr char kService[] = "importer";
  config::Env env;
  config::ServiceConfig config = config::ReadServiceConfig(env, kService);
  std::string invoicing_address = env.Required("FACTFLOW_INVOICING_STATE_ADDRESS");
  std::string catalog_address = env.Required("FACTFLOW_CATALOG_MAPPING_ADDRESS");
  importer::ImporterSettings settings;
  settings.max_upload_bytes =
      env.Integer("FACTFLOW_MAX_UPLOAD_BYTES", settings.max_upload_bytes, 1024, 60 << 20);
  settings.max_concurrent_uploads = static_cast<int>(
      env.Integer("FACTFLOW_MAX_CONCURRENT_UPLOADS", settings.max_concurrent_uploads, 1, 64));
  settings.upload_limits.max_cpu_time = absl::Seconds(
      env.Integer("FACTFLOW_UPLOAD_MAX_CPU_SECONDS",
                  absl::ToInt64Seconds(settings.upload_limits.max_cpu_time), 1, 3600));
  if (absl::Status s = env.Finish(); !s.ok()) config::ExitOnConfigError(kService, s);

  runtime::Runtime runtime(config);
  if (absl::Status s = runtime.Connect(db::importer_lib_migrations()); !s.ok()) {
    spdlog::critical("cannot start: {}", s.ToString());
    return 1;
  }
  importer::ImporterServiceImpl service(runtime, settings, grpcutil::MakeChannel(invoicing_address),
                                        grpcutil::MakeChannel(catalog_address));
  runtime.server().AddService(&service);
  importer::InvoicingEventsHandler events(runtime);
  runtime.AddConsumer(importer::InvoicingEventsHandler::kConsumer, {"factflow.invoicing.v1"},
                      [&](const auto& envelope) { return events.Handle(envelope); });
  return runtime.Run();
}
