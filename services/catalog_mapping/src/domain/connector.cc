#include "domain/connector.h"

#include <initializer_list>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "domain/codes.h"
#include "files/confined_path.h"
#include "strings/absl_bridge.h"

namespace factflow::catalog_mapping::domain {
namespace {

// `value` upper-cased, `fallback` when empty; a problem naming the allowed values otherwise.
std::string Choice(Problems& problems, std::string_view field, std::string_view value,
                   std::initializer_list<std::string_view> allowed, std::string_view fallback) {
  std::string upper = absl::AsciiStrToUpper(AsAbsl(TrimSpaces(value)));
  if (upper.empty()) return std::string(fallback);
  for (std::string_view candidate : allowed) {
    if (upper == candidate) return upper;
  }
  std::vector<std::string> names(allowed.begin(), allowed.end());
  problems.Add(absl::StrCat("connector.", AsAbsl(field), " « ", Excerpt(value),
                            " » inconnu : valeurs possibles ", absl::StrJoin(names, ", ")));
  return std::string(fallback);
}

std::string Text(Problems& problems, std::string_view field, std::string_view value,
                 bool required = false) {
  return problems.Take(NormalizeText(absl::StrCat("connector.", AsAbsl(field)), value, required),
                       std::string());
}

}  // namespace

absl::StatusOr<std::vector<std::string>> SplitFolderPath(std::string_view field,
                                                         std::string_view path,
                                                         std::string_view root) {
  std::string_view rest = TrimSpaces(path);
  auto refuse = [&](std::string_view why) {
    return absl::InvalidArgumentError(absl::StrCat(AsAbsl(field), " « ", Excerpt(path), " » : ",
                                                   AsAbsl(why)));
  };
  if (rest.empty()) return refuse("dossier obligatoire (chemin relatif au dossier racine des "
                                  "connecteurs, par exemple « eta/import »)");
  if (rest.front() == '/') {
    std::string_view trimmed_root = root;
    while (trimmed_root.size() > 1 && trimmed_root.back() == '/') trimmed_root.remove_suffix(1);
    if (trimmed_root.empty() || rest.substr(0, trimmed_root.size()) != trimmed_root ||
        (rest.size() > trimmed_root.size() && rest[trimmed_root.size()] != '/')) {
      return refuse(absl::StrCat("chemin absolu hors du dossier racine des connecteurs « ",
                                 AsAbsl(root), " » : donnez un chemin sous ce dossier"));
    }
    rest.remove_prefix(trimmed_root.size());
  }
  std::vector<std::string> segments;
  for (absl::string_view piece : absl::StrSplit(AsAbsl(rest), '/', absl::SkipEmpty())) {
    const std::string segment(piece);
    if (segment == "..") return refuse("« .. » interdit : le dossier doit rester sous la racine");
    if (segment == ".") continue;
    if (files::SafeFileName(segment) != segment) {
      return refuse(absl::StrCat("« ", Excerpt(segment),
                                 " » n'est pas un nom de dossier simple (lettres, chiffres, "
                                 "« - », « _ », « . », sans « . » initial)"));
    }
    segments.push_back(segment);
  }
  if (segments.empty()) return refuse("le dossier racine lui-même n'est pas accepté : donnez un "
                                      "sous-dossier");
  return segments;
}

absl::StatusOr<Connector> ValidateConnector(const Connector& draft) {
  Problems problems;
  Connector c = draft;
  c.code = problems.Take(NormalizeCode("connector.code", draft.code), std::string());
  c.link_type = Text(problems, "link_type", draft.link_type, true);
  c.communication_mode = Choice(problems, "communication_mode", draft.communication_mode,
                                {kModeCsvFolder, kModeWebservice}, "");
  if (c.communication_mode.empty() && TrimSpaces(draft.communication_mode).empty()) {
    problems.Add("connector.communication_mode obligatoire : CSV_FOLDER (fichiers CSV) ou "
                 "WEBSERVICE");
  }
  c.export_path = std::string(TrimSpaces(draft.export_path));
  c.import_path = std::string(TrimSpaces(draft.import_path));
  c.webservice_url = std::string(TrimSpaces(draft.webservice_url));
  if (c.communication_mode == kModeCsvFolder) {
    // Checked against the real root folder by the caller (connectors/folders.h).
    if (c.export_path.empty()) problems.Add("connector.export_path obligatoire en mode CSV_FOLDER");
    if (c.import_path.empty()) problems.Add("connector.import_path obligatoire en mode CSV_FOLDER");
  } else if (c.communication_mode == kModeWebservice) {
    const std::string lower = absl::AsciiStrToLower(c.webservice_url);
    if (!(lower.starts_with("https://") || lower.starts_with("http://")) || lower.size() < 10 ||
        c.webservice_url.find_first_of(" \t\r\n") != std::string::npos) {
      problems.Add(absl::StrCat("connector.webservice_url « ", Excerpt(c.webservice_url),
                                " » : adresse http:// ou https:// attendue"));
    }
  }
  c.send_articles = Choice(problems, "send_articles", draft.send_articles,
                           {"AVAILABLE_FOR_EXPORT", "FILTER", "NONE"}, "NONE");
  c.send_articles_filter = Text(problems, "send_articles_filter", draft.send_articles_filter,
                                c.send_articles == "FILTER");
  c.send_tariff_category = Text(problems, "send_tariff_category", draft.send_tariff_category);
  c.send_unit = Text(problems, "send_unit", draft.send_unit);
  c.send_depot = Text(problems, "send_depot", draft.send_depot);
  c.send_customers = Choice(problems, "send_customers", draft.send_customers,
                            {"ALL", "FILTER", "NONE"}, "NONE");
  c.send_customers_filter = Text(problems, "send_customers_filter", draft.send_customers_filter,
                                 c.send_customers == "FILTER");
  c.reception_document_type = Choice(problems, "reception_document_type",
                                     draft.reception_document_type, {"ORDER", "DELIVERY_NOTE"},
                                     "ORDER");
  c.reception_company = Text(problems, "reception_company", draft.reception_company);
  c.reception_site = Text(problems, "reception_site", draft.reception_site);
  c.reception_depot = Text(problems, "reception_depot", draft.reception_depot);
  c.reception_customer_family =
      Text(problems, "reception_customer_family", draft.reception_customer_family);
  c.reception_supplier_family =
      Text(problems, "reception_supplier_family", draft.reception_supplier_family);
  c.reception_mode = Choice(problems, "reception_mode", draft.reception_mode,
                            {"MANUAL", "AT_STARTUP"}, "MANUAL");
  if (absl::Status status = problems.Finish(); !status.ok()) return status;
  return c;
}

}  // namespace factflow::catalog_mapping::domain
