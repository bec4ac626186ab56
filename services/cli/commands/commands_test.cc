// The French reports the commands print, built from service responses (pure functions).

#include <gtest/gtest.h>

#include "commands/imports.h"
#include "commands/invoices.h"
#include "commands/operations.h"
#include "commands/tenant.h"
#include "demo_tenant.h"

namespace factflow::cli {
namespace {

importer::v1::Batch SampleBatch() {
  importer::v1::Batch batch;
  batch.set_batch_number(12);
  batch.set_file_name("commandes-terminees-18-01-2026.xlsx");
  batch.set_format("fnac-orders-xlsx");
  batch.set_status(importer::v1::BATCH_STATUS_STAGED);
  batch.set_rows_read(97);
  batch.set_document_count(40);
  batch.set_valid_document_count(38);
  batch.set_issue_count(25);
  batch.mutable_total_incl_vat()->set_value("1234.5");
  return batch;
}

TEST(DescribeUpload, CountsAndTheFirstTwentyIssues) {
  std::vector<importer::v1::Issue> issues(25);
  for (int i = 0; i < 25; ++i) {
    issues[i].set_file_name("f.xlsx");
    issues[i].set_row(i + 2);
    issues[i].set_column("H");
    issues[i].set_header("Quantité");
    issues[i].set_message("quantité manquante");
  }
  std::string report = DescribeUpload(SampleBatch(), issues);
  EXPECT_NE(report.find("Lot n° 12 : commandes-terminees-18-01-2026.xlsx (fnac-orders-xlsx, à "
                        "contrôler)\n"),
            std::string::npos)
      << report;
  EXPECT_NE(report.find("Lignes lues : 97\n"), std::string::npos) << report;
  EXPECT_NE(report.find("Commandes   : 40 (valides : 38, invalides : 2)\n"), std::string::npos)
      << report;
  EXPECT_NE(report.find("Total TTC   : 1\xC2\xA0"
                        "234,50 €\n"),
            std::string::npos)
      << report;
  EXPECT_NE(report.find("  f.xlsx:21:H Quantité — quantité manquante\n"), std::string::npos);
  EXPECT_EQ(report.find("f.xlsx:22:H"), std::string::npos) << "only the first 20 issues";
  EXPECT_NE(report.find("  … et 5 autres problèmes (factflowctl grid 12 --invalid)\n"),
            std::string::npos)
      << report;
}

TEST(DescribeGenerated, CountAndRange) {
  importer::v1::Batch batch;
  batch.set_invoice_count(38);
  batch.set_first_invoice_number("FA2026-000001");
  batch.set_last_invoice_number("FA2026-000038");
  EXPECT_EQ(DescribeGenerated(batch), "38 factures générées (FA2026-000001 → FA2026-000038)");
  batch.set_invoice_count(1);
  batch.set_last_invoice_number("FA2026-000001");
  EXPECT_EQ(DescribeGenerated(batch), "1 facture générée (FA2026-000001)");
}

TEST(DescribeActionOutcome, SaysSelectedChangedAndRefusedWithReasons) {
  invoicing::v1::Operation op;
  op.set_operation_id("op-1");
  op.set_action(invoicing::v1::INVOICE_ACTION_SEND);
  op.set_total(38);
  op.set_done(36);
  EXPECT_EQ(DescribeActionOutcome(op), "Envoi : 38 factures sélectionnées, 36 modifiées\n");
  op.set_refused(2);
  auto* group = op.add_refusals();
  group->set_reason("« Envoyer les factures » ne concerne que les factures à l'état Prêt");
  group->set_count(2);
  EXPECT_EQ(DescribeActionOutcome(op),
            "Envoi : 38 factures sélectionnées, 36 modifiées, 2 refusées\n"
            "  2 × « Envoyer les factures » ne concerne que les factures à l'état Prêt\n"
            "Détail des refus : factflowctl operations show op-1 --refused\n");
  invoicing::v1::Operation empty;
  empty.set_action(invoicing::v1::INVOICE_ACTION_PREPARE);
  empty.set_step("aucune facture ne correspond à la sélection (états : En attente)");
  EXPECT_EQ(DescribeActionOutcome(empty),
            "Préparation de l'envoi : 0 facture sélectionnée, 0 modifiée (aucune facture ne "
            "correspond à la sélection (états : En attente))\n");
}

TEST(FinalSendWarning, IsTheSeedsWording) {
  EXPECT_STREQ(kFinalSendWarning,
               "Attention, l'envoi de la facture au destinataire est définitif. Il ne sera plus "
               "possible de modifier la facture après envoi. Souhaitez-vous poursuivre ?");
}

TEST(TotalWithVat, AddsInDecimal) {
  invoicing::v1::ListInvoicesResponse invoices;
  for (const char* total : {"0.10", "0.20", "1999.99"}) {
    invoices.add_invoices()->mutable_total_with_vat()->set_value(total);
  }
  // 0.1 + 0.2 is exactly 0.30 here, unlike binary floating point.
  EXPECT_EQ(TotalWithVat(invoices).value(), "2000.29");
}

TEST(DescribeTenant, ShowsIdentityAndSeries) {
  invoicing::v1::Tenant tenant = DemoTenant(2026);
  tenant.set_tenant_id("demo");
  std::string text = DescribeTenant(tenant);
  EXPECT_NE(text.find("Raison sociale"), std::string::npos);
  EXPECT_NE(text.find(": Librairie du Marais\n"), std::string::npos) << text;
  EXPECT_NE(text.find(": FR19812345676\n"), std::string::npos) << text;
  EXPECT_NE(text.find(": 12 rue des Archives, 75004 Paris, FR\n"), std::string::npos) << text;
  EXPECT_NE(text.find(": 30 jours\n"), std::string::npos) << text;
  EXPECT_NE(text.find("FA     factures  FA2026-         6  FA2026-000001"), std::string::npos)
      << text;
  EXPECT_NE(text.find("AV     avoirs    AV2026-         6  AV2026-000001"), std::string::npos)
      << text;
}

}  // namespace
}  // namespace factflow::cli
