// Batch numbering and storing, measured on a real PostgreSQL, side by side with its physical
// limit on the same server (issues 6 and 9):
//
//   ours  the generation path of invoicing-state: COPY the computed invoices into the staging
//         table (storage::IssueStaging), lock the series, number them all with one
//         INSERT ... SELECT, write their audit rows, move the series forward, commit;
//   bare  the least any numbering can do for the same rows: one `UPDATE numbering_series ...
//         RETURNING` and multi-row INSERTs (1,000 rows per statement) of the same columns into
//         a table of the same shape without indexes, triggers or audit.
//
// Usage: factflow_numbering_bench INVOICES [ROUNDS] with FACTFLOW_TEST_DATABASE_URL naming a
// database of a cluster where the project's roles exist (./factflow bench starts one). Prints
// one line per side and the ratio; nothing is asserted (figures go to the README).
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "db/pool.h"
#include "domain/numbering.h"
#include "factflow/invoicing/v1/invoicing.pb.h"
#include "storage/issue_staging.h"
#include "storage/tenant_repository.h"
#include "testing/test_database.h"

namespace factflow::db {
std::vector<Migration> invoicing_state_lib_migrations();
}  // namespace factflow::db

namespace {

namespace v1 = factflow::invoicing::v1;
namespace storage = factflow::invoicing::storage;
using Clock = std::chrono::steady_clock;

// A realistic issued document: 3 lines, buyer with an address, totals.
v1::Invoice SampleInvoice(int64_t i) {
  v1::Invoice invoice;
  invoice.set_invoice_id(absl::StrFormat("00000000-0000-4000-8000-%012d", i % 1000000000000));
  invoice.set_type_code("380");
  invoice.set_issue_date("2026-11-30");
  invoice.set_source_external_id(absl::StrCat("FNAC-", 9000000 + i));
  invoice.mutable_buyer()->set_name(absl::StrCat("Client ", i));
  invoice.mutable_total_with_vat()->set_value("42.20");
  for (int line = 0; line < 3; ++line) {
    auto* l = invoice.add_lines();
    l->set_line_number(line + 1);
    l->set_label(absl::StrCat("Article de démonstration ", line));
    l->mutable_net_amount()->set_value("11.72");
  }
  return invoice;
}

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

// CPU seconds used so far by this process and by the PostgreSQL backend `pid` (same machine):
// on a machine loaded by other work, wall time measures the queue; CPU time measures the work.
double CpuSeconds(int pid) {
  timespec self{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &self);
  double seconds = static_cast<double>(self.tv_sec) + static_cast<double>(self.tv_nsec) / 1e9;
  std::ifstream stat(absl::StrCat("/proc/", pid, "/stat"));
  std::string line;
  std::getline(stat, line);
  // Fields after the command name (which ends with ')'): utime and stime are the 12th and 13th.
  std::istringstream fields(line.substr(line.rfind(')') + 2));
  std::string field;
  long long utime = 0, stime = 0;
  for (int i = 1; i <= 13 && fields >> field; ++i) {
    if (i == 12) utime = std::atoll(field.c_str());
    if (i == 13) stime = std::atoll(field.c_str());
  }
  return seconds + static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

struct Measure {
  double wall = 1e9;
  double cpu = 1e9;  // client + backend
};

void Exec(factflow::db::Pool& pool, const std::string& sql) {
  (void)pool.InTransaction([&](pqxx::work& tx) {
    tx.exec(sql);
    return absl::OkStatus();
  });
}

Measure Ours(factflow::db::Pool& pool, const std::vector<v1::Invoice>& invoices, int round) {
  const auto start = Clock::now();
  int pid = 0;
  double cpu_start = 0, cpu = 0;
  absl::Status status = pool.InTransaction([&](pqxx::work& tx) -> absl::Status {
    pid = tx.exec1("SELECT pg_backend_pid()")[0].as<int>();
    cpu_start = CpuSeconds(pid);
    storage::IssueStaging staging(tx);
    staging.Open();
    for (const auto& invoice : invoices) {
      v1::Invoice copy = invoice;
      copy.set_invoice_id(absl::StrCat(invoice.invoice_id().substr(0, 19),
                                       absl::StrFormat("%04d", round),
                                       invoice.invoice_id().substr(23)));
      staging.Add(copy);
    }
    staging.Finish();
    auto series = storage::LockSeries(tx, "bench", "FA");
    if (!series.ok()) return series.status();
    const auto block = factflow::invoicing::domain::AllocateBlock(*series, staging.count());
    absl::Status numbered = staging.Number(
        {"bench", *series, block.first_value, "EN_ATTENTE", "", 1, "", "bench"});
    if (!numbered.ok()) return numbered;
    storage::SetNextValue(tx, "bench", series->code, block.next_value_after);
    cpu = CpuSeconds(pid) - cpu_start;
    return absl::OkStatus();
  });
  if (!status.ok()) {
    std::fprintf(stderr, "numbering failed: %s\n", std::string(status.message()).c_str());
    std::exit(1);
  }
  return {Seconds(start), cpu};
}

Measure Bare(factflow::db::Pool& pool, const std::vector<v1::Invoice>& invoices) {
  const auto start = Clock::now();
  double cpu = 0;
  (void)pool.InTransaction([&](pqxx::work& tx) {
    const int pid = tx.exec1("SELECT pg_backend_pid()")[0].as<int>();
    const double cpu_start = CpuSeconds(pid);
    const int64_t n = static_cast<int64_t>(invoices.size());
    const int64_t last = tx.exec_params1("UPDATE bare_series SET next_value = next_value + $1 "
                                         "RETURNING next_value",
                                         n)[0]
                             .as<int64_t>();
    int64_t value = last - n;
    constexpr size_t kRowsPerStatement = 1000;
    for (size_t begin = 0; begin < invoices.size(); begin += kRowsPerStatement) {
      std::string sql =
          "INSERT INTO bare_invoices (invoice_id, sequence_value, number, type_code, issue_date, "
          "source_external_id, buyer_name, total_with_vat, document) VALUES ";
      const size_t end = std::min(invoices.size(), begin + kRowsPerStatement);
      for (size_t i = begin; i < end; ++i, ++value) {
        const v1::Invoice& invoice = invoices[i];
        absl::StrAppend(&sql, i == begin ? "" : ",", "(gen_random_uuid(),", value, ",",
                        tx.quote(absl::StrCat("FA", value)), ",", tx.quote(invoice.type_code()),
                        ",", tx.quote(invoice.issue_date()), ",",
                        tx.quote(invoice.source_external_id()), ",",
                        tx.quote(invoice.buyer().name()), ",",
                        tx.quote(invoice.total_with_vat().value()), ",",
                        "'\\x",
                        absl::BytesToHexString(invoice.SerializeAsString()), "'::bytea)");
      }
      tx.exec(sql);
    }
    cpu = CpuSeconds(pid) - cpu_start;
    return absl::OkStatus();
  });
  return {Seconds(start), cpu};
}

}  // namespace

int main(int argc, char** argv) {
  const int64_t count = argc > 1 ? std::atoll(argv[1]) : 100000;
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 3;
  factflow::testing::TestDatabase db(factflow::db::invoicing_state_lib_migrations());
  factflow::db::Pool& pool = db.pool();
  Exec(pool,
       "INSERT INTO tenants (tenant_id, settings) VALUES ('bench', ''::bytea);"
       "INSERT INTO numbering_series (tenant_id, code, prefix, padding, document_kind, "
       "next_value) VALUES ('bench', 'FA', 'FA', 6, 'INVOICE', 1);"
       "CREATE TABLE bare_series (next_value bigint NOT NULL); "
       "INSERT INTO bare_series VALUES (1);"
       "CREATE TABLE bare_invoices (invoice_id uuid, sequence_value bigint, number text, "
       "type_code text, issue_date date, source_external_id text, buyer_name text, "
       "total_with_vat numeric(18, 2), document bytea)");
  std::vector<v1::Invoice> invoices;
  invoices.reserve(static_cast<size_t>(count));
  for (int64_t i = 0; i < count; ++i) invoices.push_back(SampleInvoice(i));

  // Best of `rounds` for each side, interleaved so both see the same server state.
  Measure ours, bare;
  for (int round = 0; round < rounds; ++round) {
    Measure o = Ours(pool, invoices, round);
    Measure b = Bare(pool, invoices);
    ours = {std::min(ours.wall, o.wall), std::min(ours.cpu, o.cpu)};
    bare = {std::min(bare.wall, b.wall), std::min(bare.cpu, b.cpu)};
  }
  const double n = static_cast<double>(count);
  std::printf("numbering ours  %lld invoices in %.3f s = %.0f invoices/s wall; %.3f s CPU "
              "(client + PostgreSQL backend) = %.0f invoices per CPU-second (target >= 20000)\n",
              static_cast<long long>(count), ours.wall, n / ours.wall, ours.cpu, n / ours.cpu);
  std::printf("numbering bare  %lld rows in %.3f s = %.0f rows/s wall; %.3f s CPU = %.0f rows "
              "per CPU-second (UPDATE ... RETURNING + multi-row INSERT)\n",
              static_cast<long long>(count), bare.wall, n / bare.wall, bare.cpu, n / bare.cpu);
  std::printf("numbering ours / bare = %.2fx the physical limit's time (wall), %.2fx (CPU)\n",
              ours.wall / bare.wall, ours.cpu / bare.cpu);
  return 0;
}
