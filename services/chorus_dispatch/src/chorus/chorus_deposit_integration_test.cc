// The Chorus Pro API flow against the real local stand-in of PISTE + Chorus Pro
// (deploy/piste/piste_sandbox.py, a process of its own started by ./factflow test:
// FACTFLOW_PISTE_URL...) and the real PostgreSQL: OAuth2, deposit with back-off through injected
// outages, acceptance, rejection tied to its field, statuses up to MISE_EN_PAIEMENT, no double
// deposit, and the re-export loop with its lineage after a fix.

#include <curl/curl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "chorus/chorus_depositor.h"
#include "chorus/chorus_exporter.h"
#include "logging/logging.h"
#include "status/grpc_status.h"
#include "storage/archive_repository.h"
#include "storage/chorus_deposit_repository.h"
#include "storage/chorus_export_repository.h"
#include "testing/test_database.h"

namespace factflow::db {
std::vector<Migration> chorus_dispatch_lib_migrations();
}

namespace factflow::dispatch::chorus {
namespace {

using ::testing::HasSubstr;

constexpr char kTenant[] = "chorus-deposit-test";
constexpr int kDocuments = 500;

std::string Number(int i) { return absl::StrFormat("FD2026-%06d", i); }

// POSTs a JSON command to the stand-in's control endpoint (failure injection).
void Control(const std::string& json) {
  std::string url = testing::RequireEnv("FACTFLOW_PISTE_URL") + "/_control";
  CURL* curl = curl_easy_init();
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, json.c_str());
  curl_easy_setopt(
      curl, CURLOPT_WRITEFUNCTION,
      +[](char*, size_t size, size_t count, void*) { return size * count; });
  CURLcode code = curl_easy_perform(curl);
  curl_easy_cleanup(curl);
  if (code != CURLE_OK) throw std::runtime_error("the PISTE stand-in does not answer at " + url);
}

PisteConfig PisteFromEnv() {
  PisteConfig config;
  config.api_url = testing::RequireEnv("FACTFLOW_PISTE_URL");
  config.token_url = testing::RequireEnv("FACTFLOW_PISTE_TOKEN_URL");
  config.client_id = testing::RequireEnv("FACTFLOW_PISTE_CLIENT_ID");
  config.client_secret = testing::RequireEnv("FACTFLOW_PISTE_CLIENT_SECRET");
  config.login = testing::RequireEnv("FACTFLOW_CHORUS_LOGIN");
  config.password = testing::RequireEnv("FACTFLOW_CHORUS_PASSWORD");
  config.timeout = absl::Seconds(30);
  return config;
}

class ChorusDepositTest : public ::testing::Test {
 protected:
  ChorusDepositTest()
      : db_(db::chorus_dispatch_lib_migrations()),
        dir_(std::filesystem::temp_directory_path() /
             absl::StrCat("factflow-chorus-deposit-", logging::NewUuid())) {
    Control(R"({"reset": true})");
    Seed();
  }
  ~ChorusDepositTest() override { std::filesystem::remove_all(dir_); }

  void Seed() {
    ASSERT_TRUE(db_.pool()
                    .InTransaction([&](pqxx::work& tx) {
                      for (int i = 1; i <= kDocuments; ++i) {
                        storage::QueuedInvoice q;
                        q.invoice_id = logging::NewUuid();
                        q.invoice_number = Number(i);
                        q.issue_date = "2026-03-10";
                        q.customer_code = "MAIRIE-LYON";
                        q.export_to_chorus = true;
                        q.total_with_vat = "80.00";
                        storage::QueueForChorus(tx, kTenant, q);
                        storage::StoreOnce(
                            tx, kTenant,
                            {q.invoice_id, q.invoice_number, "invoice-pdf", "application/pdf",
                             q.invoice_number + ".pdf", absl::StrCat("%PDF-1.7 ", q.invoice_number),
                             "2037-12-31"});
                        ids_.push_back(q.invoice_id);
                      }
                      return absl::OkStatus();
                    })
                    .ok());
  }

