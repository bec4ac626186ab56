// factflowctl filters list | create | delete (saved filters, "filtre personnalisé"),
// connectors send | documents | mapping: the E-connecteur's send with its progress, the received
// documents (what invoicing-state reads) and the bulk correspondence list of a selection
// (catalog-mapping's ConnectorService).

#include <fmt/core.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "commands/commands.h"
#include "format.h"
#include "grpc/call.h"
#include "progress.h"
#include "status/grpc_status.h"

namespace factflow::cli {
namespace {

using catalog::v1::ConnectorService;

std::string TargetLabel(const std::string& target) {
  return target == "CUSTOMERS" ? "Clients" : "Articles";
}

absl::Status RunFilterList(Client& client, const std::string& target, bool json) {
  catalog::v1::ListSavedFiltersRequest request;
  request.set_target(target);
  catalog::v1::ListSavedFiltersResponse all;
  absl::Status status = client.Call(&ConnectorService::Stub::ListSavedFilters, request, &all);
  if (!status.ok()) return status;
  if (json) {
    PrintJson(all);
    return absl::OkStatus();
  }
  Table table({{"Nom"}, {"Cible"}, {"Description"}, {"Critères"}});
  for (const auto& f : all.filters()) {
    std::vector<std::string> criteria;
    if (!f.code_prefix().empty()) criteria.push_back("code " + f.code_prefix() + "…");
    if (!f.text_contains().empty()) criteria.push_back("contient « " + f.text_contains() + " »");
    if (f.families_size() > 0) {
      criteria.push_back("familles " + absl::StrJoin(f.families(), ", "));
    }
    if (f.only_available_for_export()) criteria.push_back("disponibles à l'export");
    if (!f.country_code().empty()) criteria.push_back("pays " + f.country_code());
    table.AddRow({f.name(), TargetLabel(f.target()), f.description(),
                  criteria.empty() ? std::string("tout") : absl::StrJoin(criteria, " ; ")});
  }
  fmt::print("{}{}\n", table.Render(), Count(all.filters_size(), "filtre", "filtres"));
  return absl::OkStatus();
}

void AddFilterCommands(CLI::App& app, Session& session) {
  CLI::App* filters = app.add_subcommand(
      "filters", "Filtres personnalisés d'articles ou de clients (envoi des connecteurs, "
                 "correspondances en masse)");
  filters->require_subcommand(1);

  struct ListOptions {
    std::string target;
    bool json = false;
  };
  auto l = std::make_shared<ListOptions>();
  CLI::App* list = filters->add_subcommand("list", "Liste des filtres personnalisés");
  list->add_option("--target", l->target, "ARTICLES ou CUSTOMERS (les deux par défaut)");
  AddJsonFlag(list, &l->json);
  session.OnRun(list, [&session, l] { return RunFilterList(session.client(), l->target, l->json); });

  auto f = std::make_shared<catalog::v1::SavedFilter>();
  auto create_json = std::make_shared<bool>(false);
  auto families = std::make_shared<std::vector<std::string>>();
  CLI::App* create =
      filters->add_subcommand("create", "Crée (ou remplace) un filtre personnalisé");
  create->add_option_function<std::string>(
      "NOM", [f](const std::string& v) { f->set_name(v); }, "Nom du filtre")->required();
  create->add_option_function<std::string>(
      "--target", [f](const std::string& v) { f->set_target(v); },
      "ARTICLES (filtre d'articles) ou CUSTOMERS (filtre de clients)")->required();
  create->add_option_function<std::string>(
      "--description", [f](const std::string& v) { f->set_description(v); }, "Description");
  create->add_option_function<std::string>(
      "--code-prefix", [f](const std::string& v) { f->set_code_prefix(v); },
      "Codes commençant par");
  create->add_option_function<std::string>(
      "--contains", [f](const std::string& v) { f->set_text_contains(v); },
      "Libellé (articles) ou nom (clients) contenant ce texte, sans tenir compte de la casse");
  create->add_option("--family", *families, "Famille (répétable : l'une des familles)");
  create->add_flag_function(
      "--export-only", [f](int64_t) { f->set_only_available_for_export(true); },
      "Articles disponibles à l'export seulement");
  create->add_option_function<std::string>(
      "--country", [f](const std::string& v) { f->set_country_code(v); },
      "Clients dont l'adresse de facturation est dans ce pays (code ISO, ex. FR)");
  AddJsonFlag(create, create_json.get());
  session.OnRun(create, [&session, f, families, create_json] {
    for (const std::string& family : *families) f->add_families(family);
    catalog::v1::SavedFilter saved;
    absl::Status status =
        session.client().Call(&ConnectorService::Stub::UpsertSavedFilter, *f, &saved);
    if (!status.ok()) return status;
    if (*create_json) {
      PrintJson(saved);
    } else {
      fmt::print("Filtre {} « {} » enregistré.\n", TargetLabel(saved.target()) == "Clients"
                                                       ? "de clients"
                                                       : "d'articles",
                 saved.name());
    }
    return absl::OkStatus();
  });

  auto d = std::make_shared<catalog::v1::DeleteSavedFilterRequest>();
  CLI::App* remove = filters->add_subcommand("delete", "Supprime un filtre personnalisé");
  remove->add_option_function<std::string>(
      "NOM", [d](const std::string& v) { d->set_name(v); }, "Nom du filtre")->required();
  remove->add_option_function<std::string>(
      "--target", [d](const std::string& v) { d->set_target(v); }, "ARTICLES ou CUSTOMERS")
      ->required();
  session.OnRun(remove, [&session, d] {
    catalog::v1::DeleteSavedFilterResponse response;
    absl::Status status =
        session.client().Call(&ConnectorService::Stub::DeleteSavedFilter, *d, &response);
    if (status.ok()) fmt::print("Filtre « {} » supprimé.\n", d->name());
    return status;
  });
}

// Runs the streamed Send; prints progress lines (a rewritten line on a terminal) and returns
// the report of the last message.
absl::Status RunSend(Client& client, const std::string& code, bool json) {
  auto channel = client.Channel(Service::kCatalogMapping);
  if (!channel.ok()) return channel.status();
  auto token = client.Token();
  if (!token.ok()) return token.status();
  ConnectorService::Stub stub(*channel);
  // No fixed deadline on the whole send: progress arrives after every chunk.
  auto context = grpcutil::OutgoingContext(*token, absl::Hours(24));
  catalog::v1::SendRequest request;
  request.set_connector_code(code);
  auto reader = stub.Send(context.get(), request);
  catalog::v1::SendProgress progress, last;
  const bool terminal = !json && StdoutIsTerminal();
  while (reader->Read(&progress)) {
    if (progress.has_report()) {
      last = progress;
      continue;
    }
    if (json) continue;
    const std::string line =
        absl::StrCat(progress.stage(), " : ", ProgressBar(progress.done(), progress.total()), " ",
                     GroupThousands(progress.done()), " / ", GroupThousands(progress.total()));
    if (terminal) {
      fmt::print("\r{}", line);
      std::fflush(stdout);
    } else {
      fmt::print("{}\n", line);
    }
  }
  if (terminal) fmt::print("\n");
  grpc::Status finished = reader->Finish();
  if (!finished.ok()) return status::FromGrpc(finished);
  const catalog::v1::SyncReport& report = last.report();
  if (json) {
    PrintJson(report);
    return absl::OkStatus();
  }
  fmt::print("Compte rendu n° {} — envoi : {}\n", report.id(), report.state());
  Table table({{"Fichier"}, {"Type"}, {"Identifiant"}, {"État"}, {"Message"}});
  for (const auto& e : report.entries()) {
    table.AddRow({e.file_name(), e.type(), e.identifier(), e.state(), Truncate(e.message(), 60)});
  }
  fmt::print("{}", table.Render());
  return report.state() == "En erreur"
             ? absl::UnavailableError("envoi en erreur : voir le compte rendu ci-dessus")
             : absl::OkStatus();
}

struct DocumentsOptions {
  std::string code;
  std::vector<std::string> ids;
  bool quarantined = false;
  bool json = false;
};

absl::Status RunDocuments(Client& client, const DocumentsOptions& o) {
  catalog::v1::GetReceivedDocumentsRequest request;
  request.set_connector_code(o.code);
  for (const std::string& id : o.ids) request.add_document_ids(id);
  request.set_include_quarantined(o.quarantined);
  catalog::v1::GetReceivedDocumentsResponse all;
  absl::Status status =
      client.CallAllPages(&ConnectorService::Stub::GetReceivedDocuments, request, &all);
  if (!status.ok()) return status;
  if (o.json) {
    PrintJson(all);
    return absl::OkStatus();
  }
  Table table({{"Document"}, {"Type"}, {"Date"}, {"Client"}, {"Total TTC"}, {"Paiement"},
               {"Lignes"}, {"État"}});
  for (const auto& d : all.documents()) {
    table.AddRow({d.document_id(), d.kind() == "DELIVERY_NOTE" ? "Bon de livraison" : "Commande",
                  d.document_date().iso(), d.customer_code(), FormatAmount(d.total_incl_vat()),
                  d.payment_mode(), std::to_string(d.lines_size()),
                  d.status() == "QUARANTINE" ? "En quarantaine" : "Intégré"});
  }
  fmt::print("{}{}\n", table.Render(), Count(all.documents_size(), "document", "documents"));
  if (all.not_found_size() > 0) {
    fmt::print("Jamais reçus : {}\n", absl::StrJoin(all.not_found(), ", "));
  }
  return absl::OkStatus();
}

struct MappingOptions {
  std::string code, selection = "AVAILABLE_FOR_EXPORT", filter;
  bool unmapped = false;
  bool json = false;
};

absl::Status RunMapping(Client& client, const MappingOptions& o) {
  catalog::v1::ListArticlesForMappingRequest request;
  request.set_connector_code(o.code);
  request.set_selection(o.filter.empty() ? o.selection : "FILTER");
  request.set_filter_name(o.filter);
  request.set_only_unmapped(o.unmapped);
  catalog::v1::ListArticlesForMappingResponse all;
  absl::Status status =
      client.CallAllPages(&ConnectorService::Stub::ListArticlesForMapping, request, &all);
  if (!status.ok()) return status;
  if (o.json) {
    PrintJson(all);
    return absl::OkStatus();
  }
  Table table({{"Article"}, {"Libellé"}, {"Famille"}, {"Code externe"}});
  for (const auto& m : all.articles()) {
    table.AddRow({m.article().code(), Truncate(m.article().label(), 40), m.article().family(),
                  m.external_codes_size() == 0 ? std::string("Sans correspondance")
                                               : absl::StrJoin(m.external_codes(), ", ")});
  }
  fmt::print("{}{}\nPour en associer plusieurs d'un coup : factflowctl correspondences set.\n",
             table.Render(), Count(all.articles_size(), "article", "articles"));
  return absl::OkStatus();
}

}  // namespace

void AddConnectorExchangeCommands(CLI::App& app, Session& session) {
  AddFilterCommands(app, session);
  CLI::App* connectors = app.get_subcommand("connectors");

  struct SendOptions {
    std::string code;
    bool json = false;
  };
  auto s = std::make_shared<SendOptions>();
  CLI::App* send = connectors->add_subcommand(
      "send", "Envoie les articles et les clients selon les paramètres d'envoi du connecteur");
  send->add_option("CODE", s->code, "Code du connecteur")->required();
  AddJsonFlag(send, &s->json);
  session.OnRun(send, [&session, s] { return RunSend(session.client(), s->code, s->json); });

  auto d = std::make_shared<DocumentsOptions>();
  CLI::App* documents = connectors->add_subcommand(
      "documents", "Documents reçus (commandes, bons de livraison) avec leurs lignes");
  documents->add_option("CODE", d->code, "Code du connecteur")->required();
  documents->add_option("--id", d->ids, "Identifiant de document (répétable)");
  documents->add_flag("--quarantine", d->quarantined, "Inclure les documents en quarantaine");
  AddJsonFlag(documents, &d->json);
  session.OnRun(documents, [&session, d] { return RunDocuments(session.client(), *d); });

  auto m = std::make_shared<MappingOptions>();
  CLI::App* mapping = connectors->add_subcommand(
      "mapping", "Articles d'une sélection avec leur code externe pour le connecteur "
                 "(correspondances en masse)");
  mapping->add_option("CODE", m->code, "Code du connecteur")->required();
  mapping->add_option("--selection", m->selection,
                      "AVAILABLE_FOR_EXPORT (disponibles à l'export) ou ALL")
      ->check(CLI::IsMember({"AVAILABLE_FOR_EXPORT", "ALL"}))
      ->capture_default_str();
  mapping->add_option("--filter", m->filter, "Filtre personnalisé d'articles (remplace --selection)");
  mapping->add_flag("--unmapped", m->unmapped, "Seulement les articles sans code externe");
  AddJsonFlag(mapping, &m->json);
  session.OnRun(mapping, [&session, m] { return RunMapping(session.client(), *m); });
}

}  // namespace factflow::cli
