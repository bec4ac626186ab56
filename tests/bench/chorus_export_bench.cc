// The Chorus Pro export at month-end size, on a real PostgreSQL, side by side with its floor on
// the same server and disk:
//
//   ours  PrepareChorusExport's set-based selection and judgement, then the export run
//         (chorus::ChorusExporter): archived PDFs read 50 at a time, ZIP lots of at most 1,000
//         files, each lot written and recorded with its documents, exchanges and progress, and
//         the rapport.csv of every candidate;
//   bare  the least an export can do with the same files: read the same archived contents in
//         keyset pages of 1,000 and write them into ZIP lots of 1,000 with the same libzip
//         writer, without any bookkeeping.
//
// Usage: factflow_chorus_export_bench DOCUMENTS [PDF_BYTES] with FACTFLOW_TEST_DATABASE_URL
// naming a database of a cluster where the project's roles exist (./factflow bench starts one).
// Prints one line per side and the ratio; nothing is asserted (figures go to the README).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "chorus/chorus_exporter.h"
#include "chorus/zip_writer.h"
#include "files/confined_path.h"
#include "logging/logging.h"
#include "storage/archive_repository.h"
#include "storage/chorus_export_repository.h"
#include "testing/test_database.h"

namespace factflow::db {
std::vector<Migration> chorus_dispatch_lib_migrations();
}  // namespace factflow::db

namespace {

using namespace factflow;
using Clock = std::chrono::steady_clock;
constexpr char kTenant[] = "bench";

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

void Check(const absl::Status& status, const char* what) {
  if (!status.ok()) {
    std::fprintf(stderr, "%s: %s\n", what, status.ToString().c_str());
    std::exit(1);
  }
}

void Seed(db::Pool& pool, int documents, int pdf_bytes) {
  std::mt19937 random(7);
  for (int first = 1; first <= documents; first += 1000) {
    Check(pool.InTransaction([&](pqxx::work& tx) {
      for (int i = first; i < first + 1000 && i <= documents; ++i) {
        dispatch::storage::QueuedInvoice q;
        q.invoice_id = logging::NewUuid();
        q.invoice_number = absl::StrFormat("FA2026-%07d", i);
        q.issue_date = "2026-11-30";
        q.customer_code = "MAIRIE";
        q.export_to_chorus = true;
        q.total_with_vat = "240.00";
        dispatch::storage::QueueForChorus(tx, kTenant, q);
        // PDF streams are compressed: bytes that do not compress further.
        std::string pdf(static_cast<size_t>(pdf_bytes), '\0');
        for (char& c : pdf) c = static_cast<char>(random());
        dispatch::storage::StoreOnce(
            tx, kTenant,
            {q.invoice_id, q.invoice_number, "invoice-pdf", "application/pdf",
             q.invoice_number + ".pdf", pdf, "2037-12-31"});
      }
      return absl::OkStatus();
    }),
          "seed");
  }
}

double Ours(db::Pool& pool, const std::filesystem::path& dir) {
  auto start = Clock::now();
  std::string id;
  Check(pool.InTransaction([&](pqxx::work& tx) {
    id = dispatch::storage::PrepareExport(tx, kTenant, "bench", {});
    return dispatch::storage::StartExport(tx, kTenant, id, "FACTURX");
  }),
        "prepare");
  dispatch::chorus::ChorusExporter exporter(pool, {dir / "ours", {}, 50});
  Check(exporter.Run(kTenant, id), "export");
  return Seconds(start);
}

double Bare(db::Pool& pool, const std::filesystem::path& dir) {
  auto start = Clock::now();
  std::string after;
  for (int lot = 1;; ++lot) {
    dispatch::chorus::ZipWriter zip;
    Check(pool.InTransaction([&](pqxx::work& tx) {
      for (const auto& row : tx.exec_params(
               "SELECT invoice_number, content FROM archive_objects WHERE tenant_id = $1 "
               "AND kind = 'invoice-pdf' AND invoice_number > $2 ORDER BY invoice_number "
               "LIMIT 1000",
               kTenant, after)) {
        after = row[0].as<std::string>();
        zip.Add(after + ".pdf", pqxx::binarystring(row[1]).str());
      }
      return absl::OkStatus();
    }),
          "bare read");
    if (zip.files() == 0) break;
    absl::StatusOr<std::string> bytes = zip.Finish();
    Check(bytes.status(), "bare zip");
    Check(files::WriteConfinedFile(dir, {"bare", absl::StrFormat("lot-%03d.zip", lot)}, *bytes)
              .status(),
          "bare write");
  }
  return Seconds(start);
}

}  // namespace

int main(int argc, char** argv) {
  int documents = argc > 1 ? std::atoi(argv[1]) : 10000;
  int pdf_bytes = argc > 2 ? std::atoi(argv[2]) : 40000;
  testing::TestDatabase db(db::chorus_dispatch_lib_migrations());
  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              absl::StrCat("factflow-chorus-bench-", logging::NewUuid());
  auto seed_start = Clock::now();
  Seed(db.pool(), documents, pdf_bytes);
  std::printf("seeded %d queued documents with %d-byte archived PDFs in %.1f s\n", documents,
              pdf_bytes, Seconds(seed_start));
  double bare = Bare(db.pool(), dir);
  double ours = Ours(db.pool(), dir);
  std::printf("bare  keyset read + ZIP lots of 1000:          %6.2f s  %8.0f documents/s\n", bare,
              documents / bare);
  std::printf("ours  prepare + export (lots, records, report): %6.2f s  %8.0f documents/s\n", ours,
              documents / ours);
  std::printf("ratio ours / bare: %.2f\n", ours / bare);
  std::filesystem::remove_all(dir);
  return 0;
}
