// factflowctl chorus export | items | include | exclude | run | show: the Chorus Pro export of
// chorus-dispatch (seed 003): candidates with their anomalies, include/exclude, ZIP lots and the
// export report.

#include <fmt/core.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "commands/commands.h"
#include "commands/invoices.h"
#include "format.h"
#include "parse.h"
#include "progress.h"

namespace factflow::cli {
namespace {

using dispatch::v1::ChorusCandidate;
using dispatch::v1::ChorusExport;
using dispatch::v1::DispatchService;

std::string FrenchExportState(dispatch::v1::ChorusExportState state) {
  switch (state) {
    case dispatch::v1::CHORUS_EXPORT_STATE_PREPARED:
      return "préparé (sélection modifiable)";
    case dispatch::v1::CHORUS_EXPORT_STATE_RUNNING:
      return "en cours";
    case dispatch::v1::CHORUS_EXPORT_STATE_SUCCEEDED:
      return "terminé";
    case dispatch::v1::CHORUS_EXPORT_STATE_FAILED:
      return "échoué";
    default:
      return "inconnu";
  }
}

std::string ItemStatus(const ChorusCandidate& item) {
  if (!item.chorus_status().empty()) return absl::StrCat("Chorus Pro : ", item.chorus_status());
  if (item.lot() > 0) return absl::StrCat("exporté (lot ", item.lot(), ")");
  if (!item.anomalies().empty()) return "barré (anomalies)";
  if (!item.left_out_reason().empty()) return "écarté";
  return item.included() ? "inclus" : "exclu";
}

void PrintItems(const std::vector<ChorusCandidate>& items, bool with_anomalies) {
  Table table({{"Numéro"},
               {"Type"},
               {"Date"},
               {"Client"},
               {"TTC", Table::Align::kRight},
               {"État"},
               {"Fichier"}});
  for (const ChorusCandidate& item : items) {
    table.AddRow({item.invoice_number(), item.type_code() == "381" ? "avoir" : "facture",
                  FormatIsoDate(item.issue_date()), item.customer_code(), item.total_with_vat(),
                  ItemStatus(item), item.file_name()});
  }
  fmt::print("{}", table.Render());
  if (!with_anomalies) return;
  for (const ChorusCandidate& item : items) {
    for (const std::string& anomaly : item.anomalies()) {
      fmt::print("  {} : {}\n", item.invoice_number(), anomaly);
    }
    if (item.anomalies().empty() && !item.left_out_reason().empty()) {
      fmt::print("  {} : {}\n", item.invoice_number(), item.left_out_reason());
    }
    if (!item.chorus_reason().empty()) {
      fmt::print("  {} : rejet Chorus Pro{} : {}\n", item.invoice_number(),
                 item.chorus_field().empty() ? "" : absl::StrCat(", champ ", item.chorus_field()),
                 item.chorus_reason());
    }
  }
}

std::string ExportSummary(const ChorusExport& e) {
  std::string out = FormatFields({
      {"Export", e.export_id()},
      {"État", FrenchExportState(e.state())},
      {"Format", e.syntax()},
      {"Candidats", GroupThousands(e.candidate_count())},
      {"Barrés (anomalies)", GroupThousands(e.struck_count())},
      {"Exportés", GroupThousands(e.exported_count())},
      {"Écartés", GroupThousands(e.left_out_count())},
      {"Dossier", e.folder()},
      {"Erreur", e.error()},
  });
  for (const auto& lot : e.lots()) {
    absl::StrAppend(&out, "  ", lot.file_name(), " : ", Count(lot.documents(), "document", "documents"),
                    ", ", FormatBytes(lot.size()), ", SHA-256 ", lot.sha256(), "\n");
  }
  if (e.state() == dispatch::v1::CHORUS_EXPORT_STATE_SUCCEEDED) {
    absl::StrAppend(&out, "Rapport : ", e.folder(), "/rapport.csv (fichiers, empreintes, motifs des "
                    "documents écartés).\n");
  }
  return out;
}

absl::StatusOr<ChorusExport> GetExport(Client& client, const std::string& export_id) {
  dispatch::v1::GetChorusExportRequest request;
  request.set_export_id(export_id);
  ChorusExport out;
  absl::Status status = client.Call(&DispatchService::Stub::GetChorusExport, request, &out);
  if (!status.ok()) return status;
  return out;
}

// Every page of the export's items (keyset pages of 1,000).
absl::StatusOr<std::vector<ChorusCandidate>> AllItems(Client& client, const std::string& export_id,
                                                      bool only_struck, bool only_left_out) {
  std::vector<ChorusCandidate> items;
  dispatch::v1::ListChorusExportItemsRequest request;
  request.set_export_id(export_id);
  request.set_page_size(1000);
  request.set_only_struck(only_struck);
  request.set_only_left_out(only_left_out);
  for (;;) {
    dispatch::v1::ListChorusExportItemsResponse page;
    absl::Status status =
        client.Call(&DispatchService::Stub::ListChorusExportItems, request, &page);
    if (!status.ok()) return status;
    items.insert(items.end(), page.items().begin(), page.items().end());
    if (page.next_page_token().empty()) return items;
    request.set_page_token(page.next_page_token());
  }
}

absl::Status SetInclusion(Client& client, const std::string& export_id,
                          const std::vector<std::string>& refs, bool all, bool include) {
  dispatch::v1::SetChorusExportInclusionRequest request;
  request.set_export_id(export_id);
  request.set_all(all);
  request.set_include(include);
  for (const std::string& ref : refs) {
    absl::StatusOr<std::string> id = ResolveInvoiceId(client, ref);
    if (!id.ok()) return id.status();
    request.add_invoice_ids(*id);
  }
  dispatch::v1::SetChorusExportInclusionResponse response;
  absl::Status status =
      client.Call(&DispatchService::Stub::SetChorusExportInclusion, request, &response);
  if (!status.ok()) return status;
  fmt::print("{} ; {} à exporter.\n",
             Count(response.changed(), include ? "document inclus" : "document exclu",
                   include ? "documents inclus" : "documents exclus"),
             GroupThousands(response.included_count()));
  if (response.refused() > 0) {
    fmt::print("{} : corrigez leurs anomalies (factflowctl chorus items {} --struck).\n",
               Count(response.refused(), "document barré reste exclu",
                     "documents barrés restent exclus"),
               export_id);
  }
  return absl::OkStatus();
}

// Finishes the export and waits on its progress.
absl::Status RunAndWait(Client& client, const std::string& export_id, const std::string& syntax,
                        bool json) {
  dispatch::v1::FinishChorusExportRequest request;
  request.set_export_id(export_id);
  request.set_syntax(syntax);
  dispatch::v1::FinishChorusExportResponse response;
  absl::Status status = client.Call(&DispatchService::Stub::FinishChorusExport, request, &response);
  if (!status.ok()) return status;
  ChorusExport current = response.chorus_export();
  std::string look_again = absl::StrCat("factflowctl chorus show ", export_id);
  WaitOptions options{"Export Chorus Pro", look_again, absl::Milliseconds(300),
                      client.stall_timeout(), !json && StdoutIsTerminal()};
  bool first = true;
  status = WaitForProgress(
      [&]() -> absl::StatusOr<Progress> {
        if (!first) {
          absl::StatusOr<ChorusExport> polled = GetExport(client, export_id);
          if (!polled.ok()) return polled.status();
          current = *std::move(polled);
        }
        first = false;
        if (current.state() == dispatch::v1::CHORUS_EXPORT_STATE_FAILED) {
          return absl::AbortedError(
              absl::StrCat("export Chorus Pro : ", current.error(), " (", look_again, ")"));
        }
        return Progress{current.done(), current.total(), current.step(),
                        current.state() != dispatch::v1::CHORUS_EXPORT_STATE_RUNNING};
      },
      options);
  if (!status.ok()) return status;
  if (json) {
    PrintJson(current);
  } else {
    fmt::print("{}", ExportSummary(current));
  }
  return absl::OkStatus();
}

struct ExportOptions {
  std::vector<std::string> customers;
  std::string from, to, syntax;
  bool again = false;
  std::vector<std::string> exclude;
  bool dry_run = false;
  bool json = false;
};

absl::Status RunExport(Client& client, const ExportOptions& o) {
  dispatch::v1::PrepareChorusExportRequest request;
  for (const std::string& c : o.customers) request.add_customer_codes(c);
  request.set_date_from(o.from);
  request.set_date_to(o.to);
  request.set_include_already_exported(o.again);
  dispatch::v1::PrepareChorusExportResponse prepared;
  absl::Status status =
      client.Call(&DispatchService::Stub::PrepareChorusExport, request, &prepared);
  if (!status.ok()) return status;
  const std::string& id = prepared.export_id();
  if (!o.json) {
    fmt::print("Export {} : {}, dont {} (anomalies qui feraient rejeter le dépôt).\n", id,
               Count(prepared.candidate_count(), "document candidat", "documents candidats"),
               Count(prepared.struck_count(), "barré", "barrés"));
    if (prepared.struck_count() > 0) {
      absl::StatusOr<std::vector<ChorusCandidate>> struck = AllItems(client, id, true, false);
      if (!struck.ok()) return struck.status();
      PrintItems(*struck, true);
    }
  }
  if (!o.exclude.empty()) {
    status = SetInclusion(client, id, o.exclude, false, false);
    if (!status.ok()) return status;
  }
  if (o.dry_run) {
    if (o.json) {
      PrintJson(prepared);
    } else {
      fmt::print("Rien n'est exporté (--dry-run) : factflowctl chorus items {} ; "
                 "chorus include|exclude {} … ; chorus run {}\n",
                 id, id, id);
    }
    return absl::OkStatus();
  }
  return RunAndWait(client, id, o.syntax, o.json);
}

}  // namespace

void AddChorusCommands(CLI::App& app, Session& session) {
  CLI::App* chorus = app.add_subcommand("chorus", "Export et dépôt des factures vers Chorus Pro");
  chorus->require_subcommand(1);
  AddChorusDepositCommands(*chorus, session);

  auto e = std::make_shared<ExportOptions>();
  CLI::App* exp = chorus->add_subcommand(
      "export",
      "Exporte pour Chorus Pro les factures et avoirs des clients Chorus (lots ZIP et rapport)");
  exp->add_option("--customer", e->customers, "Code client (répétable ; défaut : tous les "
                                              "clients Chorus)");
  exp->add_option("--from", e->from, "Début de la période (AAAA-MM-JJ)");
  exp->add_option("--to", e->to, "Fin de la période (AAAA-MM-JJ)");
  exp->add_flag("--again", e->again, "Exporter à nouveau les documents déjà exportés");
  exp->add_option("--syntax", e->syntax, "Format des fichiers : FACTURX (défaut) ou CII");
  exp->add_option("--exclude", e->exclude, "Numéro de document à exclure (répétable)");
  exp->add_flag("--dry-run", e->dry_run,
                "Prépare la sélection et montre les anomalies sans rien exporter");
  AddJsonFlag(exp, &e->json);
  session.OnRun(exp, [&session, e] { return RunExport(session.client(), *e); });

  struct ItemsOptions {
    std::string export_id;
    bool struck = false, left_out = false, json = false;
  };
  auto i = std::make_shared<ItemsOptions>();
  CLI::App* items = chorus->add_subcommand("items", "Documents candidats d'un export et leurs "
                                                    "anomalies");
  items->add_option("EXPORT", i->export_id, "Identifiant de l'export")->required();
  items->add_flag("--struck", i->struck, "Seulement les documents barrés (anomalies)");
  items->add_flag("--left-out", i->left_out, "Seulement les documents écartés");
  AddJsonFlag(items, &i->json);
  session.OnRun(items, [&session, i]() -> absl::Status {
    absl::StatusOr<std::vector<ChorusCandidate>> all =
        AllItems(session.client(), i->export_id, i->struck, i->left_out);
    if (!all.ok()) return all.status();
    if (i->json) {
      dispatch::v1::ListChorusExportItemsResponse response;
      for (auto& item : *all) *response.add_items() = std::move(item);
      PrintJson(response);
    } else {
      PrintItems(*all, true);
    }
    return absl::OkStatus();
  });

  for (bool include : {true, false}) {
    struct InclusionOptions {
      std::string export_id;
      std::vector<std::string> documents;
      bool all = false;
    };
    auto o = std::make_shared<InclusionOptions>();
    CLI::App* cmd = chorus->add_subcommand(
        include ? "include" : "exclude",
        include ? "Inclut des documents d'un export préparé (jamais un document barré)"
                : "Exclut des documents d'un export préparé");
    cmd->add_option("EXPORT", o->export_id, "Identifiant de l'export")->required();
    cmd->add_option("DOCUMENT", o->documents, "Numéros ou identifiants des documents");
    cmd->add_flag("--all", o->all, "Tous les documents de l'export");
    session.OnRun(cmd, [&session, o, include]() -> absl::Status {
      if (!o->all && o->documents.empty()) {
        ThrowUsageError("DOCUMENT", "nommez les documents, ou --all pour tous");
      }
      return SetInclusion(session.client(), o->export_id, o->documents, o->all, include);
    });
  }

  struct RunOptions {
    std::string export_id, syntax;
    bool json = false;
  };
  auto r = std::make_shared<RunOptions>();
  CLI::App* run = chorus->add_subcommand("run", "Lance un export préparé et suit sa progression");
  run->add_option("EXPORT", r->export_id, "Identifiant de l'export")->required();
  run->add_option("--syntax", r->syntax, "Format des fichiers : FACTURX (défaut) ou CII");
  AddJsonFlag(run, &r->json);
  session.OnRun(run, [&session, r] {
    return RunAndWait(session.client(), r->export_id, r->syntax, r->json);
  });

  auto s = std::make_shared<RunOptions>();
  CLI::App* show = chorus->add_subcommand("show", "État, lots et rapport d'un export");
  show->add_option("EXPORT", s->export_id, "Identifiant de l'export")->required();
  AddJsonFlag(show, &s->json);
  session.OnRun(show, [&session, s]() -> absl::Status {
    absl::StatusOr<ChorusExport> e = GetExport(session.client(), s->export_id);
    if (!e.ok()) return e.status();
    if (s->json) {
      PrintJson(*e);
    } else {
      fmt::print("{}", ExportSummary(*e));
    }
    return absl::OkStatus();
  });
}

}  // namespace factflow::cli
