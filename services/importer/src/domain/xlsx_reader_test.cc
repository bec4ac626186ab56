#include "domain/xlsx_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "domain/xlsx_test_util.h"

namespace factflow::importer::domain {
namespace {

using test_util::BuildXlsx;
using test_util::BuildZip;
using test_util::SharedStringsXml;
using test_util::SheetXml;
using test_util::XlsxParts;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Optional;

// A copy of a visited cell (the reader's string_views die with the visitor call).
struct SeenCell {
  int column;
  XlsxCellType type;
  std::string text;
  friend bool operator==(const SeenCell&, const SeenCell&) = default;
  friend std::ostream& operator<<(std::ostream& os, const SeenCell& c) {
    return os << "{" << c.column << ", " << static_cast<int>(c.type) << ", \"" << c.text << "\"}";
  }
};

struct SeenRow {
  int64_t number;
  std::vector<SeenCell> cells;
};

absl::StatusOr<std::vector<SeenRow>> ReadAll(const std::string& bytes,
                                             const XlsxLimits& limits = {}) {
  absl::StatusOr<XlsxWorkbook> workbook = XlsxWorkbook::Open(bytes, limits);
  if (!workbook.ok()) return workbook.status();
  std::vector<SeenRow> rows;
  absl::Status status = workbook->ForEachRow([&](const XlsxRow& row) {
    SeenRow seen{row.number, {}};
    for (const XlsxCell& c : row.cells)
      seen.cells.push_back({c.column, c.type, std::string(c.text)});
    rows.push_back(std::move(seen));
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return rows;
}

absl::Status ReadStatus(const std::string& bytes, const XlsxLimits& limits = {}) {
  return ReadAll(bytes, limits).status();
}

absl::Status OpenStatus(const std::string& bytes, const XlsxLimits& limits = {}) {
  return XlsxWorkbook::Open(bytes, limits).status();
}

TEST(ColumnTest, ConvertsBetweenLettersAndIndexes) {
  EXPECT_EQ(ColumnName(0), "A");
  EXPECT_EQ(ColumnName(25), "Z");
  EXPECT_EQ(ColumnName(26), "AA");
  EXPECT_EQ(ColumnName(27), "AB");
  EXPECT_EQ(ColumnName(16383), "XFD");
  EXPECT_THAT(ColumnFromCellReference("A1"), Optional(0));
  EXPECT_THAT(ColumnFromCellReference("AB12"), Optional(27));
  EXPECT_THAT(ColumnFromCellReference("ab12"), Optional(27));
  EXPECT_THAT(ColumnFromCellReference("XFD1048576"), Optional(16383));
  for (const char* bad : {"", "A", "12", "XFE1", "AAAA1", "A1B", "É1"}) {
    EXPECT_EQ(ColumnFromCellReference(bad), std::nullopt) << bad;
  }
}

TEST(XlsxReaderTest, ReadsEveryCellTypeWithItsColumn) {
  std::string rows =
      R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="inlineStr"><is><t>Quantité</t></is></c></row>)"
      R"(<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" t="b"><v>1</v></c>)"
      R"(<c r="C2"><v>1.9990000000000001E1</v></c><c r="D2" t="e"><v>#N/A</v></c>)"
      R"(<c r="E2" t="str"><f>A2&amp;"!"</f><v>ok!</v></c><c r="AB2" t="n" s="3"><v>46349.5</v></c>)"
      R"(<c r="AC2" t="d"><v>2026-11-23T12:00:00</v></c></row>)";
  absl::StatusOr<std::vector<SeenRow>> read = ReadAll(
      BuildXlsx({.sheet_xml = SheetXml(rows),
                 .shared_strings_xml = SharedStringsXml({"N° de commande", "FNAC-1 & co"})}));
  ASSERT_TRUE(read.ok()) << read.status();
  ASSERT_EQ(read->size(), 2u);
  EXPECT_EQ((*read)[0].number, 1);
  EXPECT_THAT((*read)[0].cells,
              ElementsAre(SeenCell{0, XlsxCellType::kSharedString, "N° de commande"},
                          SeenCell{2, XlsxCellType::kInlineString, "Quantité"}));
  EXPECT_EQ((*read)[1].number, 2);
  EXPECT_THAT((*read)[1].cells,
              ElementsAre(SeenCell{0, XlsxCellType::kSharedString, "FNAC-1 & co"},
                          SeenCell{1, XlsxCellType::kBoolean, "1"},
                          SeenCell{2, XlsxCellType::kNumber, "1.9990000000000001E1"},
                          SeenCell{3, XlsxCellType::kError, "#N/A"},
                          SeenCell{4, XlsxCellType::kFormulaString, "ok!"},
                          SeenCell{27, XlsxCellType::kNumber, "46349.5"},
                          SeenCell{28, XlsxCellType::kDate, "2026-11-23T12:00:00"}));
}

TEST(XlsxReaderTest, ConcatenatesRichTextRunsAndSkipsPhoneticGuides) {
  std::string shared =
      R"(<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)"
      R"(<si><r><rPr><b/></rPr><t>Prix </t></r><r><t xml:space="preserve">unitaire </t></r>)"
      R"(<r><t>TTC</t></r><rPh sb="0" eb="1"><t>ignored</t></rPh></si></sst>)";
  std::string rows =
      R"(<row r="1"><c r="A1" t="s"><v>0</v></c>)"
      R"(<c r="B1" t="inlineStr"><is><r><t>Libellé </t></r><r><t>produit</t></r></is></c></row>)";
  absl::StatusOr<std::vector<SeenRow>> read =
      ReadAll(BuildXlsx({.sheet_xml = SheetXml(rows), .shared_strings_xml = shared}));
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_THAT((*read)[0].cells,
              ElementsAre(SeenCell{0, XlsxCellType::kSharedString, "Prix unitaire TTC"},
                          SeenCell{1, XlsxCellType::kInlineString, "Libellé produit"}));
}

TEST(XlsxReaderTest, NumbersRowsAndCellsWithoutReferencesAndOmitsEmptyCells) {
  std::string rows = R"(<row r="3"><c><v>1</v></c><c s="1"/><c><v>3</v></c></row>)"
                     R"(<row><c r="D4"><v>4</v></c><c><v>5</v></c></row><row r="9"/>)";
  absl::StatusOr<std::vector<SeenRow>> read = ReadAll(BuildXlsx({.sheet_xml = SheetXml(rows)}));
  ASSERT_TRUE(read.ok()) << read.status();
  ASSERT_EQ(read->size(), 3u);
  EXPECT_EQ((*read)[0].number, 3);
  EXPECT_THAT((*read)[0].cells, ElementsAre(SeenCell{0, XlsxCellType::kNumber, "1"},
                                            SeenCell{2, XlsxCellType::kNumber, "3"}));
  EXPECT_EQ((*read)[1].number, 4);
  EXPECT_THAT((*read)[1].cells, ElementsAre(SeenCell{3, XlsxCellType::kNumber, "4"},
                                            SeenCell{4, XlsxCellType::kNumber, "5"}));
  EXPECT_EQ((*read)[2].number, 9);
  EXPECT_TRUE((*read)[2].cells.empty());
}

TEST(XlsxReaderTest, ReadsPrefixedNamespaces) {
  std::string sheet =
      R"(<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)"
      R"(<x:sheetData><x:row r="1"><x:c r="B1" t="inlineStr"><x:is><x:t>EAN</x:t></x:is></x:c>)"
      R"(</x:row></x:sheetData></x:worksheet>)";
  absl::StatusOr<std::vector<SeenRow>> read = ReadAll(BuildXlsx({.sheet_xml = sheet}));
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_THAT((*read)[0].cells, ElementsAre(SeenCell{1, XlsxCellType::kInlineString, "EAN"}));
}

TEST(XlsxReaderTest, FindsTheFirstSheetThroughTheWorkbookRelationships) {
  std::string bytes = BuildXlsx({.sheet_xml = SheetXml(R"(<row r="1"><c><v>7</v></c></row>)"),
                                 .date1904 = true,
                                 .sheet_part = "xl/worksheets/commandes.xml"});
  absl::StatusOr<XlsxWorkbook> workbook = XlsxWorkbook::Open(bytes);
  ASSERT_TRUE(workbook.ok()) << workbook.status();
  EXPECT_EQ(workbook->first_sheet_part(), "xl/worksheets/commandes.xml");
  EXPECT_EQ(workbook->first_sheet_name(), "Commandes");
  EXPECT_TRUE(workbook->date1904());
  int rows = 0;
  ASSERT_TRUE(workbook
                  ->ForEachRow([&](const XlsxRow&) {
                    ++rows;
                    return absl::OkStatus();
                  })
                  .ok());
  EXPECT_EQ(rows, 1);
}

TEST(XlsxReaderTest, FallsBackToSheet1WithoutRelationships) {
  std::string bytes = BuildZip({
      {"xl/workbook.xml", R"(<workbook><sheets><sheet name="S" sheetId="1"/></sheets></workbook>)"},
      {"xl/worksheets/sheet1.xml", SheetXml(R"(<row r="2"><c><v>1</v></c></row>)")},
  });
  absl::StatusOr<XlsxWorkbook> workbook = XlsxWorkbook::Open(bytes);
  ASSERT_TRUE(workbook.ok()) << workbook.status();
  EXPECT_EQ(workbook->first_sheet_part(), "xl/worksheets/sheet1.xml");
  EXPECT_FALSE(workbook->date1904());
}

TEST(XlsxReaderTest, StopsWhenTheVisitorFailsAndReturnsItsStatus) {
  std::string rows;
  for (int r = 1; r <= 10; ++r) rows += "<row><c><v>" + std::to_string(r) + "</v></c></row>";
  std::string bytes = BuildXlsx({.sheet_xml = SheetXml(rows)});
  absl::StatusOr<XlsxWorkbook> workbook = XlsxWorkbook::Open(bytes);
  ASSERT_TRUE(workbook.ok());
  int calls = 0;
  absl::Status status = workbook->ForEachRow([&](const XlsxRow& row) {
    ++calls;
    return row.number == 3 ? absl::CancelledError("stop here") : absl::OkStatus();
  });
  EXPECT_EQ(status, absl::CancelledError("stop here"));
  EXPECT_EQ(calls, 3);
}

TEST(XlsxReaderTest, StreamsAHundredThousandRows) {
  std::string rows;
  for (int r = 1; r <= 100'000; ++r) {
    rows += "<row r=\"" + std::to_string(r) + "\"><c r=\"A" + std::to_string(r) + "\" t=\"s\"><v>" +
            std::to_string(r % 2) + "</v></c><c r=\"B" + std::to_string(r) + "\"><v>" +
            std::to_string(r) + "</v></c></row>";
  }
  std::string bytes =
      BuildXlsx({.sheet_xml = SheetXml(rows), .shared_strings_xml = SharedStringsXml({"a", "b"})});
  absl::StatusOr<XlsxWorkbook> workbook = XlsxWorkbook::Open(bytes);
  ASSERT_TRUE(workbook.ok());
  int64_t count = 0;
  int64_t sum = 0;
  int64_t b_count = 0;
  ASSERT_TRUE(workbook
                  ->ForEachRow([&](const XlsxRow& row) {
                    ++count;
                    sum += std::stoll(std::string(row.cells[1].text));
                    b_count += row.cells[0].text == "b";
                    return absl::OkStatus();
                  })
                  .ok());
  EXPECT_EQ(count, 100'000);
  EXPECT_EQ(sum, int64_t{100'000} * 100'001 / 2);
  EXPECT_EQ(b_count, 50'000);
}

// --- Files that are not workbooks ----------------------------------------------------------------

TEST(XlsxReaderTest, RefusesBytesThatAreNotAZip) {
  absl::Status status = OpenStatus("N° de commande;Date\nFNAC-1;23/11/2026\n");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("pas une archive zip"));
  EXPECT_EQ(OpenStatus("").code(), absl::StatusCode::kInvalidArgument);
}

TEST(XlsxReaderTest, RecognisesPasswordProtectedAndXlsFiles) {
  absl::Status status =
      OpenStatus(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(512, '\0'));
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("mot de passe"));
}

TEST(XlsxReaderTest, RefusesAZipWithoutWorkbook) {
  absl::Status status = OpenStatus(BuildZip({{"word/document.xml", "<w/>"}}));
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("xl/workbook.xml absent"));
}

TEST(XlsxReaderTest, RefusesATruncatedZip) {
  std::string bytes = BuildXlsx({.sheet_xml = SheetXml("")});
  EXPECT_EQ(OpenStatus(bytes.substr(0, bytes.size() / 2)).code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(XlsxReaderTest, NamesThePartAndLineOfMalformedXml) {
  std::string sheet = SheetXml("<row r=\"1\">\n<c><v>1</v></c>\n<c><v>2</v></row>\n");
  absl::Status status = ReadStatus(BuildXlsx({.sheet_xml = sheet}));
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("xl/worksheets/sheet1.xml, ligne 3"));
  EXPECT_THAT(status.message(), HasSubstr("XML invalide"));
}

TEST(XlsxReaderTest, RefusesAnUnfinishedSheet) {
  std::string sheet = SheetXml("<row r=\"1\"><c><v>1</v></c></row>");
  sheet.resize(sheet.size() - 20);
  EXPECT_EQ(ReadStatus(BuildXlsx({.sheet_xml = sheet})).code(), absl::StatusCode::kInvalidArgument);
}

TEST(XlsxReaderTest, RefusesSharedStringIndexesOutOfRange) {
  absl::Status status = ReadStatus(
      BuildXlsx({.sheet_xml = SheetXml(R"(<row r="4"><c r="B4" t="s"><v>5</v></c></row>)"),
                 .shared_strings_xml = SharedStringsXml({"only"})}));
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("B4"));
}

TEST(XlsxReaderTest, RefusesMalformedCellReferencesAndTypes) {
  EXPECT_THAT(ReadStatus(BuildXlsx({.sheet_xml = SheetXml(R"(<row><c r="1A"><v>1</v></c></row>)")}))
                  .message(),
              HasSubstr("« 1A »"));
  EXPECT_THAT(
      ReadStatus(BuildXlsx({.sheet_xml = SheetXml(R"(<row><c r="A1" t="zz"><v>1</v></c></row>)")}))
          .message(),
      HasSubstr("« zz »"));
}

// --- Hostile files ---------------------------------------------------------------------------

constexpr const char* kBillionLaughs =
    R"(<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">)"
    R"(<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">)"
    R"(<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">)"
    R"(<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">)"
    R"(]>)";

