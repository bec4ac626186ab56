// factflowctl ereporting export --period AAAA-MM: the e-reporting data of a month (RPC
// InvoiceService.ExportEReporting): daily totals of the sales to consumers and to businesses
// abroad per transaction category and VAT rate, and the payments of services. -o json|yaml
// gives the report itself (format factflow-ereporting/1, README "E-reporting"), for filing.

#include <fmt/core.h>

#include <memory>

#include "commands/commands.h"
#include "format.h"
#include "progress.h"

namespace factflow::cli {
namespace {

using invoicing::v1::EReportingReport;
using invoicing::v1::ExportEReportingRequest;
using invoicing::v1::InvoiceService;

struct ExportOptions {
  std::string period;
  bool json = false;
};

void PrintReport(const EReportingReport& report) {
  fmt::print("E-reporting {} (SIREN {}) : {} ; {} vendue(s) à des professionnels français "
             "(e-facturée(s)) non déclarée(s)\n",
             report.period(), report.seller_siren(),
             Count(report.reported_documents(), "document déclaré", "documents déclarés"),
             GroupThousands(report.excluded_documents()));
  Table transactions({{"Date"},
                      {"Catégorie"},
                      {"TVA"},
                      {"Taux", Table::Align::kRight},
                      {"Opérations", Table::Align::kRight},
                      {"Base HT", Table::Align::kRight},
                      {"Montant TVA", Table::Align::kRight}});
  for (const auto& t : report.transactions()) {
    transactions.AddRow({FormatIsoDate(t.date()), t.transaction_category(), t.vat_category(),
                         FormatRate(t.vat_rate()), GroupThousands(t.operations()),
                         FormatAmount(t.taxable_base()), FormatAmount(t.vat_amount())});
  }
  fmt::print("Transactions (totaux journaliers) :\n{}", transactions.Render());
  if (report.payments_size() > 0) {
    Table payments(
        {{"Date"}, {"Taux", Table::Align::kRight}, {"Encaissé TTC", Table::Align::kRight}});
    for (const auto& p : report.payments()) {
      payments.AddRow(
          {FormatIsoDate(p.date()), FormatRate(p.vat_rate()), FormatAmount(p.amount())});
    }
    fmt::print("Paiements des prestations de services :\n{}", payments.Render());
  }
  fmt::print("Total : base HT {}, TVA {}\n", FormatAmount(report.total_taxable_base()),
             FormatAmount(report.total_vat()));
}

absl::Status RunExport(Client& client, const ExportOptions& options) {
  ExportEReportingRequest request;
  request.set_period(options.period);
  EReportingReport report;
  absl::Status status = client.Call(&InvoiceService::Stub::ExportEReporting, request, &report);
  if (!status.ok()) return status;
  if (options.json) {
    PrintJson(report);
  } else {
    PrintReport(report);
  }
  return absl::OkStatus();
}

}  // namespace

void AddEReportingCommands(CLI::App& app, Session& session) {
  CLI::App* ereporting = app.add_subcommand(
      "ereporting", "E-reporting (réforme 2027) : ventes aux particuliers et à l'international");
  ereporting->require_subcommand(1);
  auto o = std::make_shared<ExportOptions>();
  CLI::App* export_cmd = ereporting->add_subcommand(
      "export", "Données de transactions et de paiements d'un mois (flux 10.3 et 10.4)");
  export_cmd->add_option("--period", o->period, "Mois déclaré, AAAA-MM (ex. 2026-11)")
      ->required();
  AddJsonFlag(export_cmd, &o->json);
  session.OnRun(export_cmd, [&session, o] { return RunExport(session.client(), *o); });
}

}  // namespace factflow::cli
