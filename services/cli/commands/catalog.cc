// factflowctl articles upsert | list, correspondences set | list: the catalog (catalog-mapping service)
// the marketplace rows are mapped to.

#include <fmt/core.h>

#include "absl/strings/str_cat.h"
#include "commands/commands.h"
#include "format.h"
#include "money/decimal.h"
#include "parse.h"

namespace factflow::cli {
namespace {

using catalog::v1::Article;
using catalog::v1::CatalogService;

struct UpsertOptions {
  std::string code;
  std::string label;
  std::string vat_rate;
  std::string unit = "C62";
  std::string price;
  std::string family;
  bool export_flag = false;
  bool json = false;
};

// A user-typed decimal ("5,5", "19.99 €") as the canonical proto text, or a usage error.
common::v1::Decimal DecimalOption(const std::string& option, const std::string& text) {
  std::optional<money::Decimal> value = money::Decimal::ParseLenient(text);
  if (!value) ThrowUsageError(option, absl::StrCat("« ", text, " » n'est pas un nombre"));
  common::v1::Decimal out;
  out.set_value(value->ToString(money::Decimal::kScale));
  return out;
}

absl::Status RunUpsert(Client& client, const UpsertOptions& options) {
  Article article;
  article.set_code(options.code);
  article.set_label(options.label);
  article.set_unit_code(options.unit);
  *article.mutable_vat_rate() = DecimalOption("--vat-rate", options.vat_rate);
  if (!options.price.empty()) {
    *article.mutable_unit_price_excl_vat() = DecimalOption("--price", options.price);
  }
  article.set_family(options.family);
  article.set_available_for_export(options.export_flag);
  Article saved;
  absl::Status status = client.Call(&CatalogService::Stub::UpsertArticle, article, &saved);
  if (!status.ok()) return status;
  if (options.json) {
    PrintJson(saved);
  } else {
    fmt::print("Article {} enregistré : {} (TVA {}, unité {}).\n", saved.code(), saved.label(),
               FormatRate(saved.vat_rate()), saved.unit_code());
  }
  return absl::OkStatus();
}

absl::Status RunList(Client& client, bool json) {
  catalog::v1::ListArticlesResponse all;
  absl::Status status = client.CallAllPages(&CatalogService::Stub::ListArticles,
                                            catalog::v1::ListArticlesRequest(), &all);
  if (!status.ok()) return status;
  if (json) {
    PrintJson(all);
    return absl::OkStatus();
  }
  Table table({{"Code"},
               {"Libellé"},
               {"Unité"},
               {"TVA", Table::Align::kRight},
               {"Prix HT", Table::Align::kRight},
               {"Famille"},
               {"Export"}});
  for (const Article& article : all.articles()) {
    table.AddRow(
        {article.code(), Truncate(article.label(), 40), article.unit_code(),
         FormatRate(article.vat_rate()),
         article.has_unit_price_excl_vat() ? FormatAmount(article.unit_price_excl_vat()) : "",
         article.family(), YesNo(article.available_for_export())});
  }
  fmt::print("{}{}\n", table.Render(), Count(all.articles_size(), "article", "articles"));
  return absl::OkStatus();
}

absl::Status RunSetCorrespondences(Client& client, const std::string& connector,
                                   const std::vector<std::string>& assignments, bool replace) {
  catalog::v1::SetCorrespondencesRequest request;
  request.set_replace(replace);
  for (const std::string& text : assignments) {
    absl::StatusOr<std::pair<std::string, std::string>> pair = ParseAssignment(text);
    if (!pair.ok()) ThrowUsageError("EXTERNE=ARTICLE", std::string(pair.status().message()));
    catalog::v1::Correspondence& correspondence = *request.add_correspondences();
    correspondence.set_connector_code(connector);
    correspondence.set_external_code(pair->first);
    correspondence.set_article_code(pair->second);
  }
  catalog::v1::SetCorrespondencesResponse response;
  absl::Status status = client.Call(&CatalogService::Stub::SetCorrespondences, request, &response);
  if (!status.ok()) return status;
  fmt::print("{} pour le connecteur {}.\n",
             Count(response.changed(), "correspondance modifiée", "correspondances modifiées"),
             connector);
  return absl::OkStatus();
}

absl::Status RunListCorrespondences(Client& client, const std::string& connector,
                                    const std::string& article, bool json) {
  catalog::v1::ListCorrespondencesRequest request;
  request.set_connector_code(connector);
  request.set_article_code(article);
  catalog::v1::ListCorrespondencesResponse all;
  absl::Status status =
      client.CallAllPages(&CatalogService::Stub::ListCorrespondences, request, &all);
  if (!status.ok()) return status;
  if (json) {
    PrintJson(all);
    return absl::OkStatus();
  }
  Table table({{"Connecteur"}, {"Code externe"}, {"Article"}, {"Libellé"}});
  for (const catalog::v1::Correspondence& c : all.correspondences()) {
    table.AddRow({c.connector_code(), c.external_code(), c.article_code(),
                  Truncate(c.article_label(), 40)});
  }
  fmt::print("{}{}\n", table.Render(),
             Count(all.correspondences_size(), "correspondance", "correspondances"));
  return absl::OkStatus();
}

void AddArticleCommands(CLI::App& app, Session& session) {
  CLI::App* articles = app.add_subcommand("articles", "Articles du catalogue");
  articles->require_subcommand(1);

  auto o = std::make_shared<UpsertOptions>();
  CLI::App* upsert = articles->add_subcommand("upsert", "Crée ou modifie un article");
  upsert->add_option("CODE", o->code, "Code article")->required();
  upsert->add_option("--label", o->label, "Libellé")->required();
  upsert->add_option("--vat-rate", o->vat_rate, "Taux de TVA en % (20, 5,5...)")->required();
  upsert->add_option("--unit", o->unit, "Unité (code UN/ECE rec. 20)")->capture_default_str();
  upsert->add_option("--price", o->price, "Prix unitaire HT");
  upsert->add_option("--family", o->family, "Famille");
  upsert->add_flag("--export", o->export_flag, "Disponible à l'export (E-connecteur)");
  AddJsonFlag(upsert, &o->json);
  session.OnRun(upsert, [&session, o] { return RunUpsert(session.client(), *o); });

  auto list_json = std::make_shared<bool>(false);
  CLI::App* list = articles->add_subcommand("list", "Liste les articles");
  AddJsonFlag(list, list_json.get());
  session.OnRun(list, [&session, list_json] { return RunList(session.client(), *list_json); });
}

void AddCorrespondenceCommands(CLI::App& app, Session& session) {
  struct SetOptions {
    std::string connector = "fnac";
    std::vector<std::string> assignments;
    bool replace = false;
  };
  auto o = std::make_shared<SetOptions>();
  CLI::App* correspondences =
      app.add_subcommand("correspondences", "Correspondances codes externes ↔ articles");
  correspondences->require_subcommand(1);
  CLI::App* set = correspondences->add_subcommand(
      "set", "Associe des codes externes (SKU, EAN...) à des articles ; ARTICLE vide : efface");
  set->add_option("--connector", o->connector, "Connecteur (fnac ou code E-connecteur)")
      ->capture_default_str();
  set->add_option("CORRESPONDANCE", o->assignments, "EXTERNE=ARTICLE, une ou plusieurs")
      ->required();
  set->add_flag("--replace", o->replace,
                "Remplace la correspondance d'un code déjà associé à un autre article");
  session.OnRun(set, [&session, o] {
    return RunSetCorrespondences(session.client(), o->connector, o->assignments, o->replace);
  });

  struct ListOptions {
    std::string connector;
    std::string article;
    bool json = false;
  };
  auto l = std::make_shared<ListOptions>();
  CLI::App* list = correspondences->add_subcommand(
      "list", "Correspondances d'un connecteur et/ou d'un article");
  list->add_option("--connector", l->connector, "Connecteur (fnac ou code E-connecteur)");
  list->add_option("--article", l->article, "Code article");
  AddJsonFlag(list, &l->json);
  session.OnRun(list, [&session, l] {
    return RunListCorrespondences(session.client(), l->connector, l->article, l->json);
  });
}

}  // namespace

void AddCatalogCommands(CLI::App& app, Session& session) {
  AddArticleCommands(app, session);
  AddCorrespondenceCommands(app, session);
}

}  // namespace factflow::cli
