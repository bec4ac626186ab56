#include "domain/invoice_document.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "domain/testing/sample_invoices.h"

namespace factflow::dispatch::domain {
namespace {

using ::testing::AllOf;
using testing::D;
using ::testing::HasSubstr;
using testing::SampleCreditNote;
using testing::SampleExemptInvoice;
using testing::SampleInvoice;

// The message of the InvalidArgument status CheckConsistency returns for `doc`.
std::string Problems(const InvoiceDocument& doc) {
  absl::Status status = CheckConsistency(doc);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  return std::string(status.message());
}

const Decimal kOneCent = Decimal::FromCents(1);

TEST(CheckConsistencyTest, AcceptsTheSampleDocuments) {
  InvoiceDocument invoice = SampleInvoice();
  EXPECT_EQ(invoice.total_net, D("1308.11"));
  EXPECT_EQ(invoice.total_vat, D("252.14"));
  EXPECT_EQ(invoice.total_with_vat, D("1560.25"));
  EXPECT_TRUE(CheckConsistency(invoice).ok()) << CheckConsistency(invoice);
  EXPECT_TRUE(CheckConsistency(SampleCreditNote()).ok()) << CheckConsistency(SampleCreditNote());
  EXPECT_TRUE(CheckConsistency(SampleExemptInvoice()).ok())
      << CheckConsistency(SampleExemptInvoice());
}

// Found by tests/fuzz/fuzz_cii_writer: such text made CII that no XML parser reads.
TEST(CheckConsistencyTest, RefusesTextThatIsNotValidUtf8OrHasControlCharacters) {
  InvoiceDocument doc = SampleInvoice();
  doc.buyer.name = "Ville de Lyon \xad\x19";
  doc.lines[0].label = "Livre\x01";
  absl::Status status = CheckConsistency(doc);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), AllOf(HasSubstr("buyer.name: invalid UTF-8 or control character"),
                                      HasSubstr(".label: invalid UTF-8 or control character")));
}

TEST(CheckConsistencyTest, CatchesOneCentOnTheNetTotal) {
  InvoiceDocument doc = SampleInvoice();
  doc.total_net += kOneCent;
  EXPECT_THAT(Problems(doc), AllOf(HasSubstr("total_net: 1308.12 != sum of lines[].net_amount "
                                             "1308.11 (BR-CO-10)"),
                                   HasSubstr("total_with_vat")));
}

TEST(CheckConsistencyTest, CatchesOneCentOnALine) {
  InvoiceDocument doc = SampleInvoice();
  doc.lines[2].net_amount += kOneCent;
  EXPECT_THAT(Problems(doc), AllOf(HasSubstr("total_net"), HasSubstr("vat_breakdown[0].basis")));
}

// Shifts group 1's VAT by `delta`, keeping every total consistent with it.
InvoiceDocument WithGroupVatShiftedBy(Decimal delta) {
  InvoiceDocument doc = SampleInvoice();
  doc.vat_breakdown[1].vat_amount += delta;
  doc.total_vat += delta;
  doc.total_with_vat += delta;
  doc.amount_due += delta;
  return doc;
}

TEST(CheckConsistencyTest, AcceptsAGroupVatAFewCentsFromTheRoundedProduct) {
  // VAT-inclusive consumer prices give VAT = sum(gross) - basis: a few cents from
  // round(basis x rate), which the CEN rules accept (BR-CO-17 tolerance).
  EXPECT_TRUE(CheckConsistency(WithGroupVatShiftedBy(-Decimal::FromCents(3))).ok());
  EXPECT_TRUE(CheckConsistency(WithGroupVatShiftedBy(Decimal::FromCents(99))).ok());
}

TEST(CheckConsistencyTest, RefusesAGroupVatOneUnitOrMoreFromTheRoundedProduct) {
  EXPECT_THAT(Problems(WithGroupVatShiftedBy(-Decimal::FromUnits(1))),
              AllOf(HasSubstr("vat_breakdown[1].vat_amount"), HasSubstr("BR-CO-17"),
                    ::testing::Not(HasSubstr("total_"))));
}

TEST(CheckConsistencyTest, CatchesOneCentOnEachTotal) {
  struct Case {
    Decimal InvoiceDocument::*field;
    const char* name;
  };
  for (const Case& c : {Case{&InvoiceDocument::total_vat, "total_vat: "},
                        Case{&InvoiceDocument::total_with_vat, "total_with_vat: "},
                        Case{&InvoiceDocument::amount_due, "amount_due: "}}) {
    InvoiceDocument doc = SampleInvoice();
    doc.*c.field += kOneCent;
    EXPECT_THAT(Problems(doc), HasSubstr(c.name));
  }
}

