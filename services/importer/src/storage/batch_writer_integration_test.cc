// The upload's storage by COPY (storage/batch_writer.h) on a real PostgreSQL
// (FACTFLOW_TEST_DATABASE_URL, set by ./factflow test): what is stored reads back exactly (text
// that COPY must escape, NULL dates, arrays), the batch's counts and total add up, and a failed
// upload leaves nothing.
#include "storage/batch_writer.h"

#include <gtest/gtest.h>

#include <chrono>
#include <iostream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "money/decimal.h"
#include "money/decimal_wire.h"
#include "staging/grid_builder.h"
#include "staging/grid_values.h"
#include "storage/batch_repository.h"
#include "storage/grid_testing.h"
#include "testing/test_database.h"

namespace factflow::db {
std::vector<Migration> importer_lib_migrations();
}

namespace factflow::importer::storage {
namespace {

using factflow::testing::QueryInt;
using testing::SyntheticOrder;

constexpr char kTenant[] = "copy-it";

NewBatch Header(const std::string& sha) {
  return {kTenant, "fnac-orders-xlsx", "commandes.xlsx", sha, 0, {}, {}, "test"};
}

// A document whose texts hold what COPY's text format must escape.
v1::GridDocument Awkward(int i) {
  v1::GridDocument document = SyntheticOrder(i);
  document.set_external_id(absl::StrCat("FNAC\t", i, "\\N"));
  document.mutable_buyer()->set_last_name("D'Artagnan \"le\" \\Gascon\\\nÉtienne {a,b}");
  document.mutable_rows(0)->set_label("Tab\there, newline\nthere, backslash \\ and \\x00");
  document.mutable_rows(1)->set_seller_sku("SKU,{\"x\"}\\");
  document.mutable_rows(1)->set_mapping_status(v1::MAPPING_STATUS_UNMAPPED);
  return document;
}

class BatchWriterIntegrationTest : public ::testing::Test {
 protected:
  factflow::testing::TestDatabase db_{db::importer_lib_migrations()};
};

TEST_F(BatchWriterIntegrationTest, StoredDocumentsReadBackExactly) {
  std::vector<v1::GridDocument> first = {Awkward(0), Awkward(1)};
  v1::GridDocument dateless = Awkward(2);
  dateless.set_document_date("");
  std::vector<v1::GridDocument> second = {dateless, SyntheticOrder(3)};
  v1::Batch stored;
  ASSERT_TRUE(db_.pool()
                  .InTransaction([&](pqxx::work& tx) {
                    BatchWriter writer(tx, Header("sha-a"));
                    writer.Add(first);
                    writer.Add(second);
                    v1::Issue file_issue;
                    file_issue.set_message("Ligne sans numéro de commande");
                    stored = writer.Finish(9, {file_issue});
                    return absl::OkStatus();
                  })
                  .ok());
  EXPECT_EQ(stored.document_count(), 4);
  EXPECT_EQ(stored.rows_read(), 9);
  EXPECT_EQ(stored.file_issues_size(), 1);
  int valid = 0;
  money::Decimal total;
  for (const auto* list : {&first, &second}) {
    for (const auto& document : *list) {
      if (!document.valid()) continue;
      ++valid;
      total += *money::FromWire(document.total_incl_vat());
    }
  }
  EXPECT_EQ(stored.valid_document_count(), valid);
  EXPECT_EQ(stored.issue_count(), 1);
  EXPECT_EQ(*money::FromWire(stored.total_incl_vat()), total);

  std::vector<v1::GridDocument> read;
  ASSERT_TRUE(db_.pool()
                  .InTransaction([&](pqxx::work& tx) {
                    read = LoadDocuments(tx, kTenant, stored.batch_id(), false, 10, std::nullopt);
                    return absl::OkStatus();
                  })
                  .ok());
  std::vector<v1::GridDocument> expected = {first[0], first[1], second[0], second[1]};
  ASSERT_EQ(read.size(), expected.size());
  for (size_t i = 0; i < read.size(); ++i) {
    expected[i].set_batch_id(stored.batch_id());
    EXPECT_EQ(read[i].DebugString(), expected[i].DebugString());
  }
  // The grid's derived columns, as Derive computes them (escaped arrays included).
  const std::string batch = stored.batch_id();
  EXPECT_EQ(QueryInt(db_.pool(), absl::StrCat("SELECT count(*) FROM staged_documents WHERE "
                                              "batch_id = '", batch, "' AND order_date IS NULL")),
            1);
  DerivedColumns derived = Derive(read[0]);
  EXPECT_EQ(QueryInt(db_.pool(),
                     absl::StrCat("SELECT count(*) FROM staged_documents WHERE position = 1 AND "
                                  "batch_id = '", batch, "' AND unmapped_codes = '",
                                  ArrayLiteral(derived.unmapped_codes), "'::text[] AND line_gross = '",
                                  ArrayLiteral(derived.line_gross), "'::numeric[] AND ",
                                  "shipping_gross = ", derived.shipping_gross,
                                  " AND search_text = $$", derived.search_text, "$$")),
            1);
}

TEST_F(BatchWriterIntegrationTest, AFailedUploadLeavesNothing) {
  absl::Status status = db_.pool().InTransaction([&](pqxx::work& tx) -> absl::Status {
    BatchWriter writer(tx, Header("sha-b"));
    writer.Add({SyntheticOrder(0), SyntheticOrder(1)});
    return absl::InvalidArgumentError("commandes.xlsx : XML mal formé");
  });
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(QueryInt(db_.pool(), "SELECT count(*) FROM batches"), 0);
  EXPECT_EQ(QueryInt(db_.pool(), "SELECT count(*) FROM staged_documents"), 0);
  EXPECT_EQ(QueryInt(db_.pool(), "SELECT count(*) FROM batch_counters"), 0);
}

TEST_F(BatchWriterIntegrationTest, AMonthEndBatchInChunks) {
  constexpr int kOrders = 68'840;  // the month-end export's orders, 2 or 3 rows each
  constexpr int kChunk = 2000;
  v1::Batch stored;
  money::Decimal expected_total;
  int expected_valid = 0;
  auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(db_.pool()
                  .InTransaction([&](pqxx::work& tx) {
                    BatchWriter writer(tx, Header("sha-c"));
                    std::vector<v1::GridDocument> chunk;
                    for (int i = 0; i < kOrders; ++i) {
                      chunk.push_back(SyntheticOrder(i));
                      if (chunk.back().valid()) {
                        ++expected_valid;
                        expected_total += *money::FromWire(chunk.back().total_incl_vat());
                      }
                      if (chunk.size() == kChunk || i + 1 == kOrders) {
                        writer.Add(chunk);
                        chunk.clear();
                      }
                    }
                    stored = writer.Finish(kOrders * 5 / 2, {});
                    return absl::OkStatus();
                  })
                  .ok());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << absl::StrFormat("[figures] COPY of %d orders (%d rows): %.2f s\n", kOrders,
                               QueryInt(db_.pool(), "SELECT sum(array_length(line_gross, 1)) "
                                                    "FROM staged_documents"),
                               seconds);
  EXPECT_EQ(stored.document_count(), kOrders);
  EXPECT_EQ(stored.valid_document_count(), expected_valid);
  EXPECT_EQ(*money::FromWire(stored.total_incl_vat()), expected_total);
  EXPECT_EQ(QueryInt(db_.pool(), absl::StrCat("SELECT count(DISTINCT position) FROM "
                                              "staged_documents WHERE batch_id = '",
                                              stored.batch_id(), "'")),
            kOrders);
  // The checked (valid) ones, through the grid's partial index.
  EXPECT_EQ(QueryInt(db_.pool(), absl::StrCat("SELECT count(*) FROM staged_documents WHERE "
                                              "batch_id = '", stored.batch_id(), "' AND checked")),
            expected_valid);
}

}  // namespace
}  // namespace factflow::importer::storage
