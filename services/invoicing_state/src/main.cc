// invoicing-state: tenants, gapless numbering, invoices and their send states.
#include "config/env.h"
#include "grpc/call.h"
#include "grpc/invoice_service.h"
#include "grpc/tenant_service.h"
#include "kafka/archive_handler.h"
#include "kafka/chorus_status_handler.h"
#include "kafka/generation_handler.h"
#include "operations/action_runner.h"
#include "runtime/runtime.h"
#include "spdlog/spdlog.h"

namespace factflow::db {
std::vector<Migration> invoicing_state_lib_migrations();
}

int main() {
  using namespace factflow;
  constexpr char kService[] = "invoicing-state";
  config::Env env;
  config::ServiceConfig config = config::ReadServiceConfig(env, kService);
  std::string importer_address = env.Required("FACTFLOW_IMPORTER_ADDRESS");
  // Invoices per chunk of an action operation (each chunk is one transaction).
  int chunk_size = static_cast<int>(env.Integer(
      "FACTFLOW_ACTION_CHUNK_SIZE", invoicing::ActionRunner::kDefaultChunkSize, 1, 100000));
  if (absl::Status s = env.Finish(); !s.ok()) config::ExitOnConfigError(kService, s);

  runtime::Runtime runtime(config);
  if (absl::Status s = runtime.Connect(db::invoicing_state_lib_migrations()); !s.ok()) {
    spdlog::critical("cannot start: {}", s.ToString());
    return 1;
  }
  invoicing::TenantServiceImpl tenants(runtime);
  invoicing::ActionRunner runner(runtime, chunk_size);
  runtime.AddWorker([&] { runner.Start(); }, [&] { runner.Stop(); });
  invoicing::InvoiceServiceImpl invoices(runtime, runner);
  runtime.server().AddService(&tenants);
  runtime.server().AddService(&invoices);

  invoicing::GenerationHandler generations(runtime, grpcutil::MakeChannel(importer_address));
  invoicing::ArchiveHandler archives(runtime);
  runtime.AddConsumer(invoicing::GenerationHandler::kConsumer, {"factflow.importer.v1"},
                      [&](const auto& envelope) { return generations.Handle(envelope); });
  runtime.AddConsumer(invoicing::ArchiveHandler::kConsumer, {"factflow.dispatch.v1"},
                      [&](const auto& envelope) { return archives.Handle(envelope); });
  invoicing::ChorusStatusHandler chorus_statuses(runtime);
  runtime.AddConsumer(invoicing::ChorusStatusHandler::kConsumer, {"factflow.dispatch.v1"},
                      [&](const auto& envelope) { return chorus_statuses.Handle(envelope); });
  return runtime.Run();
}
