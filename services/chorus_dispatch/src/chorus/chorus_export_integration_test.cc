// The Chorus Pro export against the real PostgreSQL of ./factflow test, at month-end size:
// 3,000 queued documents, anomalies struck, include/exclude, ZIP lots within the limits read
// back with libzip and checked against the archive's hashes, the report, and the re-export.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <zip.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "chorus/chorus_exporter.h"
#include "hash/sha256.h"
#include "logging/logging.h"
#include "status/grpc_status.h"
#include "storage/archive_repository.h"
#include "storage/chorus_export_repository.h"
#include "testing/test_database.h"

namespace factflow::db {
std::vector<Migration> chorus_dispatch_lib_migrations();
}

namespace factflow::dispatch::chorus {
namespace {

using ::testing::HasSubstr;

constexpr char kTenant[] = "chorus-export-test";
constexpr int kDocuments = 3000;

std::string Number(int i) { return absl::StrFormat("FA2026-%06d", i); }

// Document i: a Chorus customer except every 10th (no Chorus option), January for i < 2000 and
// February after, an anomaly every 100th, a credit note every 250th (from the 7th).
struct Seeded {
  std::map<std::string, std::string> sha_by_number;  // archived PDFs
  std::map<std::string, std::string> id_by_number;
};

Seeded Seed(db::Pool& pool) {
  Seeded seeded;
  absl::Status status = pool.InTransaction([&](pqxx::work& tx) {
    for (int i = 1; i <= kDocuments; ++i) {
      storage::QueuedInvoice q;
      q.invoice_id = logging::NewUuid();
      q.invoice_number = Number(i);
      q.issue_date = i < 2000 ? absl::StrFormat("2026-01-%02d", 1 + i % 28)
                              : absl::StrFormat("2026-02-%02d", 1 + i % 28);
      q.type_code = i % 250 == 7 ? "381" : "380";
      q.customer_code = i % 10 == 0 ? "PRIVE-7" : (i % 2 ? "MAIRIE-LYON" : "CHU-NANTES");
      q.export_to_chorus = i % 10 != 0;
      q.total_with_vat = "120.00";
      if (i % 100 == 1) {
        q.anomalies = {
            "[CHORUS-09] bloquant, BT-55 : Chorus Pro : le code pays de l'adresse de "
            "facturation est obligatoire"};
      }
      storage::QueueForChorus(tx, kTenant, q);
      // The signed Factur-X PDF as archived (its bytes do not matter to the export).
      std::string pdf = absl::StrCat("%PDF-1.7 facture ", q.invoice_number, " ",
                                     std::string(2000 + i % 7 * 100, 'x'));
      v1::ArchivedObject stored =
          storage::StoreOnce(tx, kTenant,
                             {q.invoice_id, q.invoice_number, "invoice-pdf", "application/pdf",
                              q.invoice_number + ".pdf", pdf, "2037-12-31"});
      seeded.sha_by_number[q.invoice_number] = stored.sha256();
      seeded.id_by_number[q.invoice_number] = q.invoice_id;
    }
    return absl::OkStatus();
  });
  if (!status.ok()) throw std::runtime_error(status.ToString());
  return seeded;
}

// name -> bytes of every entry of a ZIP file.
std::map<std::string, std::string> ReadZip(const std::filesystem::path& path) {
  std::map<std::string, std::string> entries;
  int error = 0;
  zip_t* zip = zip_open(path.c_str(), ZIP_RDONLY, &error);
  if (zip == nullptr) throw std::runtime_error("cannot open " + path.string());
  for (zip_int64_t i = 0; i < zip_get_num_entries(zip, 0); ++i) {
    zip_stat_t stat;
    zip_stat_index(zip, static_cast<zip_uint64_t>(i), 0, &stat);
    std::string content(stat.size, '\0');
    zip_file_t* file = zip_fopen_index(zip, static_cast<zip_uint64_t>(i), 0);
    zip_fread(file, content.data(), stat.size);
    zip_fclose(file);
    entries[stat.name] = content;
  }
  zip_close(zip);
  return entries;
}

class ChorusExportTest : public ::testing::Test {
 protected:
  ChorusExportTest()
      : db_(db::chorus_dispatch_lib_migrations()),
        dir_(std::filesystem::temp_directory_path() /
             absl::StrCat("factflow-chorus-export-", logging::NewUuid())) {}
  ~ChorusExportTest() override { std::filesystem::remove_all(dir_); }

  std::string Prepare(std::vector<std::string> customers, const std::string& from,
                      const std::string& to, bool again) {
    v1::PrepareChorusExportRequest request;
    for (auto& c : customers) request.add_customer_codes(c);
    request.set_date_from(from);
    request.set_date_to(to);
    request.set_include_already_exported(again);
    std::string id;
    EXPECT_TRUE(db_.pool()
                    .InTransaction([&](pqxx::work& tx) {
                      id = storage::PrepareExport(tx, kTenant, "operateur", request);
                      return absl::OkStatus();
                    })
                    .ok());
    return id;
  }

