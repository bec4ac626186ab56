// factflowctl invoice check NUMBER: the rule engine's verdict on one invoice (the verdict
// PREPARE and the send act on). Exit code 0 when it passes (warnings allowed), 1 when a blocking
// rule is broken, so scripts can test it.

#include <fmt/core.h>

#include <memory>

#include "commands/commands.h"
#include "parse.h"

namespace factflow::cli {
namespace {

using invoicing::v1::CheckInvoiceRequest;
using invoicing::v1::CheckInvoiceResponse;
using invoicing::v1::InvoiceService;

struct CheckOptions {
  std::string ref;
  bool chorus = false;
  bool json = false;
};

int RunCheck(Client& client, const CheckOptions& options) {
  CheckInvoiceRequest request;
  if (LooksLikeUuid(options.ref)) {
    request.set_invoice_id(options.ref);
  } else {
    request.set_number(options.ref);
  }
  request.set_for_chorus(options.chorus);
  CheckInvoiceResponse response;
  absl::Status status = client.Call(&InvoiceService::Stub::CheckInvoice, request, &response);
  if (!status.ok()) return ReportError(status);
  if (options.json) {
    PrintJson(response);
  } else {
    fmt::print("{}", FormatVerdict(response));
  }
  return response.passes() ? kExitOk : kExitFailure;
}

}  // namespace

std::string FormatVerdict(const CheckInvoiceResponse& response) {
  int blocking = 0;
  for (const auto& finding : response.findings()) blocking += finding.blocking() ? 1 : 0;
  int warnings = response.findings_size() - blocking;
  std::string out = fmt::format(
      "Facture {} : {} ({} règle(s) bloquante(s), {} avertissement(s) ; {} règles vérifiées)\n",
      response.number(), response.passes() ? "conforme" : "NON CONFORME", blocking, warnings,
      response.rules_checked());
  for (const auto& finding : response.findings()) {
    out += fmt::format("  [{}] {}, {} : {}", finding.rule_id(), finding.severity(),
                       finding.field(), finding.message());
    if (!finding.detail().empty()) out += fmt::format(" ({})", finding.detail());
    out += "\n";
  }
  if (!response.passes()) {
    out += "Cette facture ne peut être ni préparée ni envoyée tant que les règles bloquantes ne "
           "sont pas respectées.\n";
  }
  return out;
}

void AddInvoiceCheckCommand(CLI::App& app, Session& session) {
  auto o = std::make_shared<CheckOptions>();
  CLI::App* invoice = app.get_subcommand("invoice");
  CLI::App* check = invoice->add_subcommand(
      "check", "Vérifie une facture : règles EN 16931, françaises (BR-FR), Chorus Pro et factflow");
  check->add_option("INVOICE", o->ref, "Numéro (FA2026-000001) ou identifiant")->required();
  check->add_flag("--chorus", o->chorus, "Applique aussi les règles de dépôt Chorus Pro");
  AddJsonFlag(check, &o->json);
  session.OnRunWithExitCode(check, [&session, o] { return RunCheck(session.client(), *o); });
}

}  // namespace factflow::cli
