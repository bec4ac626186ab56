#include "demo_tenant.h"

#include <cassert>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "identifiers/french_company_ids.h"

namespace factflow::cli {
namespace {

// Fictitious identifiers: the check digits are computed, never typed, so they stay valid.
constexpr char kDemoSirenBody[] = "81234567";  // + Luhn key
constexpr char kDemoNicBody[] = "0001";        // establishment number, + Luhn key over 14 digits
// The IBAN of the French banking standard's documentation example (valid mod-97 key).
constexpr char kDemoIban[] = "FR7630006000011234567890189";
constexpr char kDemoBic[] = "AGRIFRPP";

invoicing::v1::NumberingSeries Series(std::string code, std::string prefix, std::string kind) {
  invoicing::v1::NumberingSeries series;
  series.set_code(std::move(code));
  series.set_prefix(std::move(prefix));
  series.set_padding(6);
  series.set_next_value(1);
  series.set_document_kind(std::move(kind));
  return series;
}

}  // namespace

std::vector<invoicing::v1::NumberingSeries> DefaultSeries(int year) {
  return {Series("FA", absl::StrCat("FA", year, "-"), "INVOICE"),
          Series("AV", absl::StrCat("AV", year, "-"), "CREDIT_NOTE")};
}

invoicing::v1::Tenant DemoTenant(int year) {
  std::string siren = absl::StrCat(kDemoSirenBody, identifiers::LuhnCheckDigit(kDemoSirenBody));
  std::string siret_body = siren + kDemoNicBody;
  std::string siret = absl::StrCat(siret_body, identifiers::LuhnCheckDigit(siret_body));

  invoicing::v1::Tenant tenant;
  invoicing::v1::CompanyIdentity& company = *tenant.mutable_company();
  company.set_name("Librairie du Marais");
  company.set_legal_form("SAS");
  company.set_share_capital("10 000 €");
  company.set_registration(absl::StrCat("RCS Paris ", siren.substr(0, 3), " ", siren.substr(3, 3),
                                        " ", siren.substr(6, 3)));
  company.set_siren(siren);
  company.set_siret(siret);
  company.set_vat_number(identifiers::FrenchVatNumber(siren));
  common::v1::PostalAddress& address = *company.mutable_address();
  address.set_line1("12 rue des Archives");
  address.set_postal_code("75004");
  address.set_city("Paris");
  address.set_country_code("FR");
  company.set_email("facturation@librairie-du-marais.fr");
  company.set_phone("+33 1 42 72 00 00");
  company.set_iban(kDemoIban);
  company.set_bic(kDemoBic);

  invoicing::v1::LegalMentions& mentions = *tenant.mutable_legal_mentions();
  mentions.set_late_penalty_rate("3 fois le taux d'intérêt légal");
  mentions.set_payment_days(30);
  mentions.set_payment_end_of_month(false);
  mentions.set_vat_exempt_293b(false);

  tenant.add_activated_import_formats("fnac-orders-xlsx");
  for (auto& series : DefaultSeries(year)) *tenant.add_series() = std::move(series);
  tenant.set_archiving_enabled(true);
  tenant.set_dematerialisation_enabled(false);
  tenant.set_nightly_send_enabled(false);
  return tenant;
}

}  // namespace factflow::cli