TEST(XlsxReaderTest, RefusesEntityExpansionInTheSheet) {
  std::string sheet = std::string(kBillionLaughs) +
                      R"(<worksheet><sheetData><row><c t="inlineStr"><is><t>&lol3;</t></is></c>)"
                      R"(</row></sheetData></worksheet>)";
  std::string bytes = BuildXlsx({.sheet_xml = sheet});
  absl::StatusOr<XlsxWorkbook> workbook = XlsxWorkbook::Open(bytes);
  ASSERT_TRUE(workbook.ok());
  int rows = 0;
  absl::Status status = workbook->ForEachRow([&](const XlsxRow&) {
    ++rows;
    return absl::OkStatus();
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("DOCTYPE"));
  EXPECT_EQ(rows, 0);
}

TEST(XlsxReaderTest, RefusesEntitiesInSharedStringsAndWorkbook) {
  std::string shared = std::string(kBillionLaughs) + "<sst><si><t>&lol3;</t></si></sst>";
  absl::Status status =
      OpenStatus(BuildXlsx({.sheet_xml = SheetXml(""), .shared_strings_xml = shared}));
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("xl/sharedStrings.xml"));
  EXPECT_THAT(status.message(), HasSubstr("DOCTYPE"));

  std::string internal_entity =
      R"(<!DOCTYPE w [<!ENTITY e SYSTEM "file:///etc/passwd">]><workbook/>)";
  EXPECT_THAT(OpenStatus(BuildZip({{"xl/workbook.xml", internal_entity}})).message(),
              HasSubstr("DOCTYPE"));
}

