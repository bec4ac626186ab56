// factflowctl operations list | show: the long-running operations of invoicing-state, and the
// waiting on them that `action`, `generate` and `job fnac` share.

#include "commands/operations.h"

#include <fmt/core.h>

#include "absl/strings/str_cat.h"
#include "commands/commands.h"
#include "format.h"
#include "output.h"
#include "progress.h"

namespace factflow::cli {
namespace {

using invoicing::v1::InvoiceService;
using invoicing::v1::Operation;

std::string FrenchOperationState(invoicing::v1::OperationState state) {
  switch (state) {
    case invoicing::v1::OPERATION_STATE_RUNNING:
      return "en cours";
    case invoicing::v1::OPERATION_STATE_SUCCEEDED:
      return "terminée";
    case invoicing::v1::OPERATION_STATE_FAILED:
      return "échouée";
    default:
      return "inconnu";
  }
}

std::string OperationTitle(const Operation& op) {
  if (op.kind() == "GENERATION") return "Génération des factures";
  return FrenchAction(op.action());
}

std::string RefusalLines(const Operation& op) {
  std::string out;
  for (const auto& group : op.refusals()) {
    absl::StrAppend(&out, "  ", GroupThousands(group.count()), " × ", group.reason(), "\n");
  }
  return out;
}

// ---- operations list -------------------------------------------------------------------------

struct ListOptions {
  bool running = false;
  bool json = false;
};

absl::Status RunList(Client& client, const ListOptions& options) {
  invoicing::v1::ListOperationsRequest request;
  request.set_running_only(options.running);
  request.mutable_page()->set_page_size(50);
  invoicing::v1::ListOperationsResponse response;
  absl::Status status = client.Call(&InvoiceService::Stub::ListOperations, request, &response);
  if (!status.ok()) return status;
  if (options.json) {
    PrintJson(response);
    return absl::OkStatus();
  }
  if (response.operations().empty()) {
    fmt::print("Aucune opération.\n");
    return absl::OkStatus();
  }
  // -o wide adds who started it, when it ended, what it is doing and why it failed.
  const bool wide = CurrentOutputFormat() == OutputFormat::kWide;
  std::vector<Table::Column> columns = {{"Opération"},
                                        {"Début"},
                                        {"Traitement"},
                                        {"État"},
                                        {"Faites", Table::Align::kRight},
                                        {"Refusées", Table::Align::kRight},
                                        {"Total", Table::Align::kRight}};
  if (wide) columns.insert(columns.end(), {{"Opérateur"}, {"Fin"}, {"Étape"}, {"Erreur"}});
  Table table(columns);
  const absl::TimeZone zone = absl::LocalTimeZone();
  for (const Operation& op : response.operations()) {
    std::vector<std::string> row = {
        op.operation_id(),         FormatTimestamp(op.created_at(), zone),
        OperationTitle(op),        FrenchOperationState(op.state()),
        GroupThousands(op.done()), GroupThousands(op.refused()),
        GroupThousands(op.total())};
    if (wide) {
      row.insert(row.end(), {op.operator_id(),
                             op.has_finished_at() ? FormatTimestamp(op.finished_at(), zone) : "—",
                             op.step(), op.error()});
    }
    table.AddRow(row);
  }
  fmt::print("{}", table.Render());
  if (!response.next_page_token().empty()) {
    fmt::print("Les 50 plus récentes sont affichées (factflowctl operations show ID).\n");
  }
  return absl::OkStatus();
}

// ---- operations show -------------------------------------------------------------------------

struct ShowOptions {
  std::string operation_id;
  bool refused = false;
  bool json = false;
};

absl::Status PrintRefusedItems(Client& client, const std::string& operation_id) {
  invoicing::v1::ListOperationItemsRequest request;
  request.set_operation_id(operation_id);
  request.set_outcome(invoicing::v1::ITEM_OUTCOME_REFUSED);
  request.mutable_page()->set_page_size(1000);
  Table table({{"Facture"}, {"Motif du refus"}});
  int64_t count = 0;
  do {
    invoicing::v1::ListOperationItemsResponse page;
    absl::Status status = client.Call(&InvoiceService::Stub::ListOperationItems, request, &page);
    if (!status.ok()) return status;
    for (const auto& item : page.items()) {
      table.AddRow({item.number().empty() ? item.invoice_id() : item.number(), item.reason()});
      ++count;
    }
    request.mutable_page()->set_page_token(page.next_page_token());
  } while (!request.page().page_token().empty());
  if (count == 0) {
    fmt::print("Aucune facture refusée.\n");
  } else {
    fmt::print("Factures refusées :\n{}", table.Render());
  }
  return absl::OkStatus();
}

absl::Status RunShow(Client& client, const ShowOptions& options) {
  absl::StatusOr<Operation> op = GetOperation(client, options.operation_id);
  if (!op.ok()) return op.status();
  if (options.json) {
    PrintJson(*op);
    return absl::OkStatus();
  }
  fmt::print("{}",
             FormatFields({
                 {"Opération", op->operation_id()},
                 {"Traitement", OperationTitle(*op)},
                 {"État", FrenchOperationState(op->state())},
                 {"Étape", op->step()},
                 {"Total", GroupThousands(op->total())},
                 {"Faites", GroupThousands(op->done())},
                 {"Refusées", GroupThousands(op->refused())},
                 {"Restantes",
                  GroupThousands(std::max<int64_t>(0, op->total() - op->done() - op->refused()))},
                 {"Opérateur", op->operator_id()},
                 {"Début", FormatTimestamp(op->created_at(), absl::LocalTimeZone())},
                 {"Dernier progrès", FormatTimestamp(op->updated_at(), absl::LocalTimeZone())},
                 {"Fin", FormatTimestamp(op->finished_at(), absl::LocalTimeZone())},
                 {"Erreur", op->error()},
             }));
  if (op->refused() > 0) fmt::print("Motifs des refus :\n{}", RefusalLines(*op));
  if (options.refused) return PrintRefusedItems(client, op->operation_id());
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Operation> GetOperation(Client& client, const std::string& operation_id) {
  invoicing::v1::GetOperationRequest request;
  request.set_operation_id(operation_id);
  Operation op;
  absl::Status status = client.Call(&InvoiceService::Stub::GetOperation, request, &op);
  if (!status.ok()) return status;
  return op;
}

std::string LookAgain(const std::string& operation_id) {
  return absl::StrCat("factflowctl operations show ", operation_id);
}

absl::StatusOr<Operation> WaitForOperation(Client& client, Operation operation,
                                           const std::string& what) {
  WaitOptions options{what, LookAgain(operation.operation_id()), absl::Milliseconds(300),
                      client.stall_timeout(), StdoutIsTerminal()};
  bool first = true;
  absl::Status status = WaitForProgress(
      [&]() -> absl::StatusOr<Progress> {
        if (!first) {
          absl::StatusOr<Operation> polled = GetOperation(client, operation.operation_id());
          if (!polled.ok()) return polled.status();
          operation = *std::move(polled);
        }
        first = false;
        if (operation.state() == invoicing::v1::OPERATION_STATE_FAILED) {
          return absl::AbortedError(absl::StrCat(what, " : ", operation.error(), " (détail : ",
                                                 LookAgain(operation.operation_id()), ")"));
        }
        return Progress{operation.done() + operation.refused(), operation.total(), operation.step(),
                        operation.state() != invoicing::v1::OPERATION_STATE_RUNNING};
      },
      options);
  if (!status.ok()) return status;
  return operation;
}

std::string DescribeActionOutcome(const Operation& op) {
  std::string out =
      absl::StrCat(FrenchAction(op.action()), " : ",
                   Count(op.total(), "facture sélectionnée", "factures sélectionnées"), ", ",
                   Count(op.done(), "modifiée", "modifiées"));
  if (op.refused() > 0) absl::StrAppend(&out, ", ", Count(op.refused(), "refusée", "refusées"));
  if (op.total() == 0 && !op.step().empty()) absl::StrAppend(&out, " (", op.step(), ")");
  absl::StrAppend(&out, "\n", RefusalLines(op));
  if (op.refused() > 0) {
    absl::StrAppend(&out, "Détail des refus : ", LookAgain(op.operation_id()), " --refused\n");
  }
  return out;
}

void AddOperationCommands(CLI::App& app, Session& session) {
  CLI::App* operations =
      app.add_subcommand("operations", "Traitements de masse en cours ou terminés (suivi)");
  operations->require_subcommand(1);

  auto list_options = std::make_shared<ListOptions>();
  CLI::App* list = operations->add_subcommand("list", "Les opérations, les plus récentes d'abord");
  list->add_flag("--running", list_options->running, "Seulement celles en cours");
  AddJsonFlag(list, &list_options->json);
  session.OnRun(list,
                [&session, list_options] { return RunList(session.client(), *list_options); });

  auto show_options = std::make_shared<ShowOptions>();
  CLI::App* show = operations->add_subcommand(
      "show", "Avancement d'une opération : faites, refusées (et pourquoi), restantes");
  show->add_option("ID", show_options->operation_id, "Identifiant de l'opération")->required();
  show->add_flag("--refused", show_options->refused, "Liste les factures refusées et le motif");
  AddJsonFlag(show, &show_options->json);
  session.OnRun(show,
                [&session, show_options] { return RunShow(session.client(), *show_options); });
  AddOperationWatchCommand(*operations, session);
}

}  // namespace factflow::cli
