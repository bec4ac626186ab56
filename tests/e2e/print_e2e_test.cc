// End to end, against the stack started by ./factflow test: print and preview (issue 9,
// domain.md §4). A print of 1 000 manual invoices is an operation in chunks whose ZIP is
// streamed by DownloadPrint and read back by Info-ZIP's unzip and poppler's pdftotext
// (independent readers); the first print records the print date and operator, a reprint carries
// "DUPLICATA" and keeps the first date, a preview records nothing on the invoice; a sent
// invoice gets its print date once and never again (checked with SQL as the service's role).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <pqxx/pqxx>
#include <set>

#include "absl/strings/str_split.h"
#include "e2e/flow_fixture.h"
#include "e2e/manual_request.h"
#include "testing/test_database.h"

namespace factflow::e2e {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string Shell(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  pclose(pipe);
  return out;
}


class PrintTest : public FlowTest {
 protected:
  void SetUp() override {
    tenant_ = UniqueTenant("e2e-print");
    CreateTenant(tenant_);
  }

  iv1::Invoice Create(int i) {
    iv1::Invoice invoice;
    grpc::Status status =
        stack_.invoices().CreateInvoice(stack_.Context(token_).get(), ManualInvoiceRequest(i), &invoice);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return invoice;
  }

  iv1::Invoice Get(const std::string& id) {
    iv1::GetInvoiceRequest request;
    request.set_invoice_id(id);
    iv1::Invoice invoice;
    EXPECT_TRUE(stack_.invoices().GetInvoice(stack_.Context(token_).get(), request, &invoice).ok());
    return invoice;
  }

  iv1::Operation Run(iv1::InvoiceAction action, const iv1::SelectionCriteria& criteria) {
    iv1::Operation op = WaitOperation(Start(action, criteria));
    EXPECT_EQ(op.state(), iv1::OPERATION_STATE_SUCCEEDED) << op.ShortDebugString();
    return op;
  }

  // DownloadPrint into a file; returns its path (empty on error, with `status` set).
  std::string Download(const std::string& operation_id, grpc::Status* status = nullptr) {
    iv1::DownloadPrintRequest request;
    request.set_operation_id(operation_id);
    auto context = stack_.Context(token_);
    auto reader = stack_.invoices().DownloadPrint(context.get(), request);
    std::string path = absl::StrCat(::testing::TempDir(), "/print-", operation_id, ".zip");
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    iv1::DownloadPrintChunk chunk;
    int messages = 0;
    while (reader->Read(&chunk)) {
      if (messages++ == 0) {
        EXPECT_THAT(chunk.file_name(), HasSubstr(operation_id));
      }
      EXPECT_LE(chunk.data().size(), 1u << 20);
      out.write(chunk.data().data(), static_cast<std::streamsize>(chunk.data().size()));
    }
    out.close();
    grpc::Status finished = reader->Finish();
    if (status != nullptr) *status = finished;
    if (!finished.ok()) return "";
    return path;
  }

  std::vector<std::string> ZipNames(const std::string& zip) {
    std::vector<std::string> names =
        absl::StrSplit(Shell("unzip -Z1 '" + zip + "'"), '\n', absl::SkipEmpty());
    return names;
  }

  std::string PdfText(const std::string& zip, const std::string& entry) {
    return Shell("unzip -p '" + zip + "' '" + entry + "' | pdftotext - -");
  }

