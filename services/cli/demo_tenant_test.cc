#include "demo_tenant.h"

#include <gtest/gtest.h>

#include "identifiers/french_company_ids.h"

namespace factflow::cli {
namespace {

// An independent Luhn check written for the test: double every second digit from the right.
bool HandLuhn(const std::string& digits) {
  int sum = 0;
  for (size_t i = 0; i < digits.size(); ++i) {
    int d = digits[digits.size() - 1 - i] - '0';
    if (i % 2 == 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 == 0;
}

TEST(DemoTenant, IdentifiersAreValid) {
  invoicing::v1::Tenant tenant = DemoTenant(2026);
  const auto& company = tenant.company();
  EXPECT_EQ(company.siren(), "812345676");
  EXPECT_TRUE(HandLuhn(company.siren()));
  ASSERT_EQ(company.siret().size(), 14u);
  EXPECT_EQ(company.siret().substr(0, 9), company.siren());
  // NIC 0001 + key: the 13 first digits weigh 43, so the key is 7.
  EXPECT_EQ(company.siret(), "81234567600017");
  EXPECT_TRUE(HandLuhn(company.siret()));
  EXPECT_EQ(company.vat_number(), "FR19812345676");
  EXPECT_EQ(company.iban().substr(0, 4), "FR76");
}

TEST(DemoTenant, IsARealisticParisBookshop) {
  invoicing::v1::Tenant tenant = DemoTenant(2026);
  EXPECT_EQ(tenant.company().name(), "Librairie du Marais");
  EXPECT_EQ(tenant.company().legal_form(), "SAS");
  EXPECT_EQ(tenant.company().share_capital(), "10 000 €");
  EXPECT_EQ(tenant.company().address().postal_code(), "75004");
  EXPECT_EQ(tenant.company().address().city(), "Paris");
  EXPECT_EQ(tenant.company().address().country_code(), "FR");
  EXPECT_EQ(tenant.legal_mentions().late_penalty_rate(), "3 fois le taux d'intérêt légal");
  EXPECT_EQ(tenant.legal_mentions().payment_days(), 30);
  EXPECT_TRUE(tenant.archiving_enabled());
  EXPECT_FALSE(tenant.dematerialisation_enabled());
  ASSERT_EQ(tenant.activated_import_formats_size(), 1);
  EXPECT_EQ(tenant.activated_import_formats(0), "fnac-orders-xlsx");
  EXPECT_TRUE(tenant.tenant_id().empty());
}

TEST(DemoTenant, HasInvoiceAndCreditNoteSeriesOfTheYear) {
  invoicing::v1::Tenant tenant = DemoTenant(2027);
  ASSERT_EQ(tenant.series_size(), 2);
  EXPECT_EQ(tenant.series(0).code(), "FA");
  EXPECT_EQ(tenant.series(0).prefix(), "FA2027-");
  EXPECT_EQ(tenant.series(0).padding(), 6);
  EXPECT_EQ(tenant.series(0).document_kind(), "INVOICE");
  EXPECT_EQ(tenant.series(1).code(), "AV");
  EXPECT_EQ(tenant.series(1).prefix(), "AV2027-");
  EXPECT_EQ(tenant.series(1).document_kind(), "CREDIT_NOTE");
}

}  // namespace
}  // namespace factflow::cli
