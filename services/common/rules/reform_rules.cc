// The rules of the 2026-2027 French e-invoicing reform beyond the mentions french_rules.cc checks:
// electronic addresses (BT-34/BT-49, EN 16931 BR-62/BR-63 and the directory's SIREN-based
// scheme 0225), the category of the operation (BT-23 "cadre de facturation"), and distance sales
// to EU consumers under the One-Stop Shop (OSS: destination-country rates above the threshold).

#include <algorithm>
#include <array>
#include <string_view>

#include "identifiers/french_company_ids.h"
#include "rules/eu_vat_rates.h"
#include "rules/rules_internal.h"

namespace factflow::rules::internal {
namespace {

constexpr Severity B = Severity::kBlocking;
constexpr Severity W = Severity::kWarning;

constexpr Rule kBR62{"BR-62", B, "BT-34",
                     "l'adresse électronique du vendeur doit avoir un identifiant de schéma "
                     "(0225 pour l'annuaire de la réforme, EM pour un e-mail)"};
constexpr Rule kBR63{"BR-63", B, "BT-49",
                     "l'adresse électronique de l'acheteur doit avoir un identifiant de schéma "
                     "(0225 pour l'annuaire de la réforme, EM pour un e-mail)"};
constexpr Rule kSellerAddress{"BR-FR-ADRESSE-ELEC-VENDEUR", W, "BT-34",
                              "réforme 2026-2027 : l'adresse électronique de facturation du "
                              "vendeur (son SIREN, schéma 0225) doit figurer sur la facture"};
constexpr Rule kBuyerAddress{"BR-FR-ADRESSE-ELEC-ACHETEUR", W, "BT-49",
                             "réforme 2026-2027 : l'adresse électronique de facturation d'un "
                             "acheteur professionnel français (son SIREN, schéma 0225) doit "
                             "figurer sur la facture"};
constexpr Rule kDirectoryAddress{"BR-FR-ADRESSE-ELEC-0225", B, "BT-49",
                                 "une adresse électronique du schéma 0225 commence par un SIREN "
                                 "valide (9 chiffres, clé de Luhn) : corrigez-la"};
constexpr Rule kCategoryMissing{"BR-FR-CATEGORIE-OPERATION", W, "BT-23",
                                "réforme 2026-2027 : la catégorie de l'opération (livraison de "
                                "biens, prestation de services ou les deux) doit figurer : "
                                "renseignez-la dans les mentions du dossier"};
constexpr Rule kCategoryCode{"BR-FR-CADRE-FACTURATION", B, "BT-23",
                             "cadre de facturation inconnu : B1, S1, M1 (biens, services, les "
                             "deux), B2, S2, M2 (déjà payée), B4, S4, M4 (acompte), S3, S5, S6, "
                             "B7 ou S7"};
constexpr Rule kOssRate{"BR-FR-OSS-TAUX", B, "BT-152",
                        "vente à distance sous le guichet unique (OSS) : le taux doit être un "
                        "taux du pays de destination en vigueur à la date de la facture"};
constexpr Rule kOssBuyer{"BR-FR-OSS-ACHETEUR", B, "BT-80",
                         "le guichet unique (OSS) ne s'applique qu'à un consommateur livré dans "
                         "le pays de destination indiqué, autre État membre que la France"};
constexpr Rule kOssDue{"BR-FR-OSS-SEUIL", B, "BT-152",
                       "vente à distance à un consommateur d'un autre État membre au-delà du "
                       "seuil européen de 10 000 € : appliquez le taux de TVA du pays de "
                       "destination (guichet unique OSS), pas la TVA française"};

constexpr std::array<std::string_view, 14> kFrameworkCodes = {
    "B1", "S1", "M1", "B2", "S2", "M2", "S3", "B4", "S4", "M4", "S5", "S6", "B7", "S7"};

bool IsFrance(std::string_view country) { return country == "FR" || country == "MC"; }

std::string_view ShipCountry(const Invoice& inv) {
  return inv.has_delivery_address && !inv.delivery_address.country_code.empty()
             ? std::string_view(inv.delivery_address.country_code)
             : std::string_view(inv.buyer.address.country_code);
}

void CheckElectronicAddress(Context& c, const Party& party, const Rule& scheme_rule) {
  if (party.electronic_address.empty()) return;
  if (party.electronic_address_scheme.empty()) {
    c.Fail(scheme_rule, Echo(party.electronic_address));
  } else if (party.electronic_address_scheme == "0225" &&
             !identifiers::IsValidSiren(std::string_view(party.electronic_address).substr(0, 9))) {
    c.Fail(kDirectoryAddress, Echo(party.electronic_address));
  }
}

void CheckAddresses(Context& c) {
  const Invoice& inv = c.invoice;
  CheckElectronicAddress(c, inv.seller, kBR62);
  CheckElectronicAddress(c, inv.buyer, kBR63);
  if (IsFrance(inv.seller.address.country_code) && inv.seller.electronic_address.empty()) {
    c.Fail(kSellerAddress);
  }
  if (inv.buyer_kind != BuyerKind::kConsumer && IsFrance(inv.buyer.address.country_code) &&
      inv.buyer.electronic_address.empty()) {
    c.Fail(kBuyerAddress);
  }
}

void CheckOperationCategory(Context& c) {
  const std::string& code = c.invoice.operation_category;
  if (code.empty()) {
    c.Fail(kCategoryMissing);
  } else if (std::find(kFrameworkCodes.begin(), kFrameworkCodes.end(), code) ==
             kFrameworkCodes.end()) {
    c.Fail(kCategoryCode, Echo(code));
  }
}

void CheckOss(Context& c) {
  const Invoice& inv = c.invoice;
  std::string_view ship = ShipCountry(inv);
  if (!inv.oss_country.empty()) {
    if (inv.buyer_kind != BuyerKind::kConsumer || IsFrance(inv.oss_country) ||
        ship != inv.oss_country) {
      c.Fail(kOssBuyer, "pays OSS ", Echo(inv.oss_country), ", livraison ", Echo(ship));
    }
    for (const Line& line : inv.lines) {
      if (line.vat_category == "S" && !IsOssRate(inv.oss_country, inv.issue_date, line.vat_rate)) {
        c.Fail(kOssRate, "ligne ", line.line_number, " : ", Amount(line.vat_rate), " % pour ",
               inv.oss_country);
      }
    }
    return;
  }
  if (!inv.oss_above_threshold || inv.buyer_kind != BuyerKind::kConsumer || IsFrance(ship) ||
      !IsEuMemberState(ship)) {
    return;
  }
  for (const Line& line : inv.lines) {
    if (line.vat_category == "S") {
      c.Fail(kOssDue, "pays de livraison ", Echo(ship));
      return;
    }
  }
}

}  // namespace

void CheckReform(Context& context) {
  CheckAddresses(context);
  CheckOperationCategory(context);
  CheckOss(context);
}

std::span<const Rule* const> ReformRules() {
  static constexpr std::array<const Rule*, 10> kRules = {
      &kBR62,         &kBR63,           &kSellerAddress, &kBuyerAddress, &kDirectoryAddress,
      &kCategoryMissing, &kCategoryCode, &kOssRate,      &kOssBuyer,     &kOssDue};
  return kRules;
}

}  // namespace factflow::rules::internal
