// What is kept of an invoice when it is queued for Chorus Pro, and the anomalies the export
// will strike it for (seed 003), judged by the shared rule engine.
#include "chorus/chorus_queue_entry.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace factflow::dispatch::chorus {
namespace {

using ::testing::HasSubstr;

bool HasRule(const storage::QueuedInvoice& entry, const std::string& id) {
  for (const std::string& anomaly : entry.anomalies) {
    if (anomaly.find("[" + id + "]") != std::string::npos) return true;
  }
  return false;
}

invoicing::v1::Invoice ChorusInvoice() {
  invoicing::v1::Invoice invoice;
  invoice.set_invoice_id("0b7c2a53-6e1f-4a43-9d0e-1f2a3b4c5d6e");
  invoice.set_number("FA2026-000042");
  invoice.set_issue_date("2026-01-15");
  invoice.set_type_code("380");
  invoice.mutable_total_net()->set_value("100.00");
  invoice.mutable_total_vat()->set_value("20.00");
  invoice.mutable_total_with_vat()->set_value("120.00");
  invoice.mutable_amount_due()->set_value("120.00");
  invoice.mutable_buyer()->set_siret("21690123100011");
  invoice.mutable_buyer()->mutable_address()->set_country_code("FR");
  invoicing::v1::ChorusBuyer* chorus = invoice.mutable_chorus();
  chorus->set_customer_code("MAIRIE-LYON");
  chorus->set_export_to_chorus(true);
  chorus->set_commitment_number("EJ-2026-77");
  return invoice;
}

TEST(ChorusQueueEntryTest, KeepsWhatTheExportSelectsOn) {
  storage::QueuedInvoice entry = QueueEntry(ChorusInvoice(), {});
  EXPECT_EQ(entry.invoice_number, "FA2026-000042");
  EXPECT_EQ(entry.issue_date, "2026-01-15");
  EXPECT_EQ(entry.customer_code, "MAIRIE-LYON");
  EXPECT_TRUE(entry.export_to_chorus);
  EXPECT_EQ(entry.total_with_vat, "120.00");
  EXPECT_FALSE(HasRule(entry, "CHORUS-01"));
  EXPECT_FALSE(HasRule(entry, "CHORUS-09"));
  EXPECT_FALSE(HasRule(entry, "CHORUS-11"));
}

TEST(ChorusQueueEntryTest, TheSeedsAnomaliesAreStruck) {
  invoicing::v1::Invoice invoice = ChorusInvoice();
  invoice.mutable_buyer()->mutable_address()->clear_country_code();
  invoice.mutable_buyer()->clear_siret();
  invoice.set_purchase_order_reference("BC-991");  // with the commitment number: both filled
  invoicing::v1::Party* delivery = invoice.mutable_chorus()->mutable_delivery();
  delivery->set_name("Atelier municipal");
  storage::QueuedInvoice entry = QueueEntry(invoice, {});
  EXPECT_TRUE(HasRule(entry, "CHORUS-09"));  // billing country
  EXPECT_TRUE(HasRule(entry, "CHORUS-08"));  // delivery country
  EXPECT_TRUE(HasRule(entry, "CHORUS-01"));  // billing SIRET
  EXPECT_TRUE(HasRule(entry, "CHORUS-10"));  // delivery SIRET
  EXPECT_TRUE(HasRule(entry, "CHORUS-11"));  // commitment and purchase order
  for (const std::string& anomaly : entry.anomalies) EXPECT_THAT(anomaly, HasSubstr("bloquant"));
}

TEST(ChorusQueueEntryTest, AnUnreadableAmountIsItsOneAnomaly) {
  invoicing::v1::Invoice invoice = ChorusInvoice();
  invoice.mutable_total_vat()->set_value("douze");
  storage::QueuedInvoice entry = QueueEntry(invoice, {});
  ASSERT_EQ(entry.anomalies.size(), 1u);
  EXPECT_THAT(entry.anomalies[0], HasSubstr("montant illisible"));
}

}  // namespace
}  // namespace factflow::dispatch::chorus
