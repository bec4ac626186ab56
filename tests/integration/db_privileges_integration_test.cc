// Least privilege, against the databases of the stack started by ./factflow test: the services'
// application roles (FACTFLOW_<SERVICE>_DATABASE_URL) cannot bypass the protections of sent
// invoices, the audit trail, the numbering series or the archive, and the triggers hold even for
// the owner role the migrations run as (FACTFLOW_<SERVICE>_MIGRATION_DATABASE_URL).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <pqxx/pqxx>
#include <string>
#include <tuple>

#include "logging/logging.h"
#include "testing/test_database.h"

namespace factflow {
namespace {

constexpr char kInsufficientPrivilege[] = "42501";
constexpr char kIntegrityViolation[] = "23000";
const std::string kSha = std::string(64, 'a');

// The SQLSTATE `sql` fails with in its own transaction on `url`, or "" when it succeeds.
std::string SqlState(const std::string& url, const std::string& sql) {
  pqxx::connection connection(url);
  try {
    pqxx::work tx(connection);
    tx.exec(sql);
    tx.commit();
    return "";
  } catch (const pqxx::insufficient_privilege&) {
    return kInsufficientPrivilege;  // libpqxx 6 does not pass the SQLSTATE for this one
  } catch (const pqxx::sql_error& e) {
    return e.sqlstate();
  }
}

void Exec(const std::string& url, const std::string& sql) {
  pqxx::connection connection(url);
  pqxx::work tx(connection);
  tx.exec(sql);
  tx.commit();
}

class InvoicingPrivilegesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // A tenant with one sent, archived invoice, one sent invoice not archived yet, an audit
    // row and a series at 10, written by the owner role (which may insert them).
    tenant_ = "priv-" + logging::NewUuid().substr(0, 8);
    sent_ = logging::NewUuid();
    unarchived_ = logging::NewUuid();
    Exec(owner_, "INSERT INTO tenants (tenant_id, settings) VALUES ('" + tenant_ + "', '')");
    Exec(owner_,
         "INSERT INTO numbering_series (tenant_id, code, prefix, padding, document_kind, "
         "next_value) VALUES ('" +
             tenant_ + "', 'FA', 'FA', 6, 'INVOICE', 10)");
    for (const auto& [id, value, sha] : {std::tuple{sent_, 1, "'" + kSha + "'"},
                                         std::tuple{unarchived_, 2, std::string("NULL")}}) {
      Exec(owner_,
           "INSERT INTO invoices (invoice_id, tenant_id, series_code, sequence_value, number, "
           "type_code, issue_date, send_state, buyer_name, total_with_vat, document, created_by, "
           "sent_by, sent_at, pdf_sha256) VALUES ('" +
               id + "', '" + tenant_ + "', 'FA', " + std::to_string(value) + ", 'FA00000" +
               std::to_string(value) +
               "', '380', '2026-01-15', 'ENVOYE', 'Client', 10.00, '', 'op', 'op', now(), " + sha +
               ")");
    }
    Exec(owner_,
         "INSERT INTO audit_trail (tenant_id, invoice_id, operator_id, action, from_state, "
         "to_state) VALUES ('" +
             tenant_ + "', '" + sent_ + "', 'op', 'SEND', 'PRET', 'ENVOYE')");
  }

  std::string Where(const std::string& id) const {
    return " WHERE tenant_id = '" + tenant_ + "' AND invoice_id = '" + id + "'";
  }

  const std::string app_ = testing::RequireEnv("FACTFLOW_INVOICING_STATE_DATABASE_URL");
  const std::string owner_ = testing::RequireEnv("FACTFLOW_INVOICING_STATE_MIGRATION_DATABASE_URL");
  std::string tenant_, sent_, unarchived_;
};

