// Bills of exchange read back with poppler's pdftotext and pdffonts (independent readers): the
// legal mentions of a lettre de change and of a billet à ordre, the amount in words, the RIB.
#include "domain/bill_renderer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "domain/testing/process.h"

namespace factflow::dispatch::domain {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

BillOfExchange Sample(BillKind kind) {
  BillOfExchange bill;
  bill.kind = kind;
  bill.invoice_number = "FA2026-000042";
  bill.amount = *Decimal::Parse("1234.56");
  bill.due_date = "2027-01-31";
  bill.creation_date = "2026-12-02";
  bill.creation_place = "Lyon";
  bill.drawer.name = "Atelier Dubois SAS";
  bill.drawer.siren = "732829320";
  bill.drawer.address.line1 = "12 quai Saint-Vincent";
  bill.drawer.address.postal_code = "69001";
  bill.drawer.address.city = "Lyon";
  bill.drawee.name = "Menuiserie Durand SARL";
  bill.drawee.siren = "552100554";
  bill.drawee.address.line1 = "4 rue des Tanneurs";
  bill.drawee.address.postal_code = "69002";
  bill.drawee.address.city = "Lyon";
  bill.drawee_iban = "FR1420041010050500013M02606";
  bill.drawee_bank = "Société Générale Lyon";
  return bill;
}

std::string Text(const std::string& pdf, const std::string& name) {
  std::string path = testing::WriteTempFile(name, pdf);
  return testing::RunCommand("pdftotext -layout " + testing::ShellQuote(path) + " -").output;
}

TEST(BillRenderer, LettreDeChangeCarriesItsMentions) {
  absl::StatusOr<std::string> pdf = RenderBillPdf(Sample(BillKind::kLettreDeChange));
  ASSERT_TRUE(pdf.ok()) << pdf.status();
  std::string text = Text(*pdf, "lcr.pdf");
  EXPECT_THAT(text, HasSubstr("LETTRE DE CHANGE"));
  EXPECT_THAT(text, HasSubstr("1 234,56"));
  EXPECT_THAT(text, HasSubstr("mille deux cent trente-quatre euros et cinquante-six centimes"));
  EXPECT_THAT(text, HasSubstr("31/01/2027"));
  EXPECT_THAT(text, HasSubstr("02/12/2026"));
  EXPECT_THAT(text, HasSubstr("Tiré"));
  EXPECT_THAT(text, HasSubstr("Menuiserie Durand SARL"));
  EXPECT_THAT(text, HasSubstr("SIREN 552100554"));
  EXPECT_THAT(text, HasSubstr("Tireur"));
  EXPECT_THAT(text, HasSubstr("guichet 01005"));
  EXPECT_THAT(text, HasSubstr("FA2026-000042"));
  EXPECT_THAT(text, Not(HasSubstr("DUPLICATA")));
  std::string path = testing::WriteTempFile("lcr-fonts.pdf", *pdf);
  std::string fonts = testing::RunCommand("pdffonts " + testing::ShellQuote(path)).output;
  EXPECT_THAT(fonts, HasSubstr("DejaVu"));
  EXPECT_THAT(fonts, Not(HasSubstr(" no  ")));  // every font embedded
}

TEST(BillRenderer, BilletAOrdreNamesTheSubscriber) {
  BillOfExchange bill = Sample(BillKind::kBilletAOrdre);
  bill.copy_mark = "DUPLICATA";
  absl::StatusOr<std::string> pdf = RenderBillPdf(bill);
  ASSERT_TRUE(pdf.ok()) << pdf.status();
  std::string text = Text(*pdf, "bor.pdf");
  EXPECT_THAT(text, HasSubstr("BILLET À ORDRE"));
  EXPECT_THAT(text, HasSubstr("Souscripteur"));
  EXPECT_THAT(text, HasSubstr("Signature du souscripteur"));
  EXPECT_THAT(text, HasSubstr("DUPLICATA"));
  EXPECT_THAT(text, Not(HasSubstr("LETTRE DE CHANGE")));
}

TEST(BillRenderer, RefusesWhatCannotBeABill) {
  BillOfExchange zero = Sample(BillKind::kLettreDeChange);
  zero.amount = Decimal();
  EXPECT_EQ(RenderBillPdf(zero).status().code(), absl::StatusCode::kInvalidArgument);
  BillOfExchange no_due = Sample(BillKind::kLettreDeChange);
  no_due.due_date = "";
  EXPECT_THAT(std::string(RenderBillPdf(no_due).status().message()), HasSubstr("échéance"));
}

}  // namespace
}  // namespace factflow::dispatch::domain
