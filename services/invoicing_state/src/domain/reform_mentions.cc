#include "domain/reform_mentions.h"

namespace factflow::invoicing::domain {

std::string OperationFramework(std::string_view tenant_category, bool already_paid) {
  std::string code = tenant_category == "SERVICES" ? "S" : tenant_category == "MIXTE" ? "M" : "B";
  code += already_paid ? '2' : '1';
  return code;
}

std::string OperationCategoryText(std::string_view tenant_category) {
  std::string text = "Catégorie de l'opération : ";
  if (tenant_category == "SERVICES") return text + "prestation de services";
  if (tenant_category == "MIXTE") return text + "livraison de biens et prestation de services";
  return text + "livraison de biens";
}

std::string_view VatOnDebitsText() {
  return "Option pour le paiement de la taxe d'après les débits (art. 269, 2-c du CGI)";
}

std::string_view OssMentionText() {
  return "Vente à distance intracommunautaire : TVA de l'État membre de livraison, déclarée via "
         "le guichet unique (OSS), art. 258 A et 298 sexdecies G du CGI";
}

std::string DirectoryAddress(std::string_view siren, std::string_view siret) {
  if (!siren.empty()) return std::string(siren);
  if (siret.size() >= 9) return std::string(siret.substr(0, 9));
  return {};
}

}  // namespace factflow::invoicing::domain
