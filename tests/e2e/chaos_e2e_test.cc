// Chaos, end to end: the invoice flow while each service, PostgreSQL and the devbroker are
// killed in turn at random points. Run by ./factflow chaos on a private stack (never on the
// shared test stack: it kills the database and the broker under every other test).
//
// Environment (besides the stack's, from its env file):
//   FACTFLOW_CHAOS_INVOICES  invoices in the flow (default 300; ./factflow chaos: 5000)
//   FACTFLOW_CHAOS_SEED      order of the kills and their delays (default 1); printed
//
// After the flow it checks, from the services' own databases: every invoice numbered once and
// contiguously, sent, archived once (PDF and XML, stored hashes equal to the content's and to
// the hashes invoicing-state recorded), each effect applied once (one ISSUE, SEND and ARCHIVE
// per invoice, one generation), nothing dead-lettered, and every service SERVING again.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <map>
#include <pqxx/pqxx>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_format.h"
#include "e2e/flow_fixture.h"
#include "e2e/stack_client.h"
#include "testing/test_database.h"

namespace factflow::e2e {
namespace {

using ::testing::HasSubstr;

constexpr const char* kServices[] = {"importer", "catalog_mapping", "invoicing_state",
                                     "chorus_dispatch"};

int EnvInt(const char* name, int fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? std::atoi(value) : fallback;
}

std::string DatabaseUrl(const std::string& service) {
  std::string upper = service;
  std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
  return testing::RequireEnv(("FACTFLOW_" + upper + "_DATABASE_URL").c_str());
}

// Runs `sql` with `params` on a service's database, retrying while PostgreSQL restarts.
template <typename... Params>
pqxx::result Query(const std::string& service, const std::string& sql, Params&&... params) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (true) {
    try {
      pqxx::connection connection(DatabaseUrl(service));
      pqxx::nontransaction tx(connection);
      return tx.exec_params(sql, std::forward<Params>(params)...);
    } catch (const pqxx::broken_connection&) {
      if (std::chrono::steady_clock::now() > deadline) throw;
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
  }
}

class ChaosTest : public FlowFixture {
 protected:
  void SetUp() override {
    invoices_ = EnvInt("FACTFLOW_CHAOS_INVOICES", 300);
    seed_ = EnvInt("FACTFLOW_CHAOS_SEED", 1);
    rng_.seed(seed_);
  }

  void Log(const std::string& what) {
    std::cout << "chaos [seed " << seed_ << "]: " << what << std::endl;
  }

  // Kills `target` as a crash would and brings it back: services get SIGKILL and are started
  // again; PostgreSQL stops immediately and restarts; the devbroker is restarted by its
  // supervisor (deploy/stack-ctl). Returns once every service is SERVING again.
  void Crash(const std::string& target) {
    if (target == "postgres" || target == "devbroker") {
      stack_.Control("crash", target);
    } else {
      stack_.Control("kill", target);
      stack_.Control("start", target);
    }
    stack_.Control("healthy", "all");
  }

  int64_t Scalar(const std::string& service, const std::string& sql) {
    return Query(service, sql, tenant_)[0][0].as<int64_t>();
  }

  int64_t Archived() {
    return Scalar("invoicing_state",
                  "SELECT count(*) FROM invoices WHERE tenant_id = $1 AND archived_at IS NOT NULL");
  }

  void WaitArchived(int expected, std::chrono::seconds timeout) {
    EXPECT_TRUE(WaitFor(
        [&] {
          std::this_thread::sleep_for(std::chrono::milliseconds(400));
          return Archived() == expected;
        },
        timeout))
        << Archived() << " of " << expected << " archived";
  }

  void StartFlow(const std::string& prefix, int orders) {
    tenant_ = UniqueTenant(prefix);
    CreateTenant(tenant_);
    GeneratedExport file = GenerateFnacExport(orders, 0, seed_);
    batch_ = Upload(file).batch_id();
    ASSERT_FALSE(batch_.empty());
  }