TEST(XlsxReaderTest, RefusesAZipBombWithoutInflatingIt) {
  // 256 MiB of spaces inside <sheetData>: a few hundred KiB once deflated.
  XlsxParts parts{.sheet_xml = SheetXml(R"(<row r="1"><c><v>1</v></c></row>)"),
                  .sheet_filler_bytes = int64_t{256} << 20};
  std::string bomb = BuildXlsx(parts);
  ASSERT_LT(bomb.size(), 2u << 20);

  // Honest declared size: refused before inflating.
  absl::StatusOr<XlsxWorkbook> workbook = XlsxWorkbook::Open(bomb);
  ASSERT_TRUE(workbook.ok()) << workbook.status();
  int rows = 0;
  auto count_rows = [&](const XlsxRow&) {
    ++rows;
    return absl::OkStatus();
  };
  absl::Status status = workbook->ForEachRow(count_rows);
  EXPECT_EQ(status.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(status.message(), HasSubstr("200 Mio"));

  // Lying declared size (as a real bomb does): refused by counting the inflated bytes.
  ASSERT_TRUE(test_util::PatchDeclaredSize(bomb, "xl/worksheets/sheet1.xml", 1000));
  workbook = XlsxWorkbook::Open(bomb);
  ASSERT_TRUE(workbook.ok()) << workbook.status();
  status = workbook->ForEachRow(count_rows);
  EXPECT_EQ(status.code(), absl::StatusCode::kResourceExhausted) << status;
  EXPECT_EQ(rows, 1);  // the row before the filler was streamed; nothing was buffered
}

TEST(XlsxReaderTest, CountsInflatedBytesAcrossParts) {
  XlsxLimits limits;
  limits.max_uncompressed_bytes = 64 << 10;
  std::string bytes = BuildXlsx({.sheet_xml = SheetXml(""),
                                 .shared_strings_xml = SharedStringsXml({std::string(30'000, 'x')}),
                                 .sheet_filler_bytes = 40'000});
  EXPECT_TRUE(XlsxWorkbook::Open(bytes).ok());
  absl::StatusOr<XlsxWorkbook> workbook = XlsxWorkbook::Open(bytes, limits);
  ASSERT_TRUE(workbook.ok());  // shared strings alone fit
  EXPECT_EQ(workbook->ForEachRow([](const XlsxRow&) { return absl::OkStatus(); }).code(),
            absl::StatusCode::kResourceExhausted);
}

TEST(XlsxReaderTest, EnforcesRowCellAndColumnLimits) {
  XlsxLimits limits;
  limits.max_rows = 2;
  limits.max_cell_chars = 5;
  limits.max_columns = 3;
  auto status_of = [&](const std::string& rows, std::vector<std::string> shared = {"ok"}) {
    return ReadStatus(
        BuildXlsx({.sheet_xml = SheetXml(rows), .shared_strings_xml = SharedStringsXml(shared)}),
        limits);
  };
  EXPECT_TRUE(status_of("<row/><row/>").ok());
  EXPECT_EQ(status_of("<row/><row/><row/>").code(), absl::StatusCode::kResourceExhausted);
  EXPECT_TRUE(status_of(R"(<row><c t="inlineStr"><is><t>éééé</t><t>é</t></is></c></row>)").ok());
  absl::Status too_long =
      status_of(R"(<row r="2"><c r="B2" t="inlineStr"><is><t>éééé</t><t>éé</t></is></c></row>)");
  EXPECT_EQ(too_long.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(too_long.message(), HasSubstr("B2"));
  EXPECT_EQ(status_of("<row/>", {"123456"}).code(), absl::StatusCode::kResourceExhausted);
  EXPECT_TRUE(status_of(R"(<row><c r="C1"><v>1</v></c></row>)").ok());
  EXPECT_EQ(status_of(R"(<row><c r="D1"><v>1</v></c></row>)").code(),
            absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(ReadStatus(BuildXlsx({.sheet_xml = SheetXml(R"(<row r="1048577"/>)")})).code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(XlsxReaderTest, EnforcesTheCompressedSizeAndSharedStringCountLimits) {
  std::string bytes = BuildXlsx(
      {.sheet_xml = SheetXml(""), .shared_strings_xml = SharedStringsXml({"a", "b", "c"})});
  XlsxLimits limits;
  limits.max_compressed_bytes = static_cast<int64_t>(bytes.size()) - 1;
  EXPECT_EQ(XlsxWorkbook::Open(bytes, limits).status().code(),
            absl::StatusCode::kResourceExhausted);
  limits = XlsxLimits{};
  limits.max_shared_strings = 2;
  EXPECT_EQ(XlsxWorkbook::Open(bytes, limits).status().code(),
            absl::StatusCode::kResourceExhausted);
}

TEST(XlsxReaderTest, RefusesDeeplyNestedXml) {
  std::string nested;
  for (int i = 0; i < 100; ++i) nested += "<x>";
  for (int i = 0; i < 100; ++i) nested += "</x>";
  std::string sheet = "<worksheet><sheetData>" + nested + "</sheetData></worksheet>";
  EXPECT_EQ(ReadStatus(BuildXlsx({.sheet_xml = sheet})).code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace factflow::importer::domain
