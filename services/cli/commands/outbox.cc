// factflowctl outbox list | republish | park --service S: the repair of a service's outbox
// (factflow.admin.v1.OutboxAdmin, role admin), when its relay cannot publish an event.

#include <fmt/core.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "commands/commands.h"
#include "commands/outbox.h"
#include "factflow/admin/v1/outbox_admin.grpc.pb.h"
#include "format.h"
#include "output.h"
#include "status/grpc_status.h"

namespace factflow::cli {
namespace {

using admin::v1::OutboxAdmin;
using admin::v1::OutboxEvent;

std::string FrenchEventState(admin::v1::OutboxEventState state) {
  switch (state) {
    case admin::v1::OUTBOX_EVENT_STATE_PENDING:
      return "en attente";
    case admin::v1::OUTBOX_EVENT_STATE_STUCK:
      return "bloqué";
    case admin::v1::OUTBOX_EVENT_STATE_PARKED:
      return "de côté";
    case admin::v1::OUTBOX_EVENT_STATE_PUBLISHED:
      return "publié";
    default:
      return "inconnu";
  }
}

// One OutboxAdmin call on `service` (the API every service serves; Client::Call picks the
// service from the stub type, which here does not say which).
template <typename Request, typename Response>
absl::Status CallAdmin(Client& client, Service service,
                       grpc::Status (OutboxAdmin::Stub::*method)(grpc::ClientContext*,
                                                                 const Request&, Response*),
                       const Request& request, Response* response) {
  FACTFLOW_ASSIGN_OR_RETURN(std::shared_ptr<grpc::Channel> channel, client.Channel(service));
  FACTFLOW_ASSIGN_OR_RETURN(std::string token, client.Token());
  OutboxAdmin::Stub stub(channel);
  std::unique_ptr<grpc::ClientContext> context =
      grpcutil::OutgoingContext(token, kDefaultCallTimeout);
  grpc::Status status = (stub.*method)(context.get(), request, response);
  if (status.error_code() == grpc::StatusCode::UNAVAILABLE) {
    return absl::UnavailableError(absl::StrCat("le service ", std::string(InfoOf(service).name),
                                               " ne répond pas (", status.error_message(), ")"));
  }
  return status::FromGrpc(status);
}

// "importer", "catalog-mapping"... -> the service; InvalidArgument listing the names otherwise.
absl::StatusOr<Service> ServiceNamed(const std::string& name) {
  std::vector<std::string> names;
  for (const ServiceInfo& info : AllServices()) {
    if (info.name == name) return info.service;
    names.emplace_back(info.name);
  }
  return absl::InvalidArgumentError(absl::StrCat("service inconnu « ", name,
                                                 " » pour --service : ",
                                                 absl::StrJoin(names, ", ")));
}

struct CommonOptions {
  std::string service;
};

void AddServiceOption(CLI::App* command, CommonOptions* options) {
  command
      ->add_option("--service", options->service,
                   "Le service dont la file d'envoi est visée : importer, catalog-mapping, "
                   "invoicing-state, chorus-dispatch")
      ->required();
}

// ---- outbox list -----------------------------------------------------------------------------

struct ListOptions : CommonOptions {
  bool stuck = false;
  bool parked = false;
  int limit = 100;
  int64_t after = 0;
  bool json = false;
};

std::string Reason(const OutboxEvent& event) {
  if (event.state() == admin::v1::OUTBOX_EVENT_STATE_PARKED) {
    return absl::StrCat(event.park_reason(), " (", event.parked_by(), ")");
  }
  return event.last_error();
}

absl::Status RunList(Client& client, const ListOptions& options) {
  FACTFLOW_ASSIGN_OR_RETURN(Service service, ServiceNamed(options.service));
  if (options.limit < 1 || options.limit > 1000) {
    return absl::InvalidArgumentError(
        absl::StrCat("--limit doit être entre 1 et 1000 (reçu : ", options.limit, ")"));
  }
  admin::v1::ListOutboxEventsRequest request;
  request.set_filter(options.stuck    ? admin::v1::OUTBOX_EVENT_FILTER_STUCK
                     : options.parked ? admin::v1::OUTBOX_EVENT_FILTER_PARKED
                                      : admin::v1::OUTBOX_EVENT_FILTER_UNPUBLISHED);
  request.mutable_page()->set_page_size(options.limit);
  if (options.after > 0) request.mutable_page()->set_page_token(absl::StrCat("k", options.after));
  admin::v1::ListOutboxEventsResponse response;
  FACTFLOW_RETURN_IF_ERROR(
      CallAdmin(client, service, &OutboxAdmin::Stub::ListOutboxEvents, request, &response));
  if (options.json) {
    PrintJson(response);
    return absl::OkStatus();
  }
  if (!response.relay_error().empty()) {
    fmt::print("Publication bloquée ({}) : {}\n", options.service, response.relay_error());
  } else {
    fmt::print("Publication : normale ({}).\n", options.service);
  }
  if (response.events().empty()) {
    fmt::print("Aucun événement à afficher.\n");
  } else {
    const bool wide = CurrentOutputFormat() == OutputFormat::kWide;
    const absl::TimeZone zone = absl::LocalTimeZone();
    std::vector<Table::Column> columns = {{"N°", Table::Align::kRight},
                                          {"Type"},
                                          {"Taille", Table::Align::kRight},
                                          {"Créé"},
                                          {"État"},
                                          {"Erreur ou motif"}};
    if (wide) columns.insert(columns.end(), {{"Événement"}, {"Sujet Kafka"}, {"Depuis"}});
    Table table(columns);
    for (const OutboxEvent& event : response.events()) {
      std::vector<std::string> row = {
          std::to_string(event.id()), event.event_type(), FormatBytes(event.size_bytes()),
          FormatTimestamp(event.created_at(), zone), FrenchEventState(event.state()),
          wide ? Reason(event) : Truncate(Reason(event), 70)};
      if (wide) {
        const auto& since = event.state() == admin::v1::OUTBOX_EVENT_STATE_PARKED
                                ? event.parked_at()
                                : event.last_error_at();
        row.insert(row.end(), {event.event_id(), event.topic(), FormatTimestamp(since, zone)});
      }
      table.AddRow(std::move(row));
    }
    fmt::print("{}", table.Render());
  }
  fmt::print("{} dont {}.\n",
             Count(response.unpublished_count(), "événement non publié",
                   "événements non publiés"),
             Count(response.parked_count(), "mis de côté", "mis de côté"));
  if (!response.next_page_token().empty()) {
    fmt::print("Suite : factflowctl outbox list --service {} --after {}\n", options.service,
               response.events().rbegin()->id());
  }
  return absl::OkStatus();
}

// ---- outbox republish ------------------------------------------------------------------------

struct RepublishOptions : CommonOptions {
  int64_t from = 0;
  int64_t to = 0;
  bool json = false;
};

absl::Status RunRepublish(Client& client, const RepublishOptions& options) {
  FACTFLOW_ASSIGN_OR_RETURN(Service service, ServiceNamed(options.service));
  admin::v1::RepublishOutboxEventsRequest request;
  request.set_from_id(options.from);
  request.set_to_id(options.to);
  admin::v1::RepublishOutboxEventsResponse response;
  FACTFLOW_RETURN_IF_ERROR(
      CallAdmin(client, service, &OutboxAdmin::Stub::RepublishOutboxEvents, request, &response));
  if (options.json) {
    PrintJson(response);
  } else {
    fmt::print("{} à publier de nouveau ({}) ; les consommateurs ignorent ceux déjà traités.\n",
               Count(response.marked(), "événement", "événements"), options.service);
  }
  return absl::OkStatus();
}

// ---- outbox park -----------------------------------------------------------------------------

struct ParkOptions : CommonOptions {
  int64_t id = 0;
  std::string reason;
  bool json = false;
};

absl::Status RunPark(Client& client, const ParkOptions& options) {
  FACTFLOW_ASSIGN_OR_RETURN(Service service, ServiceNamed(options.service));
  admin::v1::ParkOutboxEventRequest request;
  request.set_id(options.id);
  request.set_reason(options.reason);
  OutboxEvent event;
  FACTFLOW_RETURN_IF_ERROR(
      CallAdmin(client, service, &OutboxAdmin::Stub::ParkOutboxEvent, request, &event));
  if (options.json) {
    PrintJson(event);
  } else {
    fmt::print(
        "Événement n° {} ({}) mis de côté : les suivants sont publiés. Pour le publier plus "
        "tard : factflowctl outbox republish {} --service {}\n",
        event.id(), event.event_type(), event.id(), options.service);
  }
  return absl::OkStatus();
}

}  // namespace

void AddOutboxCommands(CLI::App& app, Session& session) {
  CLI::App* outbox = app.add_subcommand(
      "outbox",
      "File d'envoi des événements d'un service : voir ce qui bloque, republier, mettre de côté "
      "(rôle admin)");
  outbox->require_subcommand(1);

  auto list_options = std::make_shared<ListOptions>();
  CLI::App* list = outbox->add_subcommand(
      "list", "Les événements non publiés (bloqués, en attente, mis de côté) et leur erreur");
  AddServiceOption(list, list_options.get());
  list->add_flag("--stuck", list_options->stuck, "Seulement ceux que la publication refuse");
  list->add_flag("--parked", list_options->parked, "Seulement ceux mis de côté");
  list->add_option("--limit", list_options->limit, "Nombre d'événements affichés (1 à 1000)")
      ->default_val(100);
  list->add_option("--after", list_options->after, "Reprendre après ce numéro d'événement");
  AddJsonFlag(list, &list_options->json);
  session.OnRun(list,
                [&session, list_options] { return RunList(session.client(), *list_options); });

  auto republish_options = std::make_shared<RepublishOptions>();
  CLI::App* republish = outbox->add_subcommand(
      "republish",
      "Publier de nouveau un événement (ou les numéros ID à --to), mis de côté ou déjà publié");
  republish->add_option("ID", republish_options->from, "Numéro de l'événement")->required();
  republish->add_option("--to", republish_options->to, "Dernier numéro de l'intervalle");
  AddServiceOption(republish, republish_options.get());
  AddJsonFlag(republish, &republish_options->json);
  session.OnRun(republish, [&session, republish_options] {
    return RunRepublish(session.client(), *republish_options);
  });

  auto park_options = std::make_shared<ParkOptions>();
  CLI::App* park = outbox->add_subcommand(
      "park", "Mettre de côté un événement non publiable : les suivants sont publiés");
  park->add_option("ID", park_options->id, "Numéro de l'événement")->required();
  park->add_option("--reason", park_options->reason, "Pourquoi (obligatoire, conservé)")
      ->required();
  AddServiceOption(park, park_options.get());
  AddJsonFlag(park, &park_options->json);
  session.OnRun(park,
                [&session, park_options] { return RunPark(session.client(), *park_options); });
}

}  // namespace factflow::cli