  // Everything the flow must have produced, exactly once, for `expected` invoices.
  void ExpectFlowComplete(int expected) {
    mv1::Batch batch = GetBatch(batch_);
    EXPECT_EQ(batch.status(), mv1::BATCH_STATUS_GENERATED);
    EXPECT_EQ(batch.invoice_count(), expected);
    EXPECT_EQ(batch.first_invoice_number(), "FA2026-000001");
    EXPECT_EQ(batch.last_invoice_number(), absl::StrFormat("FA2026-%06d", expected));

    pqxx::result numbers = Query("invoicing_state",
                                 "SELECT count(*), count(DISTINCT sequence_value), "
                                 "min(sequence_value), max(sequence_value), "
                                 "count(*) FILTER (WHERE send_state = 'ENVOYE'), "
                                 "count(*) FILTER (WHERE archived_at IS NOT NULL) "
                                 "FROM invoices WHERE tenant_id = $1",
                                 tenant_);
    EXPECT_EQ(numbers[0][0].as<int>(), expected) << "invoices";
    EXPECT_EQ(numbers[0][1].as<int>(), expected) << "distinct numbers";
    EXPECT_EQ(numbers[0][2].as<int>(0), 1) << "first number";
    EXPECT_EQ(numbers[0][3].as<int>(0), expected) << "last number";
    EXPECT_EQ(numbers[0][4].as<int>(), expected) << "sent";
    EXPECT_EQ(numbers[0][5].as<int>(), expected) << "archived";
    iv1::CheckNumberingRequest check_request;
    check_request.set_series_code("FA");
    iv1::CheckNumberingResponse check;
    ASSERT_TRUE(
        stack_.invoices().CheckNumbering(stack_.Context(token_).get(), check_request, &check).ok());
    EXPECT_TRUE(check.contiguous()) << check.problem();
    EXPECT_EQ(check.count(), expected);

    // Each effect once: one generation; one ISSUE, SEND and ARCHIVE audit entry per invoice.
    EXPECT_EQ(Scalar("invoicing_state", "SELECT count(*) FROM generations WHERE tenant_id = $1"),
              1);
    for (const char* action : {"ISSUE", "SEND", "ARCHIVE"}) {
      pqxx::result audit = Query("invoicing_state",
                                 "SELECT count(*), count(DISTINCT invoice_id) FROM audit_trail "
                                 "WHERE tenant_id = $1 AND action = $2",
                                 tenant_, std::string(action));
      EXPECT_EQ(audit[0][0].as<int>(), expected) << action << " entries";
      EXPECT_EQ(audit[0][1].as<int>(), expected) << action << " invoices";
    }

    // Archived once, content hashes as stored, and as invoicing-state recorded them.
    std::map<std::string, std::pair<std::string, std::string>> recorded;
    for (const auto& row :
         Query("invoicing_state",
               "SELECT invoice_id::text, pdf_sha256, xml_sha256 FROM invoices WHERE tenant_id = $1",
               tenant_)) {
      recorded[row[0].as<std::string>()] = {row[1].as<std::string>(""), row[2].as<std::string>("")};
    }
    pqxx::result objects = Query("chorus_dispatch",
                                 "SELECT invoice_id::text, kind, sha256, "
                                 "encode(sha256(content), 'hex') FROM archive_objects "
                                 "WHERE tenant_id = $1",
                                 tenant_);
    EXPECT_EQ(static_cast<int>(objects.size()), 2 * expected) << "archived objects";
    int mismatches = 0;
    for (const auto& row : objects) {
      const std::string stored = row[2].as<std::string>();
      const auto& hashes = recorded[row[0].as<std::string>()];
      const std::string& expected_hash =
          row[1].as<std::string>() == "invoice-pdf" ? hashes.first : hashes.second;
      mismatches += stored != row[3].as<std::string>() || stored != expected_hash;
    }
    EXPECT_EQ(mismatches, 0) << "archived objects whose hashes do not match";

    for (const char* service : kServices) {
      EXPECT_EQ(Query(service, "SELECT count(*) FROM dead_letters")[0][0].as<int>(), 0)
          << service << " dead-lettered events";
    }
  }

  void ExpectAllServing() {
    stack_.Control("healthy", "all");
    for (const char* service : kServices) {
      EXPECT_TRUE(WaitFor(
          [&] {
            return stack_.ScrapeMetrics(service).find("\nfactflow_healthy 1") != std::string::npos;
          },
          std::chrono::seconds(30)))
          << service << " is not SERVING";
    }
  }

