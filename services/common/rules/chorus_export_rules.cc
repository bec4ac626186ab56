// The Chorus Pro export anomalies of seed 003 that the deposit rules (CHORUS-01..08, in
// french_rules.cc) do not already cover, and the amounts Chorus Pro rejects. Together they are
// the reasons the export strikes a document through (domain.md §5).

#include <array>

#include "identifiers/french_company_ids.h"
#include "rules/rules_internal.h"

namespace factflow::rules::internal {
namespace {

constexpr Severity B = Severity::kBlocking;

constexpr Rule kBillingCountry{"CHORUS-09", B, "BT-55",
                               "Chorus Pro : le code pays de l'adresse de facturation est "
                               "obligatoire"};
constexpr Rule kDeliverySiret{"CHORUS-10", B, "BT-71",
                              "Chorus Pro : le SIRET valide de l'adresse de livraison est "
                              "obligatoire"};
constexpr Rule kCommitmentAndOrder{"CHORUS-11", B, "BT-13",
                                   "Chorus Pro : le n° d'engagement et le n° de bon de commande "
                                   "sont tous deux remplis ; un seul des deux est permis"};
constexpr Rule kPositiveTotal{"CHORUS-12", B, "BT-112",
                              "Chorus Pro : le montant TTC doit être positif (un avoir se dépose "
                              "en montants positifs, avec le type 381)"};
constexpr Rule kDueNotNegative{"CHORUS-13", B, "BT-115",
                               "Chorus Pro : le net à payer ne peut pas être négatif"};

}  // namespace

void CheckChorusExport(Context& c) {
  const Invoice& inv = c.invoice;
  if (inv.buyer.address.country_code.empty()) c.Fail(kBillingCountry);
  if (inv.has_delivery_address && !identifiers::IsValidSiret(inv.delivery_siret)) {
    c.Fail(kDeliverySiret, Echo(inv.delivery_siret));
  }
  if (!inv.commitment_number.empty() && !inv.purchase_order_reference.empty()) {
    c.Fail(kCommitmentAndOrder, "engagement ", Echo(inv.commitment_number), ", bon de commande ",
           Echo(inv.purchase_order_reference));
  }
  if (inv.total_with_vat.raw() <= 0) c.Fail(kPositiveTotal, Amount(inv.total_with_vat));
  if (inv.amount_due.raw() < 0) c.Fail(kDueNotNegative, Amount(inv.amount_due));
}

std::span<const Rule* const> ChorusExportRules() {
  static constexpr std::array<const Rule*, 5> kRules = {
      &kBillingCountry, &kDeliverySiret, &kCommitmentAndOrder, &kPositiveTotal, &kDueNotNegative};
  return kRules;
}

}  // namespace factflow::rules::internal