TEST_F(InvoicingPrivilegesTest, ApplicationRoleHasNoPowerAttributes) {
  pqxx::connection connection(app_);
  pqxx::work tx(connection);
  pqxx::row role = tx.exec1(
      "SELECT rolsuper, rolreplication, rolbypassrls, rolcreaterole, rolcreatedb, "
      "current_user <> (SELECT tableowner FROM pg_tables WHERE tablename = 'invoices') "
      "FROM pg_roles WHERE rolname = current_user");
  EXPECT_FALSE(role[0].as<bool>()) << "superuser";
  EXPECT_FALSE(role[1].as<bool>()) << "replication";
  EXPECT_FALSE(role[2].as<bool>()) << "bypassrls";
  EXPECT_FALSE(role[3].as<bool>()) << "createrole";
  EXPECT_FALSE(role[4].as<bool>()) << "createdb";
  EXPECT_TRUE(role[5].as<bool>()) << "the application role must not own the tables";
}

TEST_F(InvoicingPrivilegesTest, ApplicationRoleCannotBypassTheTriggers) {
  EXPECT_EQ(SqlState(app_, "TRUNCATE invoices"), kInsufficientPrivilege);
  EXPECT_EQ(SqlState(app_, "TRUNCATE audit_trail"), kInsufficientPrivilege);
  EXPECT_EQ(SqlState(app_, "SET session_replication_role = replica"), kInsufficientPrivilege);
  EXPECT_EQ(SqlState(app_, "ALTER TABLE invoices DISABLE TRIGGER invoices_immutable_once_sent"),
            kInsufficientPrivilege);
  EXPECT_EQ(SqlState(app_, "ALTER TABLE invoices DISABLE TRIGGER ALL"), kInsufficientPrivilege);
  EXPECT_EQ(SqlState(app_, "CREATE TABLE shadow (x int)"), kInsufficientPrivilege);
  EXPECT_EQ(SqlState(app_, "DROP TABLE audit_trail"), kInsufficientPrivilege);
}

TEST_F(InvoicingPrivilegesTest, SentInvoiceIsFrozen) {
  EXPECT_EQ(SqlState(app_, "UPDATE invoices SET buyer_name = 'Autre'" + Where(sent_)),
            kInsufficientPrivilege);
  EXPECT_EQ(SqlState(app_, "UPDATE invoices SET pdf_sha256 = '" + std::string(64, 'b') + "'" +
                               Where(sent_)),
            kIntegrityViolation);
  EXPECT_EQ(SqlState(app_, "UPDATE invoices SET send_state = 'PRET'" + Where(sent_)),
            kIntegrityViolation);
  EXPECT_EQ(SqlState(app_, "DELETE FROM invoices" + Where(sent_)), kInsufficientPrivilege);
  // The trigger holds for the owner role too.
  EXPECT_EQ(SqlState(owner_, "UPDATE invoices SET buyer_name = 'Autre'" + Where(sent_)),
            kIntegrityViolation);
  EXPECT_EQ(
      SqlState(owner_, "UPDATE invoices SET archived_at = NULL, pdf_sha256 = NULL" + Where(sent_)),
      kIntegrityViolation);
  EXPECT_EQ(SqlState(owner_, "DELETE FROM invoices" + Where(sent_)), kIntegrityViolation);
  EXPECT_EQ(SqlState(owner_, "TRUNCATE invoices CASCADE"), kIntegrityViolation);
}

TEST_F(InvoicingPrivilegesTest, ArchiveRecordIsFilledInOnce) {
  const std::string archive =
      "UPDATE invoices SET archived_at = coalesce(archived_at, now()), "
      "pdf_sha256 = '" +
      kSha + "', xml_sha256 = '" + kSha + "', einvoice_path = 'x.xml'" + Where(unarchived_);
  EXPECT_EQ(SqlState(app_, archive), "");
  EXPECT_EQ(SqlState(app_, archive), "") << "a replay writes the same values";
  EXPECT_EQ(SqlState(app_, "UPDATE invoices SET einvoice_path = 'y.xml'" + Where(unarchived_)),
            kIntegrityViolation);
  EXPECT_EQ(SqlState(app_, "UPDATE invoices SET dematerialised = true" + Where(unarchived_)), "");
  EXPECT_EQ(SqlState(app_, "UPDATE invoices SET dematerialised = false" + Where(unarchived_)),
            kIntegrityViolation);
}