  std::string tenant_;
};

TEST_F(PrintTest, ThousandInvoicesPrintedOnceThenDuplicataAndPreviewRecordsNothing) {
  constexpr int kInvoices = 1000;
  std::vector<iv1::Invoice> created;
  for (int i = 0; i < kInvoices; ++i) created.push_back(Create(i));
  ASSERT_EQ(created.size(), static_cast<size_t>(kInvoices));

  // The seed's default filter: never printed, not dematerialised; default states.
  iv1::SelectionCriteria never_printed;
  never_printed.set_only_without_print_date(true);
  never_printed.set_only_without_dematerialisation(true);
  iv1::Operation print = Run(iv1::INVOICE_ACTION_PRINT, never_printed);
  EXPECT_EQ(print.total(), kInvoices);
  EXPECT_EQ(print.done(), kInvoices);
  EXPECT_EQ(print.refused(), 0);

  std::string zip = Download(print.operation_id());
  ASSERT_FALSE(zip.empty());
  EXPECT_THAT(Shell("unzip -tq '" + zip + "' 2>&1"), HasSubstr("No errors detected"));
  std::vector<std::string> names = ZipNames(zip);
  ASSERT_EQ(names.size(), static_cast<size_t>(kInvoices));
  // In selection order (series, number), one PDF per invoice named by its number.
  for (int i = 0; i < kInvoices; ++i) {
    EXPECT_EQ(names[i], absl::StrCat(created[i].number(), ".pdf"));
  }
  std::string first_text = PdfText(zip, names[0]);
  EXPECT_THAT(first_text, HasSubstr(created[0].number()));
  EXPECT_THAT(first_text, HasSubstr("Client 0 SARL"));
  EXPECT_THAT(first_text, Not(HasSubstr("DUPLICATA")));

  // The print date and operator are recorded, once.
  iv1::Invoice printed = Get(created[500].invoice_id());
  EXPECT_EQ(printed.printed_by(), "e2e-operator");
  ASSERT_GT(printed.printed_at().seconds(), 0);
  std::vector<iv1::AuditEntry> audit = Audit(created[500].invoice_id());
  ASSERT_FALSE(audit.empty());
  EXPECT_EQ(audit.back().action(), "PRINT");
  EXPECT_EQ(audit.back().detail(), "première impression");

  // The default filter now selects nothing, and says why.
  iv1::Operation again = Start(iv1::INVOICE_ACTION_PRINT, never_printed);
  EXPECT_EQ(again.total(), 0);
  EXPECT_EQ(again.state(), iv1::OPERATION_STATE_SUCCEEDED);
  EXPECT_THAT(again.step(), HasSubstr("aucune facture"));

  // A reprint by another operator: "DUPLICATA", the first print date and operator kept.
  token_ = stack_.Token(tenant_, {"admin", "operator"}, "bob");
  iv1::SelectionCriteria two;
  two.add_invoice_ids(created[500].invoice_id());
  two.add_invoice_ids(created[501].invoice_id());
  iv1::Operation reprint = Run(iv1::INVOICE_ACTION_PRINT, two);
  EXPECT_EQ(reprint.done(), 2);
  std::string rezip = Download(reprint.operation_id());
  ASSERT_EQ(ZipNames(rezip).size(), 2u);
  EXPECT_THAT(PdfText(rezip, created[500].number() + ".pdf"), HasSubstr("DUPLICATA"));
  iv1::Invoice after = Get(created[500].invoice_id());
  EXPECT_EQ(after.printed_by(), "e2e-operator");
  EXPECT_EQ(after.printed_at().seconds(), printed.printed_at().seconds());
  audit = Audit(created[500].invoice_id());
  EXPECT_EQ(audit.back().detail(), "duplicata");
  EXPECT_EQ(audit.back().operator_id(), "bob");

  // A preview of a new invoice: the same PDF, nothing recorded on the invoice.
  iv1::Invoice fresh = Create(kInvoices);
  iv1::SelectionCriteria one;
  one.add_invoice_ids(fresh.invoice_id());
  iv1::Operation preview = Run(iv1::INVOICE_ACTION_PREVIEW, one);
  EXPECT_EQ(preview.done(), 1);
  std::string pzip = Download(preview.operation_id());
  ASSERT_EQ(ZipNames(pzip).size(), 1u);
  EXPECT_THAT(PdfText(pzip, fresh.number() + ".pdf"), HasSubstr(fresh.number()));
  iv1::Invoice unprinted = Get(fresh.invoice_id());
  EXPECT_EQ(unprinted.printed_at().seconds(), 0);
  EXPECT_EQ(unprinted.printed_by(), "");
  EXPECT_EQ(Audit(fresh.invoice_id()).back().action(), "PREVIEW");

  // The audit chain stays intact through the set-based print rows.
  iv1::VerifyAuditTrailResponse verified;
  ASSERT_TRUE(stack_.invoices()
                  .VerifyAuditTrail(stack_.Context(token_).get(), iv1::VerifyAuditTrailRequest(),
                                    &verified)
                  .ok());
  EXPECT_TRUE(verified.intact()) << verified.problem();
}

TEST_F(PrintTest, SentInvoiceGetsItsPrintDateOnceThroughTheNarrowPath) {
  iv1::Invoice invoice = Create(1);
  iv1::SelectionCriteria one;
  one.add_invoice_ids(invoice.invoice_id());
  Run(iv1::INVOICE_ACTION_PREPARE, one);
  Run(iv1::INVOICE_ACTION_SEND, one);
  ASSERT_EQ(Get(invoice.invoice_id()).send_state(), iv1::SEND_STATE_ENVOYE);

  iv1::Operation print = Run(iv1::INVOICE_ACTION_PRINT, one);
  EXPECT_EQ(print.done(), 1);
  iv1::Invoice printed = Get(invoice.invoice_id());
  EXPECT_GT(printed.printed_at().seconds(), 0);
  EXPECT_EQ(printed.send_state(), iv1::SEND_STATE_ENVOYE);

  // The service's own role cannot move the print date of a sent invoice afterwards.
  pqxx::connection connection(testing::RequireEnv("FACTFLOW_INVOICING_STATE_DATABASE_URL"));
  pqxx::work tx(connection);
  EXPECT_THROW(tx.exec_params("UPDATE invoices SET printed_at = now() - interval '1 day', "
                              "printed_by = 'mallory' WHERE invoice_id = $1::uuid",
                              invoice.invoice_id()),
               pqxx::sql_error);
}

TEST_F(PrintTest, DownloadRefusesWhatIsNotAFinishedPrintInFrench) {
  iv1::Invoice invoice = Create(2);
  iv1::SelectionCriteria one;
  one.add_invoice_ids(invoice.invoice_id());
  iv1::Operation prepare = Run(iv1::INVOICE_ACTION_PREPARE, one);
  grpc::Status status;
  EXPECT_TRUE(Download(prepare.operation_id(), &status).empty());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("n'est pas une impression"));