  v1::ChorusExport Load(const std::string& id) {
    v1::ChorusExport out;
    EXPECT_TRUE(db_.pool()
                    .InTransaction([&](pqxx::work& tx) -> absl::Status {
                      auto loaded = storage::LoadExport(tx, kTenant, id);
                      if (!loaded.ok()) return loaded.status();
                      out = *loaded;
                      return absl::OkStatus();
                    })
                    .ok());
    return out;
  }

  absl::StatusOr<v1::SetChorusExportInclusionResponse> Include(const std::string& id,
                                                               std::vector<std::string> invoice_ids,
                                                               bool include) {
    v1::SetChorusExportInclusionRequest request;
    request.set_export_id(id);
    for (auto& invoice_id : invoice_ids) request.add_invoice_ids(invoice_id);
    request.set_include(include);
    absl::StatusOr<v1::SetChorusExportInclusionResponse> out;
    absl::Status status = db_.pool().InTransaction([&](pqxx::work& tx) {
      out = storage::SetInclusion(tx, kTenant, request);
      return absl::OkStatus();
    });
    if (!status.ok()) return status;
    return out;
  }

  absl::Status Run(const std::string& id, domain::LotLimits limits, const char* syntax) {
    FACTFLOW_RETURN_IF_ERROR(db_.pool().InTransaction(
        [&](pqxx::work& tx) { return storage::StartExport(tx, kTenant, id, syntax); }));
    ChorusExporter exporter(db_.pool(), {dir_, limits, 50});
    return exporter.Run(kTenant, id);
  }

  std::filesystem::path Folder(const std::string& id) { return dir_ / kTenant / id; }
  int64_t Count(const std::string& sql) { return testing::QueryInt(db_.pool(), sql); }