  // Prepares, optionally keeps only `only` (invoice ids), and runs an export in lots of 250.
  std::string Export(bool again, const std::vector<std::string>& only = {}) {
    v1::PrepareChorusExportRequest request;
    request.set_include_already_exported(again);
    std::string id;
    EXPECT_TRUE(db_.pool()
                    .InTransaction([&](pqxx::work& tx) -> absl::Status {
                      id = storage::PrepareExport(tx, kTenant, "operateur", request);
                      if (!only.empty()) {
                        v1::SetChorusExportInclusionRequest none;
                        none.set_export_id(id);
                        none.set_all(true);
                        FACTFLOW_RETURN_IF_ERROR(storage::SetInclusion(tx, kTenant, none).status());
                        v1::SetChorusExportInclusionRequest chosen;
                        chosen.set_export_id(id);
                        for (const auto& invoice_id : only) chosen.add_invoice_ids(invoice_id);
                        chosen.set_include(true);
                        FACTFLOW_RETURN_IF_ERROR(
                            storage::SetInclusion(tx, kTenant, chosen).status());
                      }
                      return storage::StartExport(tx, kTenant, id, "FACTURX");
                    })
                    .ok());
    ChorusExporter exporter(db_.pool(), {dir_, {.max_lot_files = 250}, 50});
    EXPECT_TRUE(exporter.Run(kTenant, id).ok());
    return id;
  }

  absl::StatusOr<v1::ListChorusDepositsResponse> Deposit(const std::string& export_id) {
    absl::StatusOr<v1::ListChorusDepositsResponse> out;
    absl::Status status = db_.pool().InTransaction([&](pqxx::work& tx) -> absl::Status {
      out = storage::CreateDeposits(tx, kTenant, "operateur", export_id);
      return out.status();
    });
    if (!status.ok()) return status;
    return out;
  }

  // Runs depositor passes until every deposit is settled and every invoice status final.
  v1::ListChorusDepositsResponse Settle(ChorusDepositor& depositor, const std::string& export_id) {
    v1::ListChorusDepositsResponse current;
    for (int pass = 0; pass < 40; ++pass) {
      absl::StatusOr<ChorusDepositor::Pass> done = depositor.RunOnce();
      EXPECT_TRUE(done.ok()) << done.status();
      EXPECT_TRUE(db_.pool()
                      .InTransaction([&](pqxx::work& tx) -> absl::Status {
                        FACTFLOW_ASSIGN_OR_RETURN(current,
                                                  storage::ListDeposits(tx, kTenant, export_id));
                        return absl::OkStatus();
                      })
                      .ok());
      bool open = false;
      for (const auto& d : current.deposits()) {
        open |= d.status() == "PENDING" || d.status() == "DEPOSITED" || d.status() == "SENDING";
      }
      for (const auto& s : current.invoice_statuses()) {
        open |= s.status() != "MISE_EN_PAIEMENT" && s.status() != "REJETEE" &&
                s.status() != "ECHEC_DEPOT";
      }
      if (!open) break;
    }
    return current;
  }

  std::string Text(const std::string& sql) {
    std::string out;
    EXPECT_TRUE(db_.pool()
                    .InTransaction([&](pqxx::work& tx) {
                      pqxx::result r = tx.exec(sql);
                      out = r.empty() || r[0][0].is_null() ? "" : r[0][0].as<std::string>();
                      return absl::OkStatus();
                    })
                    .ok());
    return out;
  }
  int64_t Count(const std::string& sql) { return testing::QueryInt(db_.pool(), sql); }