TEST(CheckConsistencyTest, AmountDueAccountsForThePrepaidAmount) {
  InvoiceDocument doc = SampleInvoice();
  doc.prepaid_amount = D("500");
  EXPECT_THAT(Problems(doc), HasSubstr("amount_due: 1560.25 != total_with_vat - prepaid_amount "
                                       "1060.25 (BR-CO-16)"));
  doc.amount_due = D("1060.25");
  EXPECT_TRUE(CheckConsistency(doc).ok());
}

TEST(CheckConsistencyTest, RejectsSubCentAmounts) {
  InvoiceDocument doc = SampleInvoice();
  doc.lines[0].net_amount += Decimal::FromRaw(1);
  EXPECT_THAT(Problems(doc), HasSubstr("lines[0].net_amount: 1197.0001 has more than 2 decimals"));
}

TEST(CheckConsistencyTest, RequiresOneBreakdownGroupPerCategoryAndRate) {
  InvoiceDocument doc = SampleInvoice();
  doc.vat_breakdown.pop_back();
  EXPECT_THAT(Problems(doc), HasSubstr("vat_breakdown: missing the group for category S rate 20"));

  doc = SampleInvoice();
  doc.vat_breakdown.push_back(doc.vat_breakdown[0]);
  EXPECT_THAT(Problems(doc), HasSubstr("vat_breakdown[2].basis: no line or a duplicate group"));
}

TEST(CheckConsistencyTest, NamesEveryMissingRequiredField) {
  InvoiceDocument doc = SampleInvoice();
  doc.number.clear();
  doc.issue_date.clear();
  doc.due_date = "14/02/2024";
  doc.seller.name.clear();
  doc.seller.address.line1.clear();
  doc.seller.address.country_code.clear();
  doc.buyer.name.clear();
  doc.buyer.address.country_code = "France";
  doc.payee_iban.clear();
  EXPECT_THAT(Problems(doc),
              AllOf(HasSubstr("number: required"), HasSubstr("issue_date: required"),
                    HasSubstr("due_date: \"14/02/2024\" is not a YYYY-MM-DD date"),
                    HasSubstr("seller.name: required"), HasSubstr("seller.address.line1: required"),
                    HasSubstr("seller.address.country_code: required"),
                    HasSubstr("buyer.name: required"), HasSubstr("buyer.address.country_code"),
                    HasSubstr("payee_iban: required for a credit transfer")));
}

TEST(CheckConsistencyTest, RequiresLines) {
  InvoiceDocument doc = SampleInvoice();
  doc.lines.clear();
  doc.vat_breakdown.clear();
  doc.total_net = doc.total_vat = doc.total_with_vat = doc.amount_due = Decimal();
  EXPECT_THAT(Problems(doc), HasSubstr("lines: at least one line is required"));
}

TEST(CheckConsistencyTest, ChecksLinesAndCategories) {
  InvoiceDocument doc = SampleInvoice();
  doc.lines[1].label.clear();
  doc.lines[3].line_number = 1;
  doc.lines[4].vat_category_code = "X";
  EXPECT_THAT(Problems(doc), AllOf(HasSubstr("lines[1].label: required"),
                                   HasSubstr("lines[3].line_number: 1 must be positive and unique"),
                                   HasSubstr("lines[4].vat_category_code: \"X\"")));
}

TEST(CheckConsistencyTest, RequiresAnExemptionReasonAndAZeroRateForExemptLines) {
  InvoiceDocument doc = SampleExemptInvoice();
  doc.vat_breakdown[0].exemption_reason.clear();
  EXPECT_THAT(Problems(doc),
              HasSubstr("vat_breakdown[0].exemption_reason: required for category E"));

  doc = SampleExemptInvoice();
  doc.lines[0].vat_rate = D("20");
  EXPECT_THAT(Problems(doc), HasSubstr("lines[0].vat_rate: 20 must be 0 for category E"));
}

TEST(CheckConsistencyTest, CreditNotesNameTheInvoiceTheyCancel) {
  InvoiceDocument doc = SampleCreditNote();
  doc.preceding_invoice_number.clear();
  EXPECT_THAT(Problems(doc), HasSubstr("preceding_invoice_number: required"));
}

TEST(CheckConsistencyTest, EnforcesTheFrenchNumberingCharset) {
  InvoiceDocument doc = SampleInvoice();
  doc.number = "F 2024#42";
  EXPECT_THAT(Problems(doc), HasSubstr("number: \"F 2024#42\" must be at most 35 characters"));
}

}  // namespace
}  // namespace factflow::dispatch::domain