  // Another tenant's print is not found.
  iv1::Operation print = Run(iv1::INVOICE_ACTION_PRINT, one);
  std::string own = token_;
  token_ = stack_.Token(UniqueTenant("e2e-print-other"));
  EXPECT_TRUE(Download(print.operation_id(), &status).empty());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  token_ = own;
  EXPECT_TRUE(Download("pas-un-uuid", &status).empty());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(PrintTest, BillsOnlyForLcrAndBilletAOrdreWithTheCfonbRemittance) {
  iv1::CreateInvoiceRequest lcr = ManualInvoiceRequest(3);
  lcr.set_payment_mode(iv1::PAYMENT_MODE_LCR);
  lcr.mutable_buyer()->set_iban("FR14 2004 1010 0505 0001 3M02 606");
  lcr.mutable_buyer()->set_bank_name("Société Générale Lyon");
  iv1::Invoice lcr_invoice;
  ASSERT_TRUE(
      stack_.invoices().CreateInvoice(stack_.Context(token_).get(), lcr, &lcr_invoice).ok());
  iv1::CreateInvoiceRequest bor = ManualInvoiceRequest(4);
  bor.set_payment_mode(iv1::PAYMENT_MODE_BILLET_A_ORDRE);
  iv1::Invoice bor_invoice;
  ASSERT_TRUE(
      stack_.invoices().CreateInvoice(stack_.Context(token_).get(), bor, &bor_invoice).ok());
  iv1::Invoice transfer = Create(5);  // VIREMENT
  iv1::CreateInvoiceRequest lcr_without_iban = ManualInvoiceRequest(6);
  lcr_without_iban.set_payment_mode(iv1::PAYMENT_MODE_LCR);
  iv1::Invoice no_iban;
  ASSERT_TRUE(stack_.invoices()
                  .CreateInvoice(stack_.Context(token_).get(), lcr_without_iban, &no_iban)
                  .ok());

  iv1::SelectionCriteria four;
  for (const auto* invoice : {&lcr_invoice, &bor_invoice, &transfer, &no_iban}) {
    four.add_invoice_ids(invoice->invoice_id());
  }
  iv1::Operation bills = Run(iv1::INVOICE_ACTION_PRINT_BILLS_OF_EXCHANGE, four);
  EXPECT_EQ(bills.total(), 4);
  EXPECT_EQ(bills.done(), 2);
  EXPECT_EQ(bills.refused(), 2);
  std::string reasons;
  for (const auto& group : bills.refusals()) reasons += group.reason() + "\n";
  EXPECT_THAT(reasons, HasSubstr("ne concerne que les factures payables par LCR ou billet à ordre"));
  EXPECT_THAT(reasons, HasSubstr("LCR non remettable à la banque"));
  EXPECT_THAT(reasons, HasSubstr(no_iban.number()));

  std::string zip = Download(bills.operation_id());
  ASSERT_FALSE(zip.empty());
  std::vector<std::string> names = ZipNames(zip);
  ASSERT_EQ(names.size(), 3u);
  EXPECT_EQ(names[0], "remise-LCR.txt");
  EXPECT_EQ(names[1], lcr_invoice.number() + ".pdf");
  EXPECT_EQ(names[2], bor_invoice.number() + ".pdf");
  std::string lcr_text = PdfText(zip, names[1]);
  EXPECT_THAT(lcr_text, HasSubstr("LETTRE DE CHANGE"));
  EXPECT_THAT(lcr_text, HasSubstr("euros"));
  EXPECT_THAT(PdfText(zip, names[2]), HasSubstr("BILLET À ORDRE"));

  // The remittance: header, one detail for the LCR (not the BOR), total; 160 + CR LF each.
  std::string remittance = Shell("unzip -p '" + zip + "' remise-LCR.txt");
  std::vector<std::string> records = absl::StrSplit(remittance, "\r\n", absl::SkipEmpty());
  ASSERT_EQ(records.size(), 3u) << remittance;
  for (const std::string& record : records) EXPECT_EQ(record.size(), 160u);
  EXPECT_EQ(records[0].substr(0, 12), "036000000001");
  EXPECT_EQ(records[0].substr(81, 21), "300060000112345678901");  // the tenant's RIB
  EXPECT_EQ(records[1].substr(0, 12), "066000000002");
  EXPECT_EQ(records[1].substr(81, 21), "20041010050500013M026");  // the buyer's RIB
  EXPECT_EQ(std::stoll(records[1].substr(102, 12)),
            D(lcr_invoice.amount_due()).RoundedToCents().cents());
  EXPECT_EQ(records[2].substr(0, 12), "086000000003");
  EXPECT_EQ(records[2].substr(102, 12), records[1].substr(102, 12));

  // A bill records no print date on the invoice.
  EXPECT_EQ(Get(lcr_invoice.invoice_id()).printed_at().seconds(), 0);
}

}  // namespace
}  // namespace factflow::e2e
