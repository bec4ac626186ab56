// factflowctl invoices, invoice show, action, numbering check: the invoice processing screen.

#include "commands/invoices.h"

#include <fmt/core.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "commands/commands.h"
#include "commands/criteria.h"
#include "commands/imports.h"
#include "commands/operations.h"
#include "format.h"
#include "output.h"
#include "money/decimal.h"
#include "parse.h"

namespace factflow::cli {
namespace {

using invoicing::v1::ApplyActionResponse;
using invoicing::v1::Invoice;
using invoicing::v1::InvoiceAction;
using invoicing::v1::InvoiceService;
using invoicing::v1::SelectionCriteria;

constexpr size_t kClientWidth = 32;

// "EN_ATTENTE" (as the audit trail stores states) -> "En attente"; other text unchanged.
std::string FrenchStateName(const std::string& name) {
  if (name.empty()) return "";
  absl::StatusOr<invoicing::v1::SendState> state = ParseSendState(name);
  return state.ok() ? FrenchSendState(*state) : name;
}

// Batch (by number or id) and invoices (by number or id) of a selection.
absl::StatusOr<SelectionCriteria> Selection(Client& client, const std::string& batch,
                                            const std::vector<std::string>& invoices) {
  SelectionCriteria criteria;
  if (!batch.empty()) {
    absl::StatusOr<importer::v1::Batch> resolved = ResolveBatch(client, batch);
    if (!resolved.ok()) return resolved.status();
    criteria.set_batch_id(resolved->batch_id());
  }
  for (const std::string& ref : invoices) {
    absl::StatusOr<std::string> id = ResolveInvoiceId(client, ref);
    if (!id.ok()) return id.status();
    criteria.add_invoice_ids(*id);
  }
  return criteria;
}

// ---- invoices --------------------------------------------------------------------------------

struct ListOptions {
  CriteriaOptions criteria;
  bool json = false;
};

std::string WhoWhen(const std::string& who, const google::protobuf::Timestamp& when) {
  std::string at = FormatTimestamp(when, absl::LocalTimeZone());
  if (who.empty()) return at;
  return at.empty() ? who : absl::StrCat(at, " par ", who);
}

std::string InvoiceTable(const invoicing::v1::ListInvoicesResponse& invoices) {
  const bool wide = CurrentOutputFormat() == OutputFormat::kWide;
  std::vector<Table::Column> columns = {{"Numéro"},
                                        {"Date"},
                                        {"Client"},
                                        {"Total TTC", Table::Align::kRight},
                                        {"État"},
                                        {"Archivé"},
                                        {"SHA-256 PDF"}};
  if (wide) {
    columns.insert(columns.end(),
                   {{"Lot", Table::Align::kRight}, {"Créée par"}, {"Imprimée"}, {"Dématérialisée"}});
  }
  Table table(columns);
  for (const Invoice& invoice : invoices.invoices()) {
    std::vector<std::string> row = {
        invoice.number(), FormatIsoDate(invoice.issue_date()),
        Truncate(invoice.buyer().name(), kClientWidth), FormatAmount(invoice.total_with_vat()),
        FrenchSendState(invoice.send_state()), YesNo(invoice.archived()),
        ShortHash(invoice.pdf_sha256())};
    if (wide) {
      row.insert(row.end(),
                 {invoice.batch_number() > 0 ? absl::StrCat(invoice.batch_number()) : "",
                  invoice.created_by(), WhoWhen(invoice.printed_by(), invoice.printed_at()),
                  YesNo(invoice.dematerialised())});
    }
    table.AddRow(row);
  }
  return table.Render();
}

absl::Status RunList(Client& client, const ListOptions& options) {
  absl::StatusOr<SelectionCriteria> criteria = BuildCriteria(client, options.criteria);
  if (!criteria.ok()) return criteria.status();
  if (criteria->states().empty()) {
    for (auto state : AllSendStates()) criteria->add_states(state);
  }
  absl::StatusOr<invoicing::v1::ListInvoicesResponse> invoices = ListAllInvoices(client, *criteria);
  if (!invoices.ok()) return invoices.status();
  if (options.json) {
    PrintJson(*invoices);
  } else if (invoices->invoices().empty()) {
    fmt::print("Aucune facture ne correspond à cette sélection.\n");
  } else {
    fmt::print("{}{}, total TTC {}\n", InvoiceTable(*invoices),
               Count(invoices->invoices_size(), "facture", "factures"),
               FormatAmount(TotalWithVat(*invoices)));
  }
  return absl::OkStatus();
}

void AddListCommand(CLI::App& app, Session& session) {
  auto o = std::make_shared<ListOptions>();
  CLI::App* cmd = app.add_subcommand(
      "invoices", "Liste les factures (sélection ; sans --state : tous les états)");
  AddCriteriaOptions(cmd, &o->criteria);
  AddJsonFlag(cmd, &o->json);
  session.OnRun(cmd, [&session, o] { return RunList(session.client(), *o); });
}

// ---- invoice show ----------------------------------------------------------------------------

std::string PartyLine(const invoicing::v1::Party& party) {
  std::vector<std::string> parts = {party.name()};
  if (!party.legal_form().empty()) parts.push_back(party.legal_form());
  std::string address = FormatAddress(party.address());
  if (!address.empty()) parts.push_back(address);
  if (!party.siret().empty())
    parts.push_back("SIRET " + party.siret());
  else if (!party.siren().empty())
    parts.push_back("SIREN " + party.siren());
  if (!party.vat_number().empty()) parts.push_back("TVA " + party.vat_number());
  std::string out;
  for (const std::string& part : parts) {
    if (part.empty()) continue;
    out += out.empty() ? part : " — " + part;
  }
  return out;
}

std::string InvoiceHeader(const Invoice& invoice) {
  return FormatFields({
      {"Numéro", invoice.number()},
      {"Type", invoice.type_code() == "381" ? "avoir" : "facture"},
      {"Identifiant", invoice.invoice_id()},
      {"État", FrenchSendState(invoice.send_state())},
      {"Date d'émission", FormatIsoDate(invoice.issue_date())},
      {"Date de livraison", FormatIsoDate(invoice.delivery_date())},
      {"Échéance", FormatIsoDate(invoice.due_date())},
      {"Vendeur", PartyLine(invoice.seller())},
      {"Client", PartyLine(invoice.buyer())},
      {"Lot", invoice.batch_number() > 0 ? absl::StrCat("n° ", invoice.batch_number()) : ""},
      {"Commande d'origine", invoice.source_external_id()},
      {"Référence acheteur", invoice.buyer_reference()},
      {"Bon de commande", invoice.purchase_order_reference()},
      {"Code client", invoice.chorus().customer_code()},
      {"N° d'engagement", invoice.chorus().commitment_number()},
      {"Chorus Pro", invoice.chorus().export_to_chorus() ? "oui" : ""},
      {"Livraison", invoice.chorus().has_delivery() ? PartyLine(invoice.chorus().delivery()) : ""},
      {"Créée", WhoWhen(invoice.created_by(), invoice.created_at())},
      {"Imprimée", WhoWhen(invoice.printed_by(), invoice.printed_at())},
      {"Envoyée", WhoWhen(invoice.sent_by(), invoice.sent_at())},
      {"Archivée", YesNo(invoice.archived())},
      {"Dématérialisée", YesNo(invoice.dematerialised())},
      {"SHA-256 du PDF", invoice.pdf_sha256()},
      {"SHA-256 du XML", invoice.xml_sha256()},
      {"Fichier e-facture", invoice.einvoice_path()},
  });
}

std::string LinesTable(const Invoice& invoice) {
  Table table({{"N°", Table::Align::kRight},
               {"Article"},
               {"Libellé"},
               {"Qté", Table::Align::kRight},
               {"PU HT", Table::Align::kRight},
               {"TVA", Table::Align::kRight},
               {"Montant HT", Table::Align::kRight}});
  for (const auto& line : invoice.lines()) {
    table.AddRow({absl::StrCat(line.line_number()), line.article_code(), Truncate(line.label(), 40),
                  FormatDecimal(line.quantity()), FormatAmount(line.unit_net_price()),
                  FormatRate(line.vat_rate()), FormatAmount(line.net_amount())});
  }
  return table.Render();
}

std::string VatTable(const Invoice& invoice) {
  Table table({{"Catégorie"},
               {"Taux", Table::Align::kRight},
               {"Base HT", Table::Align::kRight},
               {"TVA", Table::Align::kRight},
               {"Exonération"}});
  for (const auto& vat : invoice.vat_breakdown()) {
    table.AddRow({vat.vat_category(), FormatRate(vat.vat_rate()), FormatAmount(vat.basis()),
                  FormatAmount(vat.vat_amount()), vat.exemption_reason()});
  }
  return table.Render();
}

std::string TotalsAndPayment(const Invoice& invoice) {
  return FormatFields({
      {"Total HT", FormatAmount(invoice.total_net())},
      {"Total TVA", FormatAmount(invoice.total_vat())},
      {"Total TTC", FormatAmount(invoice.total_with_vat())},
      {"Net à payer", FormatAmount(invoice.amount_due())},
      {"Mode de paiement", invoice.payment_mode()},
      {"Conditions", invoice.payment_terms()},
      {"IBAN", invoice.payee_iban()},
      {"BIC", invoice.payee_bic()},
  });
}

std::string AuditTable(const invoicing::v1::GetAuditTrailResponse& audit) {
  Table table({{"Date"}, {"Opérateur"}, {"Action"}, {"De"}, {"Vers"}, {"Détail"}});
  for (const auto& entry : audit.entries()) {
    table.AddRow({FormatTimestamp(entry.at(), absl::LocalTimeZone()), entry.operator_id(),
                  FrenchAuditAction(entry.action()), FrenchStateName(entry.from_state()),
                  FrenchStateName(entry.to_state()), entry.detail()});
  }
  return table.Render();
}

absl::Status RunShow(Client& client, const std::string& ref, bool json) {
  absl::StatusOr<Invoice> invoice = GetInvoice(client, ref);
  if (!invoice.ok()) return invoice.status();
  if (json) {
    PrintJson(*invoice);
    return absl::OkStatus();
  }
  invoicing::v1::GetAuditTrailRequest request;
  request.set_invoice_id(invoice->invoice_id());
  invoicing::v1::GetAuditTrailResponse audit;
  absl::Status status = client.Call(&InvoiceService::Stub::GetAuditTrail, request, &audit);
  if (!status.ok()) return status;

  std::string out = InvoiceHeader(*invoice);
  out += "\nLignes :\n" + LinesTable(*invoice);
  out += "\nTVA par taux :\n" + VatTable(*invoice);
  out += "\n" + TotalsAndPayment(*invoice);
  for (const auto& note : invoice->notes()) out += "Mention : " + note.text() + "\n";
  out += "\nHistorique :\n" + AuditTable(audit);
  fmt::print("{}", out);
  return absl::OkStatus();
}

void AddShowCommand(CLI::App& app, Session& session) {
  struct ShowOptions {
    std::string ref;
    bool json = false;
  };
  auto o = std::make_shared<ShowOptions>();
  CLI::App* invoice = app.add_subcommand("invoice", "Une facture");
  invoice->require_subcommand(1);
  CLI::App* show = invoice->add_subcommand(
      "show", "Détail d'une facture : lignes, TVA, totaux, état et historique");
  show->add_option("INVOICE", o->ref, "Numéro (FA2026-000001) ou identifiant")->required();
  AddJsonFlag(show, &o->json);
  session.OnRun(show, [&session, o] { return RunShow(session.client(), o->ref, o->json); });
}

// ---- action ----------------------------------------------------------------------------------

struct ActionOptions {
  std::string action;
  std::string batch;
  std::vector<std::string> invoices;
  bool yes = false;
  std::string out;
  bool no_wait = false;
};

// Shows the warning and asks for "oui" on the terminal. Refuses (FailedPrecondition) without a
// terminal: an unattended run must say --yes explicitly.
absl::StatusOr<bool> ConfirmFinal(bool assume_yes) {
  fmt::print("{}\n", kFinalSendWarning);
  if (assume_yes) {
    fmt::print("Confirmé par --yes.\n");
    return true;
  }
  if (isatty(STDIN_FILENO) == 0) {
    return absl::FailedPreconditionError(
        "confirmation impossible sans terminal : relancez avec --yes pour confirmer l'envoi");
  }
  fmt::print("Tapez « oui » pour confirmer : ");
  std::fflush(stdout);
  std::string answer;
  if (!std::getline(std::cin, answer)) return false;
  return absl::AsciiStrToLower(absl::StripAsciiWhitespace(answer)) == "oui";
}

absl::Status WriteDocument(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  if (!out) return absl::PermissionDeniedError(absl::StrCat("impossible d'écrire ", path));
  fmt::print("Document écrit : {} ({})\n", path, FormatBytes(static_cast<int64_t>(content.size())));
  return absl::OkStatus();
}

absl::Status RunAction(Client& client, const ActionOptions& options) {
  absl::StatusOr<InvoiceAction> action = ParseAction(options.action);
  if (!action.ok()) ThrowUsageError("ACTION", std::string(action.status().message()));
  if (options.batch.empty() && options.invoices.empty()) {
    ThrowUsageError("--batch/--invoice", "choisissez les factures avec --batch ou --invoice");
  }
  absl::StatusOr<SelectionCriteria> criteria = Selection(client, options.batch, options.invoices);
  if (!criteria.ok()) return criteria.status();
  bool confirm_final = false;
  if (IsFinalAction(*action)) {
    absl::StatusOr<bool> confirmed = ConfirmFinal(options.yes);
    if (!confirmed.ok()) return confirmed.status();
    if (!*confirmed) {
      return absl::CancelledError("envoi abandonné : rien n'a été envoyé");
    }
    confirm_final = true;
  }
  absl::StatusOr<ApplyActionResponse> response =
      ApplyAction(client, *action, *criteria, confirm_final);
  if (!response.ok()) return response.status();
  if (!response->document().empty()) {
    std::string path =
        options.out.empty() ? absl::StrCat("factures-", options.action, ".pdf") : options.out;
    return WriteDocument(path, response->document());
  }
  if (options.no_wait) {
    fmt::print(
        "{} : {} ; suivi : {}\n", FrenchAction(*action),
        Count(response->operation().total(), "facture sélectionnée", "factures sélectionnées"),
        LookAgain(response->operation().operation_id()));
    return absl::OkStatus();
  }
  absl::StatusOr<invoicing::v1::Operation> done =
      WaitForOperation(client, response->operation(), FrenchAction(*action));
  if (!done.ok()) return done.status();
  fmt::print("{}", DescribeActionOutcome(*done));
  return absl::OkStatus();
}

void AddActionCommand(CLI::App& app, Session& session) {
  auto o = std::make_shared<ActionOptions>();
  CLI::App* cmd =
      app.add_subcommand("action",
                         "Traitement des factures : prepare, hold, keep-internal, put-back, send, "
                         "retrieve-chorus, print, preview, print-bills");
  cmd->add_option("ACTION", o->action,
                  "prepare (En attente → Prêt), hold (Prêt → En attente), keep-internal, "
                  "put-back, send (définitif), retrieve-chorus (définitif), print, preview, "
                  "print-bills")
      ->required();
  cmd->add_option("--batch", o->batch, "Numéro ou identifiant du lot");
  cmd->add_option("--invoice", o->invoices, "Numéro ou identifiant de facture, répétable");
  cmd->add_flag("-y,--yes", o->yes, "Confirme l'envoi définitif sans question");
  cmd->add_option("--out", o->out, "Fichier du document produit (impression, aperçu)");
  cmd->add_flag("--no-wait", o->no_wait,
                "Rend la main dès le lancement (suivi : factflowctl operations show ID)");
  session.OnRun(cmd, [&session, o] { return RunAction(session.client(), *o); });
}

// ---- numbering check -------------------------------------------------------------------------

absl::Status RunNumberingCheck(Client& client, const std::string& series, bool json) {
  invoicing::v1::CheckNumberingRequest request;
  request.set_series_code(series);
  invoicing::v1::CheckNumberingResponse response;
  absl::Status status = client.Call(&InvoiceService::Stub::CheckNumbering, request, &response);
  if (!status.ok()) return status;
  if (json) {
    PrintJson(response);
  } else {
    fmt::print("{}", FormatFields({
                         {"Série", response.series_code()},
                         {"Numéros attribués", absl::StrCat(response.count())},
                         {"Premier → dernier",
                          FormatNumberRange(response.first_number(), response.last_number())},
                         {"Prochain compteur", absl::StrCat(response.next_value())},
                         {"Chaîne continue", YesNo(response.contiguous())},
                         {"Anomalie", response.problem()},
                     }));
  }
  if (response.contiguous()) return absl::OkStatus();
  return absl::DataLossError(absl::StrCat("la numérotation de la série ", response.series_code(),
                                          " n'est pas continue : ", response.problem()));
}

void AddNumberingCommand(CLI::App& app, Session& session) {
  struct NumberingOptions {
    std::string series = "FA";
    bool json = false;
  };
  auto o = std::make_shared<NumberingOptions>();
  CLI::App* numbering = app.add_subcommand("numbering", "Numérotation des factures");
  numbering->require_subcommand(1);
  CLI::App* check = numbering->add_subcommand(
      "check", "Contrôle la continuité de la numérotation d'une série (code 1 si rupture)");
  check->add_option("--series", o->series, "Code de la série")->capture_default_str();
  AddJsonFlag(check, &o->json);
  session.OnRun(check,
                [&session, o] { return RunNumberingCheck(session.client(), o->series, o->json); });
}

}  // namespace

absl::StatusOr<invoicing::v1::ListInvoicesResponse> ListAllInvoices(
    Client& client, const SelectionCriteria& criteria) {
  invoicing::v1::ListInvoicesRequest request;
  *request.mutable_criteria() = criteria;
  invoicing::v1::ListInvoicesResponse all;
  absl::Status status = client.CallAllPages(&InvoiceService::Stub::ListInvoices, request, &all);
  if (!status.ok()) return status;
  return all;
}

absl::StatusOr<Invoice> GetInvoice(Client& client, const std::string& ref) {
  invoicing::v1::GetInvoiceRequest request;
  if (LooksLikeUuid(ref)) {
    request.set_invoice_id(ref);
  } else {
    request.set_number(ref);
  }
  Invoice invoice;
  absl::Status status = client.Call(&InvoiceService::Stub::GetInvoice, request, &invoice);
  if (!status.ok()) return status;
  return invoice;
}

absl::StatusOr<ApplyActionResponse> ApplyAction(Client& client, InvoiceAction action,
                                                const SelectionCriteria& criteria,
                                                bool confirm_final) {
  invoicing::v1::ApplyActionRequest request;
  request.set_action(action);
  *request.mutable_criteria() = criteria;
  request.set_confirm_final(confirm_final);
  ApplyActionResponse response;
  absl::Status status = client.Call(&InvoiceService::Stub::ApplyAction, request, &response);
  if (!status.ok()) return status;
  return response;
}

absl::StatusOr<std::string> ResolveInvoiceId(Client& client, const std::string& ref) {
  if (LooksLikeUuid(ref)) return ref;
  absl::StatusOr<Invoice> invoice = GetInvoice(client, ref);
  if (!invoice.ok()) return invoice.status();
  return invoice->invoice_id();
}

absl::StatusOr<invoicing::v1::Operation> ApplyActionAndWait(Client& client, InvoiceAction action,
                                                            const SelectionCriteria& criteria,
                                                            bool confirm_final) {
  absl::StatusOr<ApplyActionResponse> started =
      ApplyAction(client, action, criteria, confirm_final);
  if (!started.ok()) return started.status();
  return WaitForOperation(client, started->operation(), FrenchAction(action));
}

absl::StatusOr<invoicing::v1::SelectionSummary> SummarizeSelection(
    Client& client, const SelectionCriteria& criteria) {
  invoicing::v1::SelectionSummary summary;
  absl::Status status = client.Call(&InvoiceService::Stub::SummarizeSelection, criteria, &summary);
  if (!status.ok()) return status;
  return summary;
}

common::v1::Decimal TotalWithVat(const invoicing::v1::ListInvoicesResponse& invoices) {
  money::Decimal total;
  for (const Invoice& invoice : invoices.invoices()) {
    std::optional<money::Decimal> amount = money::Decimal::Parse(invoice.total_with_vat().value());
    if (amount) total += *amount;
  }
  common::v1::Decimal out;
  out.set_value(total.ToString(2));
  return out;
}

void AddInvoiceCommands(CLI::App& app, Session& session) {
  AddListCommand(app, session);
  AddShowCommand(app, session);
  AddActionCommand(app, session);
  AddNumberingCommand(app, session);
}

}  // namespace factflow::cli
