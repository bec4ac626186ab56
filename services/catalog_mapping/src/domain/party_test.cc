#include "domain/party.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace factflow::catalog_mapping::domain {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

std::string Message(const absl::Status& status) { return std::string(status.message()); }

Party ValidDraft() {
  Party party;
  party.code = "CLI-1";
  party.kind = "CLIENT";
  party.name = "Mairie de Lyon";
  return party;
}

TEST(ValidatePartyTest, NormalisesKindSiretVatNumberAndCountry) {
  Party draft = ValidDraft();
  draft.kind = "client";
  draft.siret = "213 690 123 00017";
  draft.vat_number = "fr 32 123456789";
  draft.billing_address.city = " Lyon ";
  draft.billing_address.country_code = "fr";
  draft.export_to_chorus = true;
  absl::StatusOr<Party> party = ValidateParty(draft);
  ASSERT_TRUE(party.ok()) << party.status();
  EXPECT_EQ(party->kind, "CLIENT");
  EXPECT_EQ(party->siret, "21369012300017");
  EXPECT_EQ(party->vat_number, "FR32123456789");
  EXPECT_EQ(party->billing_address.city, "Lyon");
  EXPECT_EQ(party->billing_address.country_code, "FR");
  EXPECT_TRUE(party->delivery_address.empty());
}

TEST(ValidatePartyTest, RefusesUnknownKindAndMalformedIdentifiers) {
  Party draft = ValidDraft();
  draft.kind = "PROSPECT";
  draft.siret = "1234";
  draft.email = "nobody";
  draft.delivery_address.country_code = "FRA";
  absl::StatusOr<Party> party = ValidateParty(draft);
  EXPECT_EQ(party.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(party.status()),
              AllOf(HasSubstr("utilisez CLIENT, FOURNISSEUR ou CONTACT"),
                    HasSubstr("party.siret « 1234 » n'est pas un SIRET : donnez les 14 chiffres"),
                    HasSubstr("party.email « nobody »"),
                    HasSubstr("party.delivery_address.country_code « FRA »")));
}

TEST(ValidatePartyTest, ChorusExportNeedsASiret) {
  Party draft = ValidDraft();
  draft.export_to_chorus = true;
  EXPECT_THAT(Message(ValidateParty(draft).status()),
              HasSubstr("export_to_chorus est coché mais party.siret est vide"));
}

TEST(ValidatePartyTest, RequiresCodeAndName) {
  Party draft;
  draft.kind = "CONTACT";
  EXPECT_THAT(Message(ValidateParty(draft).status()),
              AllOf(HasSubstr("party.code est vide"), HasSubstr("party.name est obligatoire")));
}

}  // namespace
}  // namespace factflow::catalog_mapping::domain
