// Runs the official EN 16931 validator (XSD + CEN Schematron) on what WriteCiiD16B produces.
// Needs java, Saxon-HE and xmllint. A missing validator skips these tests with the reason, or
// fails them under CI=true (testing/einvoice_validator.h).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "domain/cii_writer.h"
#include "domain/ubl_writer.h"
#include "domain/testing/process.h"
#include "domain/testing/sample_invoices.h"
#include "testing/einvoice_validator.h"

namespace factflow::dispatch::domain {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// Writes `doc` as CII (or UBL 2.1), validates it and expects a VALID verdict with exit code 0.
void ExpectValid(const InvoiceDocument& doc, const std::string& file_name, bool ubl = false) {
  FACTFLOW_EINVOICE_VALIDATOR_OR_SKIP(validator, FACTFLOW_SOURCE_DIR);
  absl::StatusOr<std::string> xml = ubl ? WriteUbl21(doc) : WriteCiiD16B(doc);
  ASSERT_TRUE(xml.ok()) << xml.status();
  std::string path = testing::WriteTempFile(file_name, *xml);

  testing::CommandResult result =
      testing::RunCommand(testing::ShellQuote(validator) + " -q " + testing::ShellQuote(path));
  EXPECT_EQ(result.exit_code, 0) << result.output << "\n" << *xml;
  EXPECT_THAT(result.output, HasSubstr("-> VALID"));
  EXPECT_THAT(result.output, Not(HasSubstr("INVALID")));
}

TEST(EinvoiceValidationTest, InvoiceWithTwoVatRatesAndShippingIsValid) {
  ExpectValid(testing::SampleInvoice(), "F2024-00042.xml");
}

TEST(EinvoiceValidationTest, CreditNoteWithPrecedingInvoiceIsValid) {
  ExpectValid(testing::SampleCreditNote(), "AV2024-00007.xml");
}

TEST(EinvoiceValidationTest, VatFranchiseInvoiceIsValid) {
  ExpectValid(testing::SampleExemptInvoice(), "F2024-00043.xml");
}

TEST(EinvoiceValidationTest, MinimalInvoiceWithPrepaymentIsValid) {
  InvoiceDocument doc = testing::SampleInvoice();
  doc.number = "F2024-00044";
  doc.delivery_date.clear();
  doc.buyer_reference.clear();
  doc.purchase_order_reference.clear();
  doc.source_reference.clear();
  doc.notes.clear();
  doc.payment_terms_text.clear();
  doc.payment_means_code = "20";
  doc.payee_iban.clear();
  doc.payee_bic.clear();
  doc.seller.email.clear();
  doc.seller.phone.clear();
  doc.buyer.vat_number.clear();
  doc.buyer.siret.clear();
  doc.prepaid_amount = testing::D("500");
  testing::ComputeTotals(doc);
  ExpectValid(doc, "F2024-00044.xml");
}

// The same documents as UBL 2.1 (Chorus Pro's IN_DP_E1_UBL_INVOICE).
TEST(EinvoiceValidationTest, UblInvoiceWithDeliveryAndCommitmentIsValid) {
  ExpectValid(testing::SampleInvoice(), "F2024-00042-ubl.xml", true);
}

TEST(EinvoiceValidationTest, UblCreditNoteIsValid) {
  ExpectValid(testing::SampleCreditNote(), "AV2024-00007-ubl.xml", true);
}

TEST(EinvoiceValidationTest, UblVatFranchiseInvoiceIsValid) {
  ExpectValid(testing::SampleExemptInvoice(), "F2024-00043-ubl.xml", true);
}

TEST(EinvoiceValidationTest, ReformIdentifiersAreValid) {
  InvoiceDocument doc = testing::WithReformIdentifiers(testing::SampleInvoice(), "B1");
  doc.number = "F2024-00045";
  ExpectValid(doc, "F2024-00045.xml");
}

TEST(EinvoiceValidationTest, ValidatorRejectsABrokenTotal) {
  // Guards against a validator that says VALID to anything: bypass the writer's own check.
  absl::StatusOr<std::string> xml = WriteCiiD16B(testing::SampleInvoice());
  ASSERT_TRUE(xml.ok()) << xml.status();
  std::string broken = *xml;
  const std::string good = "<ram:GrandTotalAmount>1560.25</ram:GrandTotalAmount>";
  size_t at = broken.find(good);
  ASSERT_NE(at, std::string::npos);
  broken.replace(at, good.size(), "<ram:GrandTotalAmount>1560.26</ram:GrandTotalAmount>");
  FACTFLOW_EINVOICE_VALIDATOR_OR_SKIP(validator, FACTFLOW_SOURCE_DIR);
  testing::CommandResult result =
      testing::RunCommand(testing::ShellQuote(validator) + " -q " +
                          testing::ShellQuote(testing::WriteTempFile("broken.xml", broken)));
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_THAT(result.output, HasSubstr("BR-CO-15"));
  EXPECT_THAT(result.output, HasSubstr("INVALID"));
}

}  // namespace
}  // namespace factflow::dispatch::domain