  int invoices_ = 0;
  int seed_ = 1;
  std::mt19937 rng_;
  std::string tenant_;
  std::string batch_;
};

// The loss the devbroker used to cause: InvoicesSent events published (marked so in the
// outbox) but only held in the broker's memory when it died. The restarted devbroker is a new
// cluster; invoicing-state republishes, chorus-dispatch archives each invoice exactly once.
TEST_F(ChaosTest, SentEventsHeldOnlyByACrashedBrokerAreArchivedOnce) {
  const int expected = std::min(invoices_, 120);
  ASSERT_NO_FATAL_FAILURE(StartFlow("chaos-broker", expected));
  Generate(batch_);
  ASSERT_EQ(WaitGenerated(batch_).invoice_count(), expected);

  stack_.Control("stop", "chorus_dispatch");
  Act(iv1::INVOICE_ACTION_PREPARE, batch_);
  ASSERT_EQ(Act(iv1::INVOICE_ACTION_SEND, batch_).done(), expected);
  // The outbox rows' key is the tenant id.
  ASSERT_TRUE(WaitFor(
      [&] {
        pqxx::result sent = Query("invoicing_state",
                                  "SELECT count(*), count(*) FILTER (WHERE published_at IS NULL) "
                                  "FROM outbox WHERE partition_key = $1 "
                                  "AND event_type LIKE '%InvoicesSent'",
                                  tenant_);
        return sent[0][0].as<int>() > 0 && sent[0][1].as<int>() == 0;
      },
      std::chrono::seconds(60)))
      << "InvoicesSent not published";
  EXPECT_EQ(Archived(), 0) << "chorus-dispatch was stopped: nothing may be archived yet";

  Log("killing the devbroker with every InvoicesSent published and none consumed");
  stack_.Control("crash", "devbroker");
  stack_.Control("start", "chorus_dispatch");
  WaitArchived(expected, std::chrono::seconds(180));
  ExpectFlowComplete(expected);
  ExpectAllServing();
}

TEST_F(ChaosTest, KillingEachProcessInTurnLosesNothingAndAppliesNothingTwice) {
  std::vector<std::string> targets = {"importer",        "catalog_mapping", "invoicing_state",
                                      "chorus_dispatch", "postgres",        "devbroker"};
  std::shuffle(targets.begin(), targets.end(), rng_);
  // Two kills while the generation is numbered (chorus-dispatch has nothing to do then), the
  // others while the sent invoices are archived.
  std::stable_partition(targets.begin(), targets.end(),
                        [](const std::string& t) { return t != "chorus_dispatch"; });
  std::vector<std::string> numbering(targets.begin(), targets.begin() + 2);
  std::vector<std::string> archiving(targets.begin() + 2, targets.end());
  std::shuffle(archiving.begin(), archiving.end(), rng_);
  auto pause = [&](int max_ms) {
    const int ms = std::uniform_int_distribution<int>(0, max_ms)(rng_);
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
    return ms;
  };
  const auto budget = std::chrono::seconds(120 + invoices_ / 10);

  ASSERT_NO_FATAL_FAILURE(StartFlow("chaos", invoices_));
  Log(absl::StrFormat("%d invoices; numbering: kill %s, %s", invoices_, numbering[0],
                      numbering[1]));
  Generate(batch_);
  for (const std::string& target : numbering) {
    const int ms = pause(1500);
    Log(absl::StrFormat("+%d ms: kill %s (numbered: %d)", ms, target,
                        static_cast<int>(Scalar("invoicing_state",
                                                "SELECT count(*) FROM invoices "
                                                "WHERE tenant_id = $1"))));
    Crash(target);
  }
  EXPECT_TRUE(
      WaitFor([&] { return GetBatch(batch_).status() == mv1::BATCH_STATUS_GENERATED; }, budget))
      << GetBatch(batch_).ShortDebugString();

  Act(iv1::INVOICE_ACTION_PREPARE, batch_);
  EXPECT_EQ(Act(iv1::INVOICE_ACTION_SEND, batch_).done(), invoices_);
  for (const std::string& target : archiving) {
    const int ms = pause(3000);
    Log(absl::StrFormat("+%d ms: kill %s (archived: %d of %d)", ms, target,
                        static_cast<int>(Archived()), invoices_));
    Crash(target);
  }
  WaitArchived(invoices_, budget);
  ExpectFlowComplete(invoices_);
  ExpectAllServing();
}

}  // namespace
}  // namespace factflow::e2e