  testing::TestDatabase db_;
  std::filesystem::path dir_;
};

TEST_F(ChorusExportTest, StrikesIncludesExcludesAndCutsLotsWithinTheLimits) {
  Seeded seeded = Seed(db_.pool());
  // January, both Chorus customers: documents 1..1999 except every 10th (no Chorus option).
  std::string id = Prepare({"MAIRIE-LYON", "CHU-NANTES"}, "2026-01-01", "2026-01-31", false);
  int expected_candidates = 0, expected_struck = 0;
  for (int i = 1; i < 2000; ++i) {
    if (i % 10 == 0) continue;
    ++expected_candidates;
    if (i % 100 == 1) ++expected_struck;
  }
  v1::ChorusExport prepared = Load(id);
  EXPECT_EQ(prepared.state(), v1::CHORUS_EXPORT_STATE_PREPARED);
  EXPECT_EQ(prepared.candidate_count(), expected_candidates);
  EXPECT_EQ(prepared.struck_count(), expected_struck);

  // A struck document cannot be included; two clean ones are excluded by the operator.
  auto refused = Include(id, {seeded.id_by_number[Number(101)]}, true);
  ASSERT_TRUE(refused.ok()) << refused.status();
  EXPECT_EQ(refused->changed(), 0);
  EXPECT_EQ(refused->refused(), 1);
  auto excluded =
      Include(id, {seeded.id_by_number[Number(2)], seeded.id_by_number[Number(3)]}, false);
  ASSERT_TRUE(excluded.ok());
  EXPECT_EQ(excluded->changed(), 2);
  const int64_t to_export = expected_candidates - expected_struck - 2;
  EXPECT_EQ(excluded->included_count(), to_export);
  // A document of another customer is not a candidate of this export.
  EXPECT_EQ(Include(id, {seeded.id_by_number[Number(10)]}, false).status().code(),
            absl::StatusCode::kNotFound);

  ASSERT_TRUE(Run(id,
                  {.max_lot_bytes = 400'000, .max_file_bytes = 10'000'000, .max_lot_files = 500},
                  "FACTURX")
                  .ok());
  v1::ChorusExport done = Load(id);
  EXPECT_EQ(done.state(), v1::CHORUS_EXPORT_STATE_SUCCEEDED) << done.error();
  EXPECT_EQ(done.exported_count(), to_export);
  EXPECT_EQ(done.done(), to_export);
  EXPECT_EQ(done.left_out_count(), expected_struck + 2);

  // Every lot respects the limits, and the files are the archived bytes.
  int64_t files = 0;
  ASSERT_GE(done.lots_size(), 4);  // ~2.3 KB files: 400 KB lots hold ~170
  for (const v1::ChorusExportLot& lot : done.lots()) {
    std::filesystem::path path = Folder(id) / lot.file_name();
    ASSERT_TRUE(std::filesystem::exists(path)) << path;
    std::ifstream in(path, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(hash::Sha256Hex(bytes), lot.sha256());
    std::map<std::string, std::string> entries = ReadZip(path);
    EXPECT_EQ(static_cast<int>(entries.size()), lot.documents());
    EXPECT_LE(entries.size(), 500u);
    int64_t uncompressed = 0;
    for (const auto& [name, content] : entries) {
      uncompressed += static_cast<int64_t>(content.size());
      std::string number = name.substr(0, name.size() - 4);
      EXPECT_EQ(hash::Sha256Hex(content), seeded.sha_by_number[number]) << name;
      EXPECT_LE(name.size(), 50u);
    }
    EXPECT_LE(uncompressed, 400'000);
    files += static_cast<int64_t>(entries.size());
  }
  EXPECT_EQ(files, to_export);
  EXPECT_EQ(Count("SELECT count(*) FROM chorus_exported"), to_export);
  EXPECT_EQ(Count("SELECT count(*) FROM exchanges WHERE kind = 'CHORUS_EXPORT'"), to_export);

  // The report lists every candidate: exported with file and hash, or left out and why.
  std::ifstream report_file(Folder(id) / "rapport.csv");
  std::stringstream report;
  report << report_file.rdbuf();
  std::vector<std::string> lines = absl::StrSplit(report.str(), '\n', absl::SkipEmpty());
  EXPECT_EQ(static_cast<int64_t>(lines.size()), 1 + expected_candidates);
  EXPECT_THAT(report.str(), HasSubstr(absl::StrCat(Number(2), ";facture;")));
  EXPECT_THAT(report.str(), HasSubstr("exclu par l'opérateur"));
  EXPECT_THAT(report.str(), HasSubstr("anomalies : [CHORUS-09]"));
  EXPECT_THAT(report.str(), HasSubstr(seeded.sha_by_number[Number(5)]));
  EXPECT_THAT(report.str(), HasSubstr(absl::StrCat(Number(257), ";avoir;")));

  // A started export no longer changes its selection, and cannot be run twice.
  EXPECT_EQ(Include(id, {seeded.id_by_number[Number(2)]}, true).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Run(id, {}, "FACTURX").code(), absl::StatusCode::kFailedPrecondition);

  // Again the same window: only what was not exported; with the option, everything again.
  EXPECT_EQ(Load(Prepare({}, "2026-01-01", "2026-01-31", false)).candidate_count(),
            expected_struck + 2);
  EXPECT_EQ(Load(Prepare({}, "2026-01-01", "2026-01-31", true)).candidate_count(),
            expected_candidates);
}

TEST_F(ChorusExportTest, DocumentsWithoutTheChosenFileAreLeftOutWithTheirReason) {
  Seed(db_.pool());
  std::string id = Prepare({"MAIRIE-LYON"}, "2026-02-01", "2026-02-28", false);
  v1::ChorusExport prepared = Load(id);
  ASSERT_GT(prepared.candidate_count(), 0);
  // Only the PDFs are archived: a CII export leaves every document out, saying why.
  ASSERT_TRUE(Run(id, {}, "CII").ok());
  v1::ChorusExport done = Load(id);
  EXPECT_EQ(done.state(), v1::CHORUS_EXPORT_STATE_SUCCEEDED);
  EXPECT_EQ(done.exported_count(), 0);
  EXPECT_EQ(done.lots_size(), 0);
  EXPECT_EQ(done.left_out_count(), done.candidate_count());
  std::vector<v1::ChorusCandidate> items;
  ASSERT_TRUE(db_.pool()
                  .InTransaction([&](pqxx::work& tx) {
                    items = storage::ListItems(tx, id, "", 1000, false, true);
                    return absl::OkStatus();
                  })
                  .ok());
  int without_file = 0;
  for (const v1::ChorusCandidate& item : items) {
    if (!item.anomalies().empty()) continue;  // struck: left out for its anomalies
    EXPECT_THAT(item.left_out_reason(), HasSubstr("pas de fichier archivé dans ce format"));
    ++without_file;
  }
  EXPECT_EQ(without_file, done.candidate_count() - done.struck_count());
}

TEST_F(ChorusExportTest, AnExportWithoutFolderFailsInFrench) {
  Seed(db_.pool());
  std::string id = Prepare({}, "", "", false);
  ASSERT_TRUE(db_.pool()
                  .InTransaction([&](pqxx::work& tx) {
                    return storage::StartExport(tx, kTenant, id, "FACTURX");
                  })
                  .ok());
  ChorusExporter exporter(db_.pool(), {});
  EXPECT_EQ(exporter.Run(kTenant, id).code(), absl::StatusCode::kFailedPrecondition);
  v1::ChorusExport failed = Load(id);
  EXPECT_EQ(failed.state(), v1::CHORUS_EXPORT_STATE_FAILED);
  EXPECT_THAT(failed.error(), HasSubstr("l'export a échoué"));
}

}  // namespace
}  // namespace factflow::dispatch::chorus
