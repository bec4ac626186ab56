// factflowctl parties list | upsert, exchanges list, articles show | resolve: the parties and
// article look-ups of catalog-mapping and the exchanges (Chorus Pro, e-mail...) of
// chorus-dispatch.

#include <fmt/core.h>

#include "absl/strings/str_cat.h"
#include "commands/commands.h"
#include "commands/invoices.h"
#include "format.h"
#include "output.h"

namespace factflow::cli {
namespace {

using catalog::v1::Article;
using catalog::v1::CatalogService;
using catalog::v1::Party;

// ---- parties ---------------------------------------------------------------------------------

absl::Status RunPartiesList(Client& client, bool json) {
  catalog::v1::ListPartiesResponse all;
  absl::Status status = client.CallAllPages(&CatalogService::Stub::ListParties,
                                            catalog::v1::ListPartiesRequest(), &all);
  if (!status.ok()) return status;
  if (json) {
    PrintJson(all);
    return absl::OkStatus();
  }
  bool wide = CurrentOutputFormat() == OutputFormat::kWide;
  std::vector<Table::Column> columns = {{"Code"}, {"Type"}, {"Nom"}, {"SIRET"}, {"Chorus"}};
  if (wide) {
    columns.insert(columns.end(), {{"Adresse de facturation"}, {"TVA"}, {"Courriel"}, {"Service"}});
  }
  Table table(columns);
  for (const Party& party : all.parties()) {
    std::vector<std::string> row = {party.code(), party.kind(), Truncate(party.name(), 40),
                                    party.siret(), YesNo(party.export_to_chorus())};
    if (wide) {
      row.insert(row.end(), {FormatAddress(party.billing_address()), party.vat_number(),
                             party.email(), party.service_code()});
    }
    table.AddRow(row);
  }
  fmt::print("{}{}\n", table.Render(), Count(all.parties_size(), "tiers", "tiers"));
  return absl::OkStatus();
}

struct PartyOptions {
  Party party;
  bool json = false;
};

absl::Status RunPartyUpsert(Client& client, const PartyOptions& options) {
  Party saved;
  absl::Status status = client.Call(&CatalogService::Stub::UpsertParty, options.party, &saved);
  if (!status.ok()) return status;
  if (options.json) {
    PrintJson(saved);
  } else {
    fmt::print("Tiers {} enregistré : {} ({}).\n", saved.code(), saved.name(), saved.kind());
  }
  return absl::OkStatus();
}

void AddPartyCommands(CLI::App& app, Session& session) {
  CLI::App* parties =
      app.add_subcommand("parties",
                         "Tiers : clients, fournisseurs, contacts ; ex. factflowctl "
                         "parties list -o wide");
  parties->require_subcommand(1);

  auto list_json = std::make_shared<bool>(false);
  CLI::App* list = parties->add_subcommand("list", "Liste les tiers du dossier");
  AddJsonFlag(list, list_json.get());
  session.OnRun(list,
                [&session, list_json] { return RunPartiesList(session.client(), *list_json); });

  auto o = std::make_shared<PartyOptions>();
  Party& p = o->party;
  CLI::App* upsert = parties->add_subcommand(
      "upsert",
      "Crée ou modifie un tiers ; ex. factflowctl parties upsert C001 --kind CLIENT "
      "--name \"Mairie de Lyon\" --chorus");
  upsert->add_option("CODE", *p.mutable_code(), "Code du tiers")->required();
  upsert->add_option("--kind", *p.mutable_kind(), "CLIENT, FOURNISSEUR ou CONTACT")->required();
  upsert->add_option("--name", *p.mutable_name(), "Nom ou raison sociale")->required();
  upsert->add_option("--family", *p.mutable_family(), "Famille");
  upsert->add_option("--siret", *p.mutable_siret(), "SIRET (14 chiffres)");
  upsert->add_option("--vat-number", *p.mutable_vat_number(), "Numéro de TVA intracommunautaire");
  upsert->add_option("--email", *p.mutable_email(), "Adresse électronique");
  upsert->add_option("--phone", *p.mutable_phone(), "Téléphone");
  upsert->add_option("--service-code", *p.mutable_service_code(), "Code service Chorus Pro");
  upsert->add_flag_callback(
      "--chorus", [o] { o->party.set_export_to_chorus(true); },
      "Factures transmises par Chorus Pro");
  common::v1::PostalAddress& address = *p.mutable_billing_address();
  upsert->add_option("--address", *address.mutable_line1(), "Adresse de facturation, ligne 1");
  upsert->add_option("--address2", *address.mutable_line2(), "Adresse de facturation, ligne 2");
  upsert->add_option("--postal-code", *address.mutable_postal_code(), "Code postal");
  upsert->add_option("--city", *address.mutable_city(), "Ville");
  upsert->add_option("--country", *address.mutable_country_code(), "Pays (FR, BE...)");
  AddJsonFlag(upsert, &o->json);
  session.OnRun(upsert, [&session, o] { return RunPartyUpsert(session.client(), *o); });
}

// ---- exchanges -------------------------------------------------------------------------------

absl::Status RunExchanges(Client& client, const std::string& invoice_ref, bool json) {
  absl::StatusOr<std::string> invoice_id = ResolveInvoiceId(client, invoice_ref);
  if (!invoice_id.ok()) return invoice_id.status();
  dispatch::v1::ListExchangesRequest request;
  request.set_invoice_id(*invoice_id);
  dispatch::v1::ListExchangesResponse response;
  absl::Status status =
      client.Call(&dispatch::v1::DispatchService::Stub::ListExchanges, request, &response);
  if (!status.ok()) return status;
  if (json) {
    PrintJson(response);
    return absl::OkStatus();
  }
  if (response.exchanges().empty()) {
    fmt::print("Aucun échange pour la facture {}.\n", invoice_ref);
    return absl::OkStatus();
  }
  Table table({{"Date"}, {"Type"}, {"Statut"}, {"Détail"}, {"Identifiant"}});
  for (const auto& exchange : response.exchanges()) {
    table.AddRow({FormatTimestamp(exchange.at(), absl::LocalTimeZone()), exchange.kind(),
                  exchange.status(), exchange.detail(), exchange.exchange_id()});
  }
  fmt::print("{}", table.Render());
  return absl::OkStatus();
}

void AddExchangeCommands(CLI::App& app, Session& session) {
  struct Options {
    std::string invoice;
    bool json = false;
  };
  auto o = std::make_shared<Options>();
  CLI::App* exchanges =
      app.add_subcommand("exchanges",
                         "Échanges d'une facture (dépôts, envois) ; ex. factflowctl exchanges list "
                         "FA2026-000001");
  exchanges->require_subcommand(1);
  CLI::App* list = exchanges->add_subcommand("list", "Liste les échanges d'une facture");
  list->add_option("INVOICE", o->invoice, "Numéro ou identifiant de la facture")->required();
  AddJsonFlag(list, &o->json);
  session.OnRun(list,
                [&session, o] { return RunExchanges(session.client(), o->invoice, o->json); });
}

// ---- articles show | resolve -----------------------------------------------------------------

absl::Status RunArticleShow(Client& client, const std::string& code, bool json) {
  catalog::v1::GetArticleRequest request;
  request.set_code(code);
  Article article;
  absl::Status status = client.Call(&CatalogService::Stub::GetArticle, request, &article);
  if (!status.ok()) return status;
  if (json) {
    PrintJson(article);
    return absl::OkStatus();
  }
  fmt::print("{}", FormatFields({
                       {"Code", article.code()},
                       {"Libellé", article.label()},
                       {"Unité", article.unit_code()},
                       {"TVA", FormatRate(article.vat_rate())},
                       {"Prix HT", article.has_unit_price_excl_vat()
                                       ? FormatAmount(article.unit_price_excl_vat())
                                       : ""},
                       {"Famille", article.family()},
                       {"Export", YesNo(article.available_for_export())},
                   }));
  return absl::OkStatus();
}

absl::Status RunResolve(Client& client, const std::string& connector,
                        const std::vector<std::string>& codes, bool json) {
  catalog::v1::ResolveArticlesRequest request;
  request.set_connector_code(connector);
  for (const std::string& code : codes) request.add_external_codes(code);
  catalog::v1::ResolveArticlesResponse response;
  absl::Status status = client.Call(&CatalogService::Stub::ResolveArticles, request, &response);
  if (!status.ok()) return status;
  if (json) {
    PrintJson(response);
    return absl::OkStatus();
  }
  Table table({{"Code externe"}, {"Associé"}, {"Article"}, {"Libellé"}});
  int unmapped = 0;
  for (const auto& result : response.results()) {
    if (!result.mapped()) ++unmapped;
    table.AddRow({result.external_code(), YesNo(result.mapped()), result.article().code(),
                  Truncate(result.article().label(), 40)});
  }
  fmt::print("{}{}\n", table.Render(),
             Count(unmapped, "code sans correspondance", "codes sans correspondance"));
  return absl::OkStatus();
}

void AddArticleLookups(CLI::App& app, Session& session) {
  CLI::App* articles = app.get_subcommand("articles");
  struct ShowOptions {
    std::string code;
    bool json = false;
  };
  auto show_options = std::make_shared<ShowOptions>();
  CLI::App* show = articles->add_subcommand(
      "show", "Détail d'un article ; ex. factflowctl articles show LIV-001");
  show->add_option("CODE", show_options->code, "Code article")->required();
  AddJsonFlag(show, &show_options->json);
  session.OnRun(show, [&session, show_options] {
    return RunArticleShow(session.client(), show_options->code, show_options->json);
  });

  struct ResolveOptions {
    std::string connector = "fnac";
    std::vector<std::string> codes;
    bool json = false;
  };
  auto o = std::make_shared<ResolveOptions>();
  CLI::App* resolve = articles->add_subcommand(
      "resolve",
      "Articles associés à des codes externes ; ex. factflowctl articles resolve "
      "9782070360024 --connector fnac");
  resolve->add_option("--connector", o->connector, "Connecteur (fnac ou code E-connecteur)")
      ->capture_default_str();
  resolve->add_option("CODE_EXTERNE", o->codes, "SKU, EAN..., un ou plusieurs")->required();
  AddJsonFlag(resolve, &o->json);
  session.OnRun(resolve, [&session, o] {
    return RunResolve(session.client(), o->connector, o->codes, o->json);
  });
}

}  // namespace

void AddReferenceCommands(CLI::App& app, Session& session) {
  AddPartyCommands(app, session);
  AddExchangeCommands(app, session);
  AddArticleLookups(app, session);
}

}  // namespace factflow::cli
