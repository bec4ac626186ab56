// End to end, against the stack started by ./factflow test: manual invoices (numbering without
// gap under 8 concurrent clients, payment modes, discounts, French refusals), credit notes
// (total, partial, over-credit refused) and the audit hash chain (verified intact, then a row
// changed, deleted or reordered with SQL as the owner role is found and named).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <pqxx/pqxx>
#include <set>
#include <thread>

#include "e2e/flow_fixture.h"
#include "testing/test_database.h"

namespace factflow::e2e {
namespace {

using ::testing::HasSubstr;

common::v1::Decimal W(const char* value) {
  common::v1::Decimal d;
  d.set_value(value);
  return d;
}

iv1::ManualLine Line(const char* label, const char* quantity, const char* price, const char* rate,
                     const char* discount = "") {
  iv1::ManualLine line;
  line.set_label(label);
  *line.mutable_quantity() = W(quantity);
  *line.mutable_unit_price() = W(price);
  *line.mutable_vat_rate() = W(rate);
  if (*discount) *line.mutable_discount_percent() = W(discount);
  return line;
}

iv1::CreateInvoiceRequest Request() {
  iv1::CreateInvoiceRequest request;
  auto* buyer = request.mutable_buyer();
  buyer->set_name("Menuiserie Durand SARL");
  buyer->set_siren("732829320");
  buyer->mutable_address()->set_line1("4 rue des Tanneurs");
  buyer->mutable_address()->set_postal_code("69002");
  buyer->mutable_address()->set_city("Lyon");
  *request.add_lines() = Line("Pose de parquet (m²)", "12.5", "38.40", "20", "10");
  *request.add_lines() = Line("Plinthes chêne", "3", "14.90", "20");
  *request.add_lines() = Line("Livre technique", "1", "42.00", "5.5");
  request.set_price_basis(iv1::PRICE_BASIS_EXCL_VAT);
  request.set_payment_mode(iv1::PAYMENT_MODE_VIREMENT);
  return request;
}

// Executes `sql` as the owner role of invoicing-state's database (what an intruder with the
// database password could do), with the append-only trigger disabled for the statement.
void Tamper(const std::string& sql) {
  pqxx::connection connection(
      testing::RequireEnv("FACTFLOW_INVOICING_STATE_MIGRATION_DATABASE_URL"));
  pqxx::work tx(connection);
  tx.exec("ALTER TABLE audit_trail DISABLE TRIGGER audit_trail_append_only");
  tx.exec(sql);
  tx.exec("ALTER TABLE audit_trail ENABLE TRIGGER audit_trail_append_only");
  tx.commit();
}

class ManualDocumentsTest : public FlowTest {
 protected:
  void SetUp() override {
    tenant_ = UniqueTenant("e2e-manual");
    token_ = stack_.Token(tenant_);
    iv1::Tenant tenant = DemoTenant(tenant_);
    auto* credit = tenant.add_series();
    credit->set_code("AV");
    credit->set_prefix("AV2026-");
    credit->set_padding(6);
    credit->set_document_kind("CREDIT_NOTE");
    iv1::Tenant created;
    grpc::Status status =
        stack_.tenants().CreateTenant(stack_.Context(token_).get(), tenant, &created);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  grpc::Status Create(const iv1::CreateInvoiceRequest& request, iv1::Invoice* out) {
    return stack_.invoices().CreateInvoice(stack_.Context(token_).get(), request, out);
  }

  grpc::Status Credit(const iv1::CreateCreditNoteRequest& request, iv1::Invoice* out) {
    return stack_.invoices().CreateCreditNote(stack_.Context(token_).get(), request, out);
  }

  iv1::VerifyAuditTrailResponse Verify() {
    iv1::VerifyAuditTrailResponse response;
    grpc::Status status = stack_.invoices().VerifyAuditTrail(
        stack_.Context(token_).get(), iv1::VerifyAuditTrailRequest(), &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  std::string tenant_;
};

TEST_F(ManualDocumentsTest, ManualInvoiceIsComputedInDecimalAndNumbered) {
  iv1::Invoice invoice;
  grpc::Status status = Create(Request(), &invoice);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(invoice.number(), "FA2026-000001");
  EXPECT_EQ(invoice.type_code(), "380");
  EXPECT_EQ(invoice.send_state(), iv1::SEND_STATE_EN_ATTENTE);
  ASSERT_EQ(invoice.lines_size(), 3);
  // 38.40 - 10 % = 34.56; 12.5 x 34.56 = 432.00. 3 x 14.90 = 44.70. 1 x 42.00.
  EXPECT_EQ(D(invoice.lines(0).net_amount()), D(W("432.00")));
  EXPECT_EQ(D(invoice.lines(0).discount_percent()), D(W("10")));
  EXPECT_EQ(D(invoice.lines(1).net_amount()), D(W("44.70")));
  // VAT per rate on the net basis: 20 % of 476.70 = 95.34; 5.5 % of 42.00 = 2.31.
  EXPECT_EQ(D(invoice.total_net()), D(W("518.70")));
  EXPECT_EQ(D(invoice.total_vat()), D(W("97.65")));
  EXPECT_EQ(D(invoice.total_with_vat()), D(W("616.35")));
  EXPECT_EQ(invoice.payment_means_code(), "58");
  EXPECT_EQ(invoice.payee_iban(), "FR7630006000011234567890189");  // the tenant's
  EXPECT_FALSE(invoice.due_date().empty());
  EXPECT_EQ(invoice.price_basis(), "HT");

  // Prices incl. VAT: what the customer pays is exact.
  iv1::CreateInvoiceRequest ttc = Request();
  ttc.clear_lines();
  *ttc.add_lines() = Line("Carte cadeau", "3", "19.99", "20");
  ttc.set_price_basis(iv1::PRICE_BASIS_INCL_VAT);
  ttc.set_payment_mode(iv1::PAYMENT_MODE_LCR);
  ttc.set_due_date("2099-01-31");
  iv1::Invoice second;
  ASSERT_TRUE(Create(ttc, &second).ok());
  EXPECT_EQ(second.number(), "FA2026-000002");
  EXPECT_EQ(D(second.total_with_vat()), D(W("59.97")));
  EXPECT_EQ(second.payment_means_code(), "70");
  EXPECT_EQ(second.due_date(), "2099-01-31");

  std::vector<iv1::AuditEntry> audit = Audit(invoice.invoice_id());
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].action(), "CREATE");
  EXPECT_EQ(audit[0].to_state(), "EN_ATTENTE");
}

TEST_F(ManualDocumentsTest, BadInputIsRefusedInFrenchNamingTheField) {
  struct Case {
    std::function<void(iv1::CreateInvoiceRequest&)> change;
    std::string expected;
  };
  std::vector<Case> cases = {
      {[](auto& r) { r.mutable_buyer()->set_name(""); }, "buyer.name"},
      {[](auto& r) { r.mutable_buyer()->mutable_address()->set_city(""); }, "buyer.address"},
      {[](auto& r) { r.clear_lines(); }, "au moins une ligne"},
      {[](auto& r) { *r.mutable_lines(1)->mutable_quantity() = W("deux"); },
       "lines[2] : quantité « deux » n'est pas un nombre décimal"},
      {[](auto& r) { *r.mutable_lines(2)->mutable_vat_rate() = W("7"); }, "Ligne 3, taux de TVA"},
      {[](auto& r) { *r.mutable_lines(0)->mutable_discount_percent() = W("120"); },
       "lines[1] : remise"},
      {[](auto& r) { r.mutable_lines(0)->set_label(""); }, "Ligne 1, libellé"},
      {[](auto& r) { r.set_price_basis(iv1::PRICE_BASIS_UNSPECIFIED); }, "HT ou TTC"},
      {[](auto& r) { r.set_payment_mode(iv1::PAYMENT_MODE_UNSPECIFIED); }, "mode de paiement"},
      {[](auto& r) { r.set_due_date("2001-01-01"); }, "due_date : l'échéance du 01/01/2001"},
      {[](auto& r) { r.set_iban("FR7630006000011234567890180"); }, "iban"},
      {[](auto& r) { r.mutable_buyer()->set_siren("123456789"); }, "buyer.siren"},
      {[](auto& r) { r.set_series_code("AV"); }, "série « AV » : c'est une série d'avoirs"},
      {[](auto& r) { r.set_series_code("ZZ"); }, "série de numérotation « ZZ » inconnue"},
  };
  for (const Case& c : cases) {
    iv1::CreateInvoiceRequest request = Request();
    c.change(request);
    iv1::Invoice out;
    grpc::Status status = Create(request, &out);
    EXPECT_FALSE(status.ok()) << c.expected;
    EXPECT_THAT(status.error_message(), HasSubstr(c.expected));
  }
  // Nothing refused consumed a number.
  iv1::Invoice invoice;
  ASSERT_TRUE(Create(Request(), &invoice).ok());
  EXPECT_EQ(invoice.number(), "FA2026-000001");
}

TEST_F(ManualDocumentsTest, EightConcurrentClientsGetContiguousNumbers) {
  constexpr int kClients = 8;
  constexpr int kEach = 25;
  std::vector<std::vector<int64_t>> values(kClients);
  std::atomic<int> failures{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      for (int i = 0; i < kEach; ++i) {
        iv1::Invoice invoice;
        grpc::Status status = Create(Request(), &invoice);
        if (!status.ok()) {
          ++failures;
          continue;
        }
        values[c].push_back(invoice.sequence_value());
      }
    });
  }
  for (auto& t : clients) t.join();
  EXPECT_EQ(failures.load(), 0);
  std::set<int64_t> all;
  size_t count = 0;
  for (const auto& v : values) {
    count += v.size();
    all.insert(v.begin(), v.end());
    // Each client sees its own numbers increase (chronological series).
    EXPECT_TRUE(std::is_sorted(v.begin(), v.end()));
  }
  EXPECT_EQ(all.size(), count) << "a number was given twice";
  ASSERT_EQ(count, static_cast<size_t>(kClients * kEach));
  EXPECT_EQ(*all.begin(), 1);
  EXPECT_EQ(*all.rbegin(), kClients * kEach) << "a gap in the numbers";
  iv1::CheckNumberingRequest check_request;
  check_request.set_series_code("FA");
  iv1::CheckNumberingResponse check;
  ASSERT_TRUE(stack_.invoices()
                  .CheckNumbering(stack_.Context(token_).get(), check_request, &check)
                  .ok());
  EXPECT_TRUE(check.contiguous()) << check.problem();
  EXPECT_EQ(check.count(), kClients * kEach);
  // The audit chain stayed one chain under concurrency.
  iv1::VerifyAuditTrailResponse verified = Verify();
  EXPECT_TRUE(verified.intact()) << verified.problem();
  EXPECT_EQ(verified.entries_checked(), kClients * kEach);
}

TEST_F(ManualDocumentsTest, CreditNotesTotalPartialAndOverCreditRefused) {
  iv1::Invoice invoice;
  ASSERT_TRUE(Create(Request(), &invoice).ok());

  // Partial: 2 of the 3 plinths.
  iv1::CreateCreditNoteRequest partial;
  partial.set_invoice_number(invoice.number());
  partial.set_reason("Plinthes retournées");
  auto* line = partial.add_lines();
  line->set_line_number(2);
  *line->mutable_quantity() = W("2");
  iv1::Invoice note;
  grpc::Status status = Credit(partial, &note);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(note.number(), "AV2026-000001");
  EXPECT_EQ(note.type_code(), "381");
  EXPECT_EQ(note.preceding_invoice_number(), invoice.number());
  EXPECT_EQ(note.preceding_invoice_id(), invoice.invoice_id());
  // 2 x 14.90 = 29.80 + 20 % = 35.76.
  EXPECT_EQ(D(note.total_with_vat()), D(W("35.76")));
  ASSERT_EQ(note.lines_size(), 1);
  EXPECT_EQ(note.lines(0).line_number(), 2);

  // Over-credit: 2 more plinths when 1 is left.
  iv1::Invoice refused;
  status = Credit(partial, &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(),
              HasSubstr("ligne 2 : quantité à créditer 2 supérieure au reste à créditer 1"));

  // Total: everything left (12.5 m² of parquet, 1 plinth, the book).
  iv1::CreateCreditNoteRequest total;
  total.set_invoice_id(invoice.invoice_id());
  total.set_reason("Chantier annulé");
  iv1::Invoice rest;
  status = Credit(total, &rest);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(rest.number(), "AV2026-000002");
  EXPECT_EQ(D(note.total_with_vat()) + D(rest.total_with_vat()), D(invoice.total_with_vat()));

  // Nothing left: refused, and a credit note cannot itself be credited.
  status = Credit(total, &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("entièrement créditée"));
  iv1::CreateCreditNoteRequest of_note;
  of_note.set_invoice_id(note.invoice_id());
  of_note.set_reason("x");
  status = Credit(of_note, &refused);
  EXPECT_THAT(status.error_message(), HasSubstr("est un avoir"));
  iv1::CreateCreditNoteRequest wrong_series = total;
  wrong_series.set_series_code("FA");
  status = Credit(wrong_series, &refused);
  EXPECT_THAT(status.error_message(), HasSubstr("un avoir se numérote dans une série d'avoirs"));
  iv1::CreateCreditNoteRequest no_reason = total;
  no_reason.set_reason(" ");
  EXPECT_THAT(Credit(no_reason, &refused).error_message(), HasSubstr("motif"));

  // The invoice's trail says it was credited twice.
  int credited = 0;
  for (const auto& entry : Audit(invoice.invoice_id())) credited += entry.action() == "CREDITED";
  EXPECT_EQ(credited, 2);
}

TEST_F(ManualDocumentsTest, AuditChainFindsAChangedDeletedOrReorderedRow) {
  std::vector<iv1::Invoice> invoices(4);
  for (auto& invoice : invoices) ASSERT_TRUE(Create(Request(), &invoice).ok());
  iv1::VerifyAuditTrailResponse intact = Verify();
  EXPECT_TRUE(intact.intact()) << intact.problem();
  EXPECT_EQ(intact.entries_checked(), 4);
  EXPECT_EQ(intact.head_sequence(), 4);
  const std::string where = "WHERE tenant_id = '" + tenant_ + "'";

  // Changed: the operator of entry 2 rewritten.
  Tamper("UPDATE audit_trail SET operator_id = 'mallory' " + where + " AND chain_seq = 2");
  iv1::VerifyAuditTrailResponse changed = Verify();
  EXPECT_FALSE(changed.intact());
  EXPECT_EQ(changed.first_broken_sequence(), 2);
  EXPECT_THAT(changed.problem(), HasSubstr("entrée n° 2"));
  EXPECT_THAT(changed.problem(), HasSubstr(invoices[1].number()));
  EXPECT_THAT(changed.problem(), HasSubstr("modifiée"));
  // Put back: intact again (the check recomputes, it keeps no state).
  Tamper("UPDATE audit_trail SET operator_id = '" + invoices[1].created_by() + "' " + where +
         " AND chain_seq = 2");
  EXPECT_TRUE(Verify().intact());

  // Reordered: entries 2 and 3 swap places.
  Tamper("UPDATE audit_trail SET chain_seq = 5 - chain_seq " + where + " AND chain_seq IN (2, 3)");
  iv1::VerifyAuditTrailResponse reordered = Verify();
  EXPECT_FALSE(reordered.intact());
  EXPECT_EQ(reordered.first_broken_sequence(), 2);
  Tamper("UPDATE audit_trail SET chain_seq = 5 - chain_seq " + where + " AND chain_seq IN (2, 3)");
  EXPECT_TRUE(Verify().intact());

  // Deleted: entry 3, then the last entry (found from the recorded head).
  Tamper("DELETE FROM audit_trail " + where + " AND chain_seq = 4");
  iv1::VerifyAuditTrailResponse tail = Verify();
  EXPECT_FALSE(tail.intact());
  EXPECT_EQ(tail.first_broken_sequence(), 4);
  EXPECT_THAT(tail.problem(), HasSubstr("entrée n° 4 supprimée"));
  Tamper("DELETE FROM audit_trail " + where + " AND chain_seq = 2");
  iv1::VerifyAuditTrailResponse deleted = Verify();
  EXPECT_EQ(deleted.first_broken_sequence(), 2);
  EXPECT_THAT(deleted.problem(), HasSubstr("entrée n° 2 supprimée"));

  // The application role still cannot touch the trail (append-only kept).
  pqxx::connection app(testing::RequireEnv("FACTFLOW_INVOICING_STATE_DATABASE_URL"));
  pqxx::work tx(app);
  EXPECT_ANY_THROW(tx.exec("UPDATE audit_trail SET detail = 'x' " + where));
}

}  // namespace
}  // namespace factflow::e2e
