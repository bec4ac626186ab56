#include "domain/eta_export.h"

#include <initializer_list>

namespace factflow::catalog_mapping::domain {
namespace {

std::string Row(std::initializer_list<std::string_view> fields) {
  std::string row;
  bool first = true;
  for (std::string_view field : fields) {
    if (!first) row += ';';
    first = false;
    row += CsvField(field);
  }
  row += "\r\n";
  return row;
}

std::string KindText(const std::string& kind) {
  if (kind == kPartySupplier) return "fournisseur";
  if (kind == "CONTACT") return "contact";
  return "client";
}

}  // namespace

std::string CsvField(std::string_view value) {
  if (value.find_first_of(";\"\r\n") == std::string_view::npos) return std::string(value);
  std::string quoted = "\"";
  for (char c : value) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

std::string ArticlesCsvHeader() {
  return Row({"Code", "Code externe", "Libellé", "Famille", "Unité", "Taux TVA",
              "Prix unitaire HT", "Catégorie tarifaire", "Dépôt"});
}

std::string ArticleCsvRow(const Article& a, std::string_view external_code,
                          const ArticleSendSettings& s) {
  const std::string price = a.unit_price_excl_vat ? a.unit_price_excl_vat->ToString(4) : "";
  return Row({a.code, external_code, a.label, a.family, s.unit.empty() ? a.unit_code : s.unit,
              a.vat_rate.ToString(2), price, s.tariff_category, s.depot});
}

nlohmann::json ArticleJson(const Article& a, std::string_view external_code,
                           const ArticleSendSettings& s) {
  return {{"code", a.code},
          {"external_code", std::string(external_code)},
          {"label", a.label},
          {"family", a.family},
          {"unit", s.unit.empty() ? a.unit_code : s.unit},
          {"vat_rate", a.vat_rate.ToString(2)},
          {"unit_price_excl_vat",
           a.unit_price_excl_vat ? a.unit_price_excl_vat->ToString(4) : std::string()},
          {"tariff_category", s.tariff_category},
          {"depot", s.depot}};
}

std::string PartiesCsvHeader() {
  return Row({"Code", "Type", "Nom", "Adresse 1", "Adresse 2", "Code postal", "Ville", "Pays",
              "SIRET", "TVA intracommunautaire", "E-mail", "Téléphone"});
}

std::string PartyCsvRow(const Party& p) {
  const PostalAddress& a = p.billing_address;
  return Row({p.code, KindText(p.kind), p.name, a.line1, a.line2, a.postal_code, a.city,
              a.country_code, p.siret, p.vat_number, p.email, p.phone});
}

nlohmann::json PartyJson(const Party& p) {
  const PostalAddress& a = p.billing_address;
  return {{"code", p.code},
          {"kind", KindText(p.kind)},
          {"name", p.name},
          {"address1", a.line1},
          {"address2", a.line2},
          {"postal_code", a.postal_code},
          {"city", a.city},
          {"country", a.country_code},
          {"siret", p.siret},
          {"vat_number", p.vat_number},
          {"email", p.email},
          {"phone", p.phone}};
}

}  // namespace factflow::catalog_mapping::domain