TEST_F(InvoicingPrivilegesTest, AuditTrailIsAppendOnly) {
  const std::string where = " WHERE tenant_id = '" + tenant_ + "'";
  EXPECT_EQ(SqlState(app_, "UPDATE audit_trail SET detail = 'x'" + where), kInsufficientPrivilege);
  EXPECT_EQ(SqlState(app_, "DELETE FROM audit_trail" + where), kInsufficientPrivilege);
  EXPECT_EQ(SqlState(owner_, "UPDATE audit_trail SET detail = 'x'" + where), kIntegrityViolation);
  EXPECT_EQ(SqlState(owner_, "DELETE FROM audit_trail" + where), kIntegrityViolation);
  EXPECT_EQ(SqlState(owner_, "TRUNCATE audit_trail"), kIntegrityViolation);
  EXPECT_EQ(SqlState(app_,
                     "INSERT INTO audit_trail (tenant_id, invoice_id, operator_id, action) "
                     "VALUES ('" +
                         tenant_ + "', '" + sent_ + "', 'op', 'PRINT')"),
            "");
}

TEST_F(InvoicingPrivilegesTest, NumberingSeriesOnlyMovesForward) {
  const std::string where = " WHERE tenant_id = '" + tenant_ + "' AND code = 'FA'";
  EXPECT_EQ(SqlState(app_, "UPDATE numbering_series SET next_value = 11" + where), "");
  EXPECT_EQ(SqlState(app_, "UPDATE numbering_series SET next_value = 1" + where),
            kIntegrityViolation);
  EXPECT_EQ(SqlState(owner_, "UPDATE numbering_series SET next_value = 1" + where),
            kIntegrityViolation);
  // Even within the series' range (created at 10), the owner cannot rewind without the
  // announcement cancel_batch_invoices() makes.
  EXPECT_EQ(SqlState(owner_, "UPDATE numbering_series SET next_value = 10" + where),
            kIntegrityViolation);
  EXPECT_EQ(SqlState(app_, "UPDATE numbering_series SET prefix = 'X'" + where),
            kInsufficientPrivilege);
  EXPECT_EQ(SqlState(app_, "DELETE FROM numbering_series" + where), kInsufficientPrivilege);
  EXPECT_EQ(SqlState(owner_, "DELETE FROM numbering_series" + where), kIntegrityViolation);
}

TEST(ArchivePrivilegesTest, ArchiveIsAppendOnlyForTheApplicationRole) {
  const std::string app = testing::RequireEnv("FACTFLOW_CHORUS_DISPATCH_DATABASE_URL");
  EXPECT_EQ(SqlState(app, "UPDATE archive_objects SET sha256 = sha256"), kInsufficientPrivilege);
  EXPECT_EQ(SqlState(app, "DELETE FROM archive_objects"), kInsufficientPrivilege);
  EXPECT_EQ(SqlState(app, "TRUNCATE archive_objects"), kInsufficientPrivilege);
  EXPECT_EQ(SqlState(app, "SET session_replication_role = replica"), kInsufficientPrivilege);
  EXPECT_EQ(SqlState(app, "ALTER TABLE archive_objects DISABLE TRIGGER ALL"),
            kInsufficientPrivilege);
  const std::string owner = testing::RequireEnv("FACTFLOW_CHORUS_DISPATCH_MIGRATION_DATABASE_URL");
  EXPECT_EQ(SqlState(owner, "TRUNCATE archive_objects"), kIntegrityViolation);
}

}  // namespace
}  // namespace factflow
