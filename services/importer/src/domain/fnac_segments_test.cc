#include "domain/fnac_segments.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "domain/fnac_profile.h"
#include "domain/xlsx_test_util.h"

namespace factflow::importer::domain {
namespace {

using test_util::Num;
using test_util::TableXlsx;
using test_util::TestCell;
using ::testing::HasSubstr;

constexpr std::string_view kFile = "commandes-terminees-30-11-2026.xlsx";

std::vector<TestCell> Header() {
  return {"N° de commande", "Date de commande", "SKU vendeur",        "Libellé produit",
          "Quantité",       "Prix unitaire TTC", "Frais de port TTC", "Nom",
          "Adresse de livraison 1", "Code postal de livraison", "Ville de livraison"};
}

// Line `line` of order `order` (1-based); every 97th order has a bad quantity on its first line.
std::vector<TestCell> Line(int order, int line) {
  std::string quantity = order % 97 == 0 && line == 1 ? "deux" : absl::StrCat(line);
  return {absl::StrCat("FNAC-", order), Num("46349.5"), absl::StrCat("SKU-", order % 300),
          absl::StrCat("Livre ", line), quantity.front() == 'd' ? TestCell(quantity) : Num(quantity),
          Num("12.5"), Num(line == 1 ? "2.99" : "0"), absl::StrCat("Client ", order),
          "1 rue Pasteur", "75011", "Paris"};
}

// `orders` orders of 1 to 3 lines, and a row without order id every 1,000 orders. With
// `spread`, the last line of every 10th order is moved to the end of the file.
std::string Export(int orders, bool spread) {
  std::vector<std::vector<TestCell>> rows = {Header()};
  std::vector<std::vector<TestCell>> moved;
  for (int order = 1; order <= orders; ++order) {
    const int lines = 1 + order % 3;
    for (int line = 1; line <= lines; ++line) {
      if (spread && order % 10 == 0 && line == lines && lines > 1) {
        moved.push_back(Line(order, line));
      } else {
        rows.push_back(Line(order, line));
      }
    }
    if (order % 1000 == 0) rows.push_back({"", Num("46349.5"), "SKU-1", "Sans commande"});
  }
  rows.insert(rows.end(), moved.begin(), moved.end());
  return TableXlsx(rows);
}

// An order as compared between the two parses: id, date, buyer, lines (row, quantity, issues),
// order issues, validity.
std::string Describe(const StagedOrder& order) {
  std::vector<std::string> parts = {order.order_id, order.order_date, order.buyer.last_name,
                                    order.billing_address.city, order.valid() ? "valide" : "non"};
  for (const StagedLine& line : order.lines) {
    parts.push_back(absl::StrCat(line.source_row, ":", line.quantity.ToString(4), ":",
                                 line.issues.size()));
    for (const Issue& issue : line.issues) parts.push_back(issue.message);
  }
  for (const Issue& issue : order.issues) parts.push_back(issue.message);
  return absl::StrJoin(parts, "|");
}

struct Collected {
  std::vector<std::string> orders;         // in position order
  std::vector<int64_t> segment_sizes;
  bool positions_contiguous = true;
  int restarts = 0;
};

absl::StatusOr<SegmentedExport> ParseInSegments(const std::string& bytes, int64_t per_segment,
                                                Collected& collected) {
  return ParseFnacExportInSegments(
      kFile, bytes, {}, per_segment,
      [&](ParsedExport&& segment, int64_t first_position) {
        if (first_position != static_cast<int64_t>(collected.orders.size()) + 1) {
          collected.positions_contiguous = false;
        }
        collected.segment_sizes.push_back(static_cast<int64_t>(segment.orders.size()));
        for (const StagedOrder& order : segment.orders) collected.orders.push_back(Describe(order));
        return absl::OkStatus();
      },
      [&] {
        ++collected.restarts;
        collected.orders.clear();
        collected.segment_sizes.clear();
        return absl::OkStatus();
      });
}

// The orders of ParseFnacExport on `bytes`, described; `whole` receives the parse.
std::vector<std::string> WholeOrders(const std::string& bytes, ParsedExport& whole) {
  absl::StatusOr<ParsedExport> parsed = ParseFnacExport(kFile, bytes);
  EXPECT_TRUE(parsed.ok()) << parsed.status();
  if (parsed.ok()) whole = *std::move(parsed);
  std::vector<std::string> described;
  for (const StagedOrder& order : whole.orders) described.push_back(Describe(order));
  return described;
}

void ExpectSameAsWholeParse(const std::string& bytes, int64_t per_segment) {
  ParsedExport whole;
  const std::vector<std::string> expected = WholeOrders(bytes, whole);
  Collected collected;
  absl::StatusOr<SegmentedExport> segmented = ParseInSegments(bytes, per_segment, collected);
  ASSERT_TRUE(segmented.ok()) << segmented.status();
  EXPECT_EQ(collected.orders, expected);
  EXPECT_TRUE(collected.positions_contiguous);
  EXPECT_EQ(segmented->orders, static_cast<int64_t>(whole.orders.size()));
  EXPECT_EQ(segmented->rows_read, whole.rows_read);
  EXPECT_FALSE(segmented->reread);
  EXPECT_EQ(collected.restarts, 0);
  ASSERT_EQ(segmented->file_issues.size(), whole.file_issues.size());
  for (size_t i = 0; i < whole.file_issues.size(); ++i) {
    EXPECT_EQ(segmented->file_issues[i].row, whole.file_issues[i].row);
    EXPECT_EQ(segmented->file_issues[i].message, whole.file_issues[i].message);
  }
  ASSERT_EQ(segmented->headers.size(), whole.headers.size());
  // Bounded segments: each at least per_segment orders (but the last), never the whole file.
  ASSERT_GT(collected.segment_sizes.size(), 5u);
  for (size_t i = 0; i + 1 < collected.segment_sizes.size(); ++i) {
    EXPECT_GE(collected.segment_sizes[i], per_segment);
    EXPECT_LT(collected.segment_sizes[i], 2 * per_segment);
  }
}

TEST(ParseFnacExportInSegmentsTest, ContiguousOrdersGiveTheWholeParseInOneRead) {
  ExpectSameAsWholeParse(Export(3000, /*spread=*/false), 250);
}

TEST(ParseFnacExportInSegmentsTest, SpreadOrdersRestartOnceAndStayWhole) {
  // Every 10th order ends at the end of the file: a segment ends only where all its orders
  // ended, so here the whole file is one segment (orders whole, memory as ParseFnacExport's,
  // within the parse's memory budget).
  const std::string bytes = Export(3000, /*spread=*/true);
  ParsedExport whole;
  const std::vector<std::string> expected = WholeOrders(bytes, whole);
  Collected collected;
  absl::StatusOr<SegmentedExport> segmented = ParseInSegments(bytes, 250, collected);
  ASSERT_TRUE(segmented.ok()) << segmented.status();
  EXPECT_EQ(collected.orders.size(), expected.size());
  EXPECT_EQ(collected.orders, expected);
  EXPECT_TRUE(segmented->reread);
  EXPECT_EQ(collected.restarts, 1);
  EXPECT_EQ(segmented->rows_read, whole.rows_read);
  EXPECT_EQ(segmented->file_issues.size(), whole.file_issues.size());
}

TEST(ParseFnacExportInSegmentsTest, SpreadOrdersCloseToEachOtherKeepSegmentsBounded) {
  // Orders interleaved two by two (rows A1 B1 A2 B2 ...). With an odd segment size the first
  // read cuts between A1 and B1, then meets A2: the second read cuts only between pairs, so
  // every segment still holds whole orders and none holds the file.
  std::vector<std::vector<TestCell>> rows = {Header()};
  for (int order = 1; order <= 4000; order += 2) {
    rows.push_back(Line(order, 1));
    rows.push_back(Line(order + 1, 1));
    rows.push_back(Line(order, 2));
    rows.push_back(Line(order + 1, 2));
  }
  const std::string bytes = TableXlsx(rows);
  ParsedExport whole;
  const std::vector<std::string> expected = WholeOrders(bytes, whole);
  Collected collected;
  absl::StatusOr<SegmentedExport> segmented = ParseInSegments(bytes, 201, collected);
  ASSERT_TRUE(segmented.ok()) << segmented.status();
  EXPECT_EQ(collected.orders, expected);
  EXPECT_TRUE(segmented->reread);
  EXPECT_EQ(collected.restarts, 1);
  ASSERT_GT(collected.segment_sizes.size(), 10u);
  for (size_t i = 0; i + 1 < collected.segment_sizes.size(); ++i) {
    EXPECT_GE(collected.segment_sizes[i], 201);
    EXPECT_LE(collected.segment_sizes[i], 202);
  }
}

TEST(ParseFnacExportInSegmentsTest, RefusesWhatTheWholeParseRefuses) {
  Collected collected;
  const std::string header_only = TableXlsx({Header()});
  absl::StatusOr<SegmentedExport> segmented = ParseInSegments(header_only, 100, collected);
  ASSERT_FALSE(segmented.ok());
  EXPECT_EQ(segmented.status(), ParseFnacExport(kFile, header_only).status());
  EXPECT_TRUE(collected.orders.empty());

  absl::StatusOr<SegmentedExport> empty = ParseInSegments("", 100, collected);
  ASSERT_FALSE(empty.ok());
  EXPECT_THAT(empty.status().message(), HasSubstr("fichier vide"));
  EXPECT_EQ(empty.status(), ParseFnacExport(kFile, "").status());
}

TEST(ParseFnacExportInSegmentsTest, ASinkErrorStopsTheReadAndIsReturnedAsIs) {
  int calls = 0;
  absl::StatusOr<SegmentedExport> segmented = ParseFnacExportInSegments(
      kFile, Export(1500, false), {}, 250,
      [&](ParsedExport&&, int64_t) {
        return ++calls == 2 ? absl::UnavailableError("base indisponible") : absl::OkStatus();
      },
      [] { return absl::OkStatus(); });
  EXPECT_EQ(segmented.status(), absl::UnavailableError("base indisponible"));
  EXPECT_EQ(calls, 2);
}

}  // namespace
}  // namespace factflow::importer::domain
