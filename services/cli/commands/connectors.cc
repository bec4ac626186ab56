// factflowctl connectors list | show | create | update | test | pending | receive | reports:
// the E-connecteur (catalog-mapping's ConnectorService), as the seed's "Liste des connecteurs",
// "Paramétrage e-connecteur", "Réception" and "Compte rendu de synchronisation" screens.

#include <fmt/core.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "commands/commands.h"
#include "format.h"

namespace factflow::cli {
namespace {

using catalog::v1::Connector;
using catalog::v1::ConnectorService;

// Every setting, as options of create and update. Update reads the stored connector first and
// changes only the options given.
struct ConnectorOptions {
  std::string code;
  std::map<std::string, std::string> texts;  // option name -> value, only those given
  std::string contacts;                      // "oui" / "non" / ""
  bool json = false;
};

struct TextSetting {
  const char* option;
  const char* help;
  void (Connector::*set)(const std::string&);
};

const std::vector<TextSetting>& TextSettings() {
  static const std::vector<TextSetting> settings = {
      {"--link-type", "Type de liaison (ex. « Suivi ETA »)", &Connector::set_link_type},
      {"--mode", "Mode de communication : CSV_FOLDER ou WEBSERVICE",
       &Connector::set_communication_mode},
      {"--export-path", "Dossier d'export, sous la racine des connecteurs",
       &Connector::set_export_path},
      {"--import-path", "Dossier d'import, sous la racine des connecteurs",
       &Connector::set_import_path},
      {"--url", "Adresse du service web (http:// ou https://)", &Connector::set_webservice_url},
      {"--key", "Clé du service web (jamais réaffichée)", &Connector::set_webservice_key},
      {"--send-articles", "Articles envoyés : AVAILABLE_FOR_EXPORT, FILTER ou NONE",
       &Connector::set_send_articles},
      {"--articles-filter", "Filtre personnalisé d'articles", &Connector::set_send_articles_filter},
      {"--tariff-category", "Catégorie tarifaire envoyée", &Connector::set_send_tariff_category},
      {"--unit", "Unité envoyée", &Connector::set_send_unit},
      {"--send-depot", "Dépôt des articles envoyés", &Connector::set_send_depot},
      {"--send-customers", "Clients envoyés : ALL, FILTER ou NONE", &Connector::set_send_customers},
      {"--customers-filter", "Filtre personnalisé de clients",
       &Connector::set_send_customers_filter},
      {"--document-type", "Documents générés à la réception : ORDER ou DELIVERY_NOTE",
       &Connector::set_reception_document_type},
      {"--company", "Société de réception", &Connector::set_reception_company},
      {"--site", "Site de réception", &Connector::set_reception_site},
      {"--depot", "Dépôt de réception", &Connector::set_reception_depot},
      {"--customer-family", "Famille des clients créés à la réception",
       &Connector::set_reception_customer_family},
      {"--supplier-family", "Famille des fournisseurs créés à la réception",
       &Connector::set_reception_supplier_family},
      {"--reception-mode", "Mode de réception : MANUAL ou AT_STARTUP",
       &Connector::set_reception_mode},
  };
  return settings;
}

std::string DocumentTypeLabel(const std::string& type) {
  return type == "DELIVERY_NOTE" ? "Bons de livraison" : "Commandes";
}

std::string Describe(const Connector& c) {
  return FormatFields({
      {"Code", c.code()},
      {"Type de liaison", c.link_type()},
      {"Mode", c.communication_mode() == "WEBSERVICE" ? "Service web" : "Fichiers CSV"},
      {"Dossier d'export", c.export_path()},
      {"Dossier d'import", c.import_path()},
      {"Service web", c.webservice_url()},
      {"Clé", c.communication_mode() == "WEBSERVICE" ? YesNo(c.webservice_key_set()) : ""},
      {"Articles envoyés", c.send_articles()},
      {"Filtre articles", c.send_articles_filter()},
      {"Catégorie tarifaire", c.send_tariff_category()},
      {"Unité", c.send_unit()},
      {"Dépôt (envoi)", c.send_depot()},
      {"Clients envoyés", c.send_customers()},
      {"Filtre clients", c.send_customers_filter()},
      {"Avec contacts", YesNo(c.send_contacts())},
      {"Documents générés", DocumentTypeLabel(c.reception_document_type())},
      {"Société", c.reception_company()},
      {"Site", c.reception_site()},
      {"Dépôt (réception)", c.reception_depot()},
      {"Famille clients", c.reception_customer_family()},
      {"Famille fournisseurs", c.reception_supplier_family()},
      {"Réception", c.reception_mode() == "AT_STARTUP" ? "Au démarrage" : "Manuelle"},
      {"Dernière synchro", c.last_sync_state()},
      {"Données", c.pending_state()},
  });
}

absl::Status RunShow(Client& client, const std::string& code, bool json) {
  catalog::v1::GetConnectorRequest request;
  request.set_code(code);
  Connector connector;
  absl::Status status = client.Call(&ConnectorService::Stub::GetConnector, request, &connector);
  if (!status.ok()) return status;
  if (json) {
    PrintJson(connector);
  } else {
    fmt::print("{}", Describe(connector));
  }
  return absl::OkStatus();
}

absl::Status RunSave(Client& client, const ConnectorOptions& o, bool update) {
  Connector connector;
  if (update) {
    catalog::v1::GetConnectorRequest get;
    get.set_code(o.code);
    absl::Status status = client.Call(&ConnectorService::Stub::GetConnector, get, &connector);
    if (!status.ok()) return status;
  }
  connector.set_code(o.code);
  for (const TextSetting& setting : TextSettings()) {
    auto it = o.texts.find(setting.option);
    if (it != o.texts.end()) (connector.*setting.set)(it->second);
  }
  if (!o.contacts.empty()) connector.set_send_contacts(o.contacts == "oui");
  Connector saved;
  absl::Status status = client.Call(&ConnectorService::Stub::UpsertConnector, connector, &saved);
  if (!status.ok()) return status;
  if (o.json) {
    PrintJson(saved);
  } else {
    fmt::print("Connecteur {} enregistré.\n{}", saved.code(), Describe(saved));
  }
  return absl::OkStatus();
}

absl::Status RunList(Client& client, bool json) {
  catalog::v1::ListConnectorsResponse all;
  absl::Status status =
      client.Call(&ConnectorService::Stub::ListConnectors, catalog::v1::ListConnectorsRequest(), &all);
  if (!status.ok()) return status;
  if (json) {
    PrintJson(all);
    return absl::OkStatus();
  }
  Table table({{"Code"}, {"Type de liaison"}, {"Mode"}, {"Dernière synchro"}, {"Le"}, {"Données"}});
  for (const Connector& c : all.connectors()) {
    table.AddRow({c.code(), c.link_type(),
                  c.communication_mode() == "WEBSERVICE" ? "Service web" : "Fichiers CSV",
                  c.last_sync_state(), FormatTimestamp(c.last_sync_at(), absl::LocalTimeZone()),
                  c.pending_state()});
  }
  fmt::print("{}{}\n", table.Render(), Count(all.connectors_size(), "connecteur", "connecteurs"));
  return absl::OkStatus();
}

absl::Status RunTest(Client& client, const std::string& code, bool json) {
  catalog::v1::TestConnectionRequest request;
  request.set_connector_code(code);
  catalog::v1::TestConnectionResponse answer;
  absl::Status status = client.Call(&ConnectorService::Stub::TestConnection, request, &answer);
  if (!status.ok()) return status;
  if (json) {
    PrintJson(answer);
  } else if (answer.ok()) {
    fmt::print("Connexion réussie à {} : HTTP {} en {} ms.\n", answer.url(), answer.http_status(),
               answer.elapsed_ms());
  } else {
    fmt::print("Échec de la connexion à {} : {} ({} ms).\n", answer.url(), answer.error(),
               answer.elapsed_ms());
  }
  return answer.ok() ? absl::OkStatus()
                     : absl::UnavailableError(absl::StrCat("test de connexion en échec : ",
                                                           answer.error()));
}

absl::Status RunPending(Client& client, const std::string& code, bool json) {
  catalog::v1::ListPendingReceptionsRequest request;
  request.set_connector_code(code);
  catalog::v1::ListPendingReceptionsResponse pending;
  absl::Status status =
      client.Call(&ConnectorService::Stub::ListPendingReceptions, request, &pending);
  if (!status.ok()) return status;
  if (json) {
    PrintJson(pending);
    return absl::OkStatus();
  }
  for (const catalog::v1::PendingFile& file : pending.files()) {
    fmt::print("{} ({})\n", file.file_name(), file.type());
    if (!file.error().empty()) {
      fmt::print("  Fichier refusé : {}\n", file.error());
      continue;
    }
    for (const auto& d : file.documents()) {
      fmt::print("  {} - {} - {} € - {}\t{}\n", d.document_id(), d.customer_code(),
                 FormatAmount(d.total_incl_vat()), d.payment_mode(), d.state());
    }
    for (const auto& a : file.articles()) {
      fmt::print("  Article {}\t{}\n", a.external_code(),
                 a.article_code().empty() ? std::string("Sans correspondance")
                                          : a.article_code() + " - " + a.article_label());
    }
    for (const auto& p : file.parties()) {
      fmt::print("  Tiers {} - {}\t{}\n", p.code(), p.name(), p.state());
    }
  }
  fmt::print("{}\n", pending.file_names_size() == 0
                         ? std::string("Aucune donnée en attente de réception.")
                         : Count(pending.file_names_size(), "fichier en attente",
                                 "fichiers en attente"));
  return absl::OkStatus();
}

void PrintReport(const catalog::v1::SyncReport& report) {
  fmt::print("Compte rendu n° {} — {} du {} : {}\n", report.id(),
             report.kind() == "ENVOI" ? "envoi" : "réception",
             FormatTimestamp(report.at(), absl::LocalTimeZone()), report.state());
  if (report.entries_size() == 0) return;
  Table table({{"Fichier"}, {"Type"}, {"Identifiant"}, {"État"}, {"Message"}});
  for (const auto& e : report.entries()) {
    table.AddRow({e.file_name(), e.type(), e.identifier(), e.state(), Truncate(e.message(), 60)});
  }
  fmt::print("{}", table.Render());
}

absl::Status RunReceive(Client& client, const std::string& code, bool json) {
  catalog::v1::ReceiveRequest request;
  request.set_connector_code(code);
  catalog::v1::SyncReport report;
  absl::Status status = client.Call(&ConnectorService::Stub::Receive, request, &report);
  if (!status.ok()) return status;
  if (json) {
    PrintJson(report);
  } else {
    PrintReport(report);
  }
  return absl::OkStatus();
}

absl::Status RunReports(Client& client, const std::string& code, int limit, bool json) {
  catalog::v1::ListSyncReportsRequest request;
  request.set_connector_code(code);
  request.set_limit(limit);
  catalog::v1::ListSyncReportsResponse reports;
  absl::Status status = client.Call(&ConnectorService::Stub::ListSyncReports, request, &reports);
  if (!status.ok()) return status;
  if (json) {
    PrintJson(reports);
    return absl::OkStatus();
  }
  for (const auto& report : reports.reports()) PrintReport(report);
  fmt::print("{}\n", Count(reports.reports_size(), "compte rendu", "comptes rendus"));
  return absl::OkStatus();
}

// CODE argument and --json on a subcommand; runs fn(client, code, json).
template <typename Fn>
void AddCodeCommand(CLI::App* parent, Session& session, const char* name, const char* help,
                    Fn fn) {
  struct Options {
    std::string code;
    bool json = false;
  };
  auto o = std::make_shared<Options>();
  CLI::App* command = parent->add_subcommand(name, help);
  command->add_option("CODE", o->code, "Code du connecteur")->required();
  AddJsonFlag(command, &o->json);
  session.OnRun(command, [&session, o, fn] { return fn(session.client(), o->code, o->json); });
}

void AddSaveCommand(CLI::App* parent, Session& session, bool update) {
  auto o = std::make_shared<ConnectorOptions>();
  CLI::App* command = parent->add_subcommand(
      update ? "update" : "create",
      update ? "Modifie les réglages donnés d'un connecteur" : "Crée (ou remplace) un connecteur");
  command->add_option("CODE", o->code, "Code du connecteur")->required();
  for (const TextSetting& setting : TextSettings()) {
    const std::string option = setting.option;
    command->add_option_function<std::string>(
        option, [o, option](const std::string& value) { o->texts[option] = value; },
        setting.help);
  }
  command->add_option("--contacts", o->contacts, "Envoyer les contacts des clients : oui ou non")
      ->check(CLI::IsMember({"oui", "non"}));
  AddJsonFlag(command, &o->json);
  session.OnRun(command, [&session, o, update] { return RunSave(session.client(), *o, update); });
}

}  // namespace

void AddConnectorCommands(CLI::App& app, Session& session) {
  CLI::App* connectors = app.add_subcommand("connectors", "E-connecteurs (ETA...)");
  connectors->require_subcommand(1);

  auto list_json = std::make_shared<bool>(false);
  CLI::App* list = connectors->add_subcommand(
      "list", "Liste des connecteurs, état de leur dernière synchronisation et données en attente");
  AddJsonFlag(list, list_json.get());
  session.OnRun(list, [&session, list_json] { return RunList(session.client(), *list_json); });

  AddCodeCommand(connectors, session, "show", "Paramétrage d'un connecteur", RunShow);
  AddSaveCommand(connectors, session, false);
  AddSaveCommand(connectors, session, true);
  AddCodeCommand(connectors, session, "test", "Teste la connexion au service web", RunTest);
  AddCodeCommand(connectors, session, "pending", "Fichiers en attente de réception", RunPending);
  AddCodeCommand(connectors, session, "receive", "Reçoit les données en attente", RunReceive);

  struct ReportOptions {
    std::string code;
    int limit = 20;
    bool json = false;
  };
  auto r = std::make_shared<ReportOptions>();
  CLI::App* reports =
      connectors->add_subcommand("reports", "Historique des comptes rendus de synchronisation");
  reports->add_option("CODE", r->code, "Code du connecteur")->required();
  reports->add_option("--limit", r->limit, "Nombre de comptes rendus (1 à 200)")
      ->capture_default_str();
  AddJsonFlag(reports, &r->json);
  session.OnRun(reports, [&session, r] {
    return RunReports(session.client(), r->code, r->limit, r->json);
  });
}

}  // namespace factflow::cli
