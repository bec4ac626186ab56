// factflowctl health: the standard gRPC health check (grpc.health.v1) of the four services.
// Used by operators and, with --quiet, by the stack scripts waiting for the services.

#include "commands/health.h"

#include <fmt/core.h>

#include <future>
#include <vector>

#include "absl/status/status.h"
#include "commands/commands.h"
#include "format.h"
#include "google/protobuf/struct.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace factflow::cli {
namespace {

using ::grpc::health::v1::Health;
using ::grpc::health::v1::HealthCheckRequest;
using ::grpc::health::v1::HealthCheckResponse;

constexpr absl::Duration kHealthTimeout = absl::Seconds(3);

struct HealthLine {
  std::string name;
  std::string address;
  HealthReport report;
};

int RunHealth(Client& client, bool quiet, bool json) {
  // Channels are created here, on this thread; the checks then run in parallel so an
  // unreachable host costs one timeout, not four.
  std::vector<std::future<HealthLine>> pending;
  for (const ServiceInfo& info : AllServices()) {
    HealthLine line{std::string(info.name), "", {}};
    absl::StatusOr<std::string> address = client.Address(info.service);
    absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = client.Channel(info.service);
    if (!address.ok() || !channel.ok()) {
      line.address = "-";
      line.report.state = fmt::format("INJOIGNABLE ({} non défini)", info.address_variable);
      std::promise<HealthLine> ready;
      ready.set_value(std::move(line));
      pending.push_back(ready.get_future());
      continue;
    }
    line.address = *address;
    pending.push_back(std::async(std::launch::async, [line = std::move(line), channel = *channel] {
      HealthLine checked = line;
      checked.report = CheckHealth(channel, kHealthTimeout);
      return checked;
    }));
  }
  Table table({{"service"}, {"adresse"}, {"état"}});
  // -o json|yaml: {"services": [{"service", "address", "state", "serving"}...]}.
  google::protobuf::Struct document;
  google::protobuf::ListValue& services =
      *(*document.mutable_fields())["services"].mutable_list_value();
  bool all_serving = true;
  for (auto& future : pending) {
    HealthLine line = future.get();
    all_serving = all_serving && line.report.serving;
    table.AddRow({line.name, line.address, line.report.state});
    auto& fields = *services.add_values()->mutable_struct_value()->mutable_fields();
    fields["service"].set_string_value(line.name);
    fields["address"].set_string_value(line.address);
    fields["state"].set_string_value(line.report.state);
    fields["serving"].set_bool_value(line.report.serving);
  }
  if (json) {
    PrintJson(document);
  } else if (!quiet) {
    fmt::print("{}", table.Render(/*header=*/false));
  }
  return all_serving ? kExitOk : kExitFailure;
}

}  // namespace

HealthReport CheckHealth(const std::shared_ptr<grpc::Channel>& channel, absl::Duration timeout) {
  Health::Stub stub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + absl::ToChronoMilliseconds(timeout));
  HealthCheckResponse response;
  grpc::Status status = stub.Check(&context, HealthCheckRequest(), &response);
  HealthReport report;
  if (status.ok()) {
    report.serving = response.status() == HealthCheckResponse::SERVING;
    report.state = HealthCheckResponse::ServingStatus_Name(response.status());
  } else if (status.error_code() == grpc::StatusCode::UNAVAILABLE ||
             status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED) {
    report.state = fmt::format("INJOIGNABLE ({})", status.error_message());
  } else {
    report.state =
        fmt::format("ERREUR {} ({})",
                    absl::StatusCodeToString(static_cast<absl::StatusCode>(status.error_code())),
                    status.error_message());
  }
  return report;
}

void AddHealthCommand(CLI::App& app, Session& session) {
  auto quiet = std::make_shared<bool>(false);
  auto json = std::make_shared<bool>(false);
  CLI::App* cmd = app.add_subcommand(
      "health", "État de santé des quatre services (code 0 seulement si tous sont SERVING)");
  cmd->add_flag("-q,--quiet", *quiet, "N'affiche rien (pour les scripts qui attendent la pile)");
  AddJsonFlag(cmd, json.get());
  session.OnRunWithExitCode(
      cmd, [&session, quiet, json] { return RunHealth(session.client(), *quiet, *json); });
}

}  // namespace factflow::cli