  testing::TestDatabase db_;
  std::filesystem::path dir_;
  std::vector<std::string> ids_;  // invoice i at ids_[i - 1]
};

TEST_F(ChorusDepositTest, AcceptsRejectsFollowsAndRedepositsWithLineage) {
  // Chorus Pro does not know document 7's commitment number; the API is down twice.
  Control(absl::StrCat(R"({"reject": [")", Number(7), R"("], "fail_next": 2})"));
  std::string export_id = Export(false);
  absl::StatusOr<v1::ListChorusDepositsResponse> created = Deposit(export_id);
  ASSERT_TRUE(created.ok()) << created.status();
  ASSERT_EQ(created->deposits_size(), 2);  // 500 documents, lots of 250

  ChorusDepositor depositor(db_.pool(), std::make_unique<PisteClient>(PisteFromEnv()),
                            {dir_, absl::ZeroDuration(), 8, absl::ZeroDuration()});
  v1::ListChorusDepositsResponse settled = Settle(depositor, export_id);
  ASSERT_EQ(settled.deposits_size(), 2);
  const v1::ChorusDeposit& lot1 = settled.deposits(0);
  const v1::ChorusDeposit& lot2 = settled.deposits(1);
  EXPECT_EQ(lot1.status(), "REJECTED");
  EXPECT_THAT(lot1.last_error(), HasSubstr("numéro d'engagement inconnu"));
  EXPECT_EQ(lot2.status(), "INTEGRATED");
  EXPECT_FALSE(lot2.flux_number().empty());
  // Both first calls met the outage, and were retried.
  EXPECT_EQ(lot1.attempts() + lot2.attempts(), 4);
  EXPECT_EQ(Count("SELECT count(*) FROM exchanges WHERE kind = 'CHORUS_DEPOSIT' AND "
                  "status = 'RETRY'"),
            kDocuments);

  // The rejection is tied to its invoice and field; the lot's other invoices say why too.
  EXPECT_EQ(Text(absl::StrCat("SELECT field FROM chorus_invoice_statuses WHERE invoice_number = '",
                              Number(7), "'")),
            "BT-13");
  EXPECT_THAT(Text(absl::StrCat("SELECT detail FROM exchanges WHERE kind = 'CHORUS_STATUS' AND "
                                "invoice_id = '",
                                ids_[6], "'")),
              HasSubstr("champ BT-13 : numéro d'engagement inconnu"));
  EXPECT_THAT(Text(absl::StrCat("SELECT reason FROM chorus_invoice_statuses WHERE "
                                "invoice_number = '",
                                Number(8), "'")),
              HasSubstr("rejeté pour une autre facture du lot"));
  // The integrated lot's invoices went through Chorus Pro's statuses up to payment.
  EXPECT_EQ(Count("SELECT count(*) FROM chorus_invoice_statuses WHERE status = "
                  "'MISE_EN_PAIEMENT'"),
            250);
  EXPECT_GE(Count("SELECT count(*) FROM exchanges WHERE kind = 'CHORUS_STATUS' AND status = "
                  "'MISE_A_DISPOSITION'"),
            250);

  // A lot is never deposited twice, nor an integrated invoice by another export.
  EXPECT_EQ(Deposit(export_id).status().code(), absl::StatusCode::kFailedPrecondition);
  std::string everything_again = Export(true);
  absl::StatusOr<v1::ListChorusDepositsResponse> twice = Deposit(everything_again);
  EXPECT_EQ(twice.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(twice.status().message(), HasSubstr("jamais déposées deux fois"));

  // The fix is made on Chorus Pro's side; the re-export of the rejected lot is deposited with
  // its lineage.
  Control(absl::StrCat(R"({"accept": [")", Number(7), R"("]})"));
  std::vector<std::string> rejected(ids_.begin(), ids_.begin() + 250);
  std::string fixed = Export(true, rejected);
  ASSERT_TRUE(Deposit(fixed).ok());
  v1::ListChorusDepositsResponse redeposited = Settle(depositor, fixed);
  ASSERT_EQ(redeposited.deposits_size(), 1);
  EXPECT_EQ(redeposited.deposits(0).status(), "INTEGRATED");
  EXPECT_EQ(Text(absl::StrCat("SELECT previous_deposit_id::text FROM chorus_invoice_statuses "
                              "WHERE invoice_number = '",
                              Number(7), "'")),
            lot1.deposit_id());
  EXPECT_EQ(Count("SELECT count(*) FROM chorus_invoice_statuses WHERE status = "
                  "'MISE_EN_PAIEMENT'"),
            kDocuments);
}

TEST_F(ChorusDepositTest, AnApiThatStaysDownEndsFailedAndCanBeRetried) {
  Control(R"({"fail_next": 1000, "fail_status": 503})");
  std::string export_id = Export(false);
  ASSERT_TRUE(Deposit(export_id).ok());
  ChorusDepositor depositor(db_.pool(), std::make_unique<PisteClient>(PisteFromEnv()),
                            {dir_, absl::ZeroDuration(), 3, absl::ZeroDuration()});
  v1::ListChorusDepositsResponse settled = Settle(depositor, export_id);
  for (const auto& d : settled.deposits()) {
    EXPECT_EQ(d.status(), "FAILED");
    EXPECT_EQ(d.attempts(), 3);
    EXPECT_THAT(d.last_error(), HasSubstr("Chorus Pro indisponible"));
  }
  Control(R"({"fail_next": 0})");
  absl::StatusOr<v1::ChorusDeposit> retried;
  ASSERT_TRUE(db_.pool()
                  .InTransaction([&](pqxx::work& tx) -> absl::Status {
                    retried = storage::RetryDeposit(tx, kTenant, settled.deposits(0).deposit_id());
                    return retried.status();
                  })
                  .ok());
  EXPECT_EQ(retried->status(), "PENDING");
  settled = Settle(depositor, export_id);
  EXPECT_EQ(settled.deposits(0).status(), "INTEGRATED");
  EXPECT_EQ(settled.deposits(1).status(), "FAILED");
}

}  // namespace
}  // namespace factflow::dispatch::chorus
