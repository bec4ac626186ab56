#include "csv/csv_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace factflow::csv {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string Msg(const absl::Status& status) { return std::string(status.message()); }

using Rows = std::vector<std::vector<std::string>>;

struct Parsed {
  absl::Status status;
  Rows rows;
  std::vector<int64_t> lines;
  Encoding encoding = Encoding::kUnknown;
  char separator = 0;
};

// Parses `bytes` fed in chunks of `chunk` bytes (0: all at once).
Parsed ParseIn(std::string_view bytes, size_t chunk = 0, Options options = {}) {
  Parsed parsed;
  options.file_name = "ImportDocuments1.csv";
  Reader reader(options, [&](const Record& record) {
    parsed.rows.emplace_back(record.fields.begin(), record.fields.end());
    parsed.lines.push_back(record.line);
    return absl::OkStatus();
  });
  if (chunk == 0) chunk = bytes.size() + 1;
  for (size_t at = 0; at < bytes.size() && parsed.status.ok(); at += chunk) {
    parsed.status = reader.Feed(bytes.substr(at, chunk));
  }
  if (parsed.status.ok()) parsed.status = reader.Finish();
  parsed.encoding = reader.encoding();
  parsed.separator = reader.separator();
  return parsed;
}

TEST(CsvReader, ReadsSemicolonUtf8WithDecimalComma) {
  Parsed p = ParseIn("id;montant\nF259030_D260118;12,50\nF2;3.5\n");
  ASSERT_TRUE(p.status.ok()) << p.status;
  EXPECT_EQ(p.separator, ';');
  EXPECT_EQ(p.encoding, Encoding::kUtf8);
  ASSERT_EQ(p.rows.size(), 3u);
  EXPECT_THAT(p.rows[1], ElementsAre("F259030_D260118", "12,50"));
  EXPECT_EQ(ParseDecimal(p.rows[1][1])->ToString(2), "12.50");
  EXPECT_EQ(ParseDecimal(p.rows[2][1])->ToString(2), "3.50");
}

TEST(CsvReader, DetectsCommaAndTab) {
  EXPECT_EQ(ParseIn("a,b,c\n1,2,3\n").separator, ',');
  Parsed tab = ParseIn("a\tb\n1;x\t2\n");
  EXPECT_EQ(tab.separator, '\t');
  EXPECT_THAT(tab.rows[1], ElementsAre("1;x", "2"));
  // Separators inside quotes do not count.
  EXPECT_EQ(ParseIn("\"a,b,c\";d\n").separator, ';');
}

TEST(CsvReader, QuotedFieldsHoldSeparatorsQuotesAndNewlines) {
  const std::string text =
      "code;libellé;note\r\n"
      "A1;\"Vis; \"\"inox\"\"\";\"ligne 1\r\nligne 2\"\r\n"
      "A2;\"\";fin\r\n";
  for (size_t chunk : {0, 1, 2, 3, 7}) {
    Parsed p = ParseIn(text, chunk);
    ASSERT_TRUE(p.status.ok()) << p.status;
    ASSERT_EQ(p.rows.size(), 3u) << chunk;
    EXPECT_THAT(p.rows[1], ElementsAre("A1", "Vis; \"inox\"", "ligne 1\r\nligne 2"));
    EXPECT_THAT(p.rows[2], ElementsAre("A2", "", "fin"));
    EXPECT_THAT(p.lines, ElementsAre(1, 2, 4)) << "the record after a two-line field starts at 4";
  }
}

TEST(CsvReader, Utf8BomIsStripped) {
  Parsed p = ParseIn("\xEF\xBB\xBF" "code;nom\nC1;Élodie\n");
  ASSERT_TRUE(p.status.ok()) << p.status;
  EXPECT_EQ(p.encoding, Encoding::kUtf8Bom);
  EXPECT_THAT(p.rows[0], ElementsAre("code", "nom"));
  EXPECT_THAT(p.rows[1], ElementsAre("C1", "Élodie"));
}

TEST(CsvReader, Windows1252IsDetectedAndConvertedToUtf8) {
  // "Chèques" and "€" in Windows-1252: 0xE8 and 0x80.
  Parsed p = ParseIn("mode;prix\nCh\xE8ques;12 \x80\n", 3);
  ASSERT_TRUE(p.status.ok()) << p.status;
  EXPECT_EQ(p.encoding, Encoding::kWindows1252);
  EXPECT_THAT(p.rows[1], ElementsAre("Chèques", "12 €"));
}

TEST(CsvReader, UndefinedWindows1252ByteIsRefusedWithItsPlace) {
  Parsed p = ParseIn("a;b\nCh\xE8;x\x81y\n");
  EXPECT_EQ(p.status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Msg(p.status), HasSubstr("« ImportDocuments1.csv », ligne 2, colonne 2"));
  EXPECT_THAT(Msg(p.status), HasSubstr("\\x81"));
}

TEST(CsvReader, InvalidUtf8AfterTheDetectionWindowNamesLineAndColumn) {
  std::string text = "a;b\n";
  while (text.size() < 70 * 1024) text += "é;x\n";
  const int64_t bad_line = static_cast<int64_t>(std::count(text.begin(), text.end(), '\n')) + 1;
  text += "ok;Ch\xE8ques\n";
  Parsed p = ParseIn(text, 4096);
  EXPECT_EQ(p.status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Msg(p.status),
              HasSubstr("ligne " + std::to_string(bad_line) + ", colonne 2"));
  EXPECT_THAT(Msg(p.status), HasSubstr("encodage invalide"));
  EXPECT_THAT(Msg(p.status), HasSubstr("Ch\\xE8ques"));
}

TEST(CsvReader, UnterminatedQuoteIsRefusedAtItsStart) {
  Parsed p = ParseIn("a;b\n1;\"abc\n2;3\n");
  EXPECT_EQ(p.status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Msg(p.status), HasSubstr("ligne 2, colonne 2"));
  EXPECT_THAT(Msg(p.status), HasSubstr("guillemet non fermé"));
}

TEST(CsvReader, TextAfterClosingQuoteIsRefused) {
  Parsed p = ParseIn("a;b\n1;\"abc\"x;\n");
  EXPECT_THAT(Msg(p.status), HasSubstr("ligne 2, colonne 2"));
  EXPECT_THAT(Msg(p.status), HasSubstr("après le guillemet fermant"));
}

TEST(CsvReader, WrongColumnCountIsRefused) {
  Parsed p = ParseIn("a;b;c\n1;2;3\n4;5\n");
  EXPECT_EQ(p.status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Msg(p.status), HasSubstr("ligne 3"));
  EXPECT_THAT(Msg(p.status), HasSubstr("2 colonnes au lieu de 3"));
  Parsed more = ParseIn("a;b\n1;2;3\n");
  EXPECT_THAT(Msg(more.status), HasSubstr("ligne 2, colonne 3"));
  EXPECT_THAT(Msg(more.status), HasSubstr("valeur « 3 »"));
}

TEST(CsvReader, BlankLinesAndMissingFinalNewline) {
  Parsed p = ParseIn("a;b\n\n1;2\r\n\r\n3;4");
  ASSERT_TRUE(p.status.ok()) << p.status;
  ASSERT_EQ(p.rows.size(), 3u);
  EXPECT_THAT(p.rows[2], ElementsAre("3", "4"));
  EXPECT_THAT(p.lines, ElementsAre(1, 3, 5));
  // A lone CR ends a record too.
  EXPECT_EQ(ParseIn("a;b\r1;2\r").rows.size(), 2u);
  // An empty file has no record.
  Parsed empty = ParseIn("");
  EXPECT_TRUE(empty.status.ok());
  EXPECT_TRUE(empty.rows.empty());
}

TEST(CsvReader, OverlongRecordIsRefusedNotTruncated) {
  Options options;
  options.max_record_bytes = 100;
  Parsed p = ParseIn("a;\"" + std::string(500, 'x') + "\"\n", 0, options);
  EXPECT_EQ(p.status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Msg(p.status), HasSubstr("trop long"));
}

TEST(CsvReader, CallbackErrorStopsTheReading) {
  int seen = 0;
  absl::Status status = ReadCsvBytes("a\nb\nc\n", {}, [&](const Record& record) {
    ++seen;
    return record.index == 2 ? absl::InvalidArgumentError("stop") : absl::OkStatus();
  });
  EXPECT_EQ(Msg(status), "stop");
  EXPECT_EQ(seen, 2);
}

TEST(CsvReader, ReadsAFileInChunksWithBoundedMemory) {
  const auto path = std::filesystem::temp_directory_path() / "factflow_csv_reader_test.csv";
  {
    std::ofstream out(path, std::ios::binary);
    out << "id;libellé;montant\n";
    for (int i = 0; i < 100000; ++i) out << "D" << i << ";\"Article; n°" << i << "\";" << i << ",5\n";
  }
  int64_t rows = 0;
  money::Decimal total;
  Options options;
  options.file_name = "gros.csv";
  absl::Status status = ReadCsvFile(path.string(), options, [&](const Record& record) {
    if (record.index > 1) {
      ++rows;
      total = total + *ParseDecimal(record.fields[2]);
    }
    return absl::OkStatus();
  });
  std::filesystem::remove(path);
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(rows, 100000);
  // sum(i + 0.5) for i < 100000 = 4'999'950'000 + 50'000.
  EXPECT_EQ(total, *money::Decimal::Parse("5000000000"));
  EXPECT_EQ(ReadCsvFile("/nonexistent/x.csv", options, [](const Record&) {
              return absl::OkStatus();
            }).code(),
            absl::StatusCode::kNotFound);
}

TEST(CsvDecimal, CommaPointAndSpaces) {
  EXPECT_EQ(ParseDecimal(" 1 234,5 ")->ToString(2), "1234.50");
  EXPECT_EQ(ParseDecimal("-3")->ToString(0), "-3");
  EXPECT_EQ(ParseDecimal("0.055")->ToString(3), "0.055");
  EXPECT_FALSE(ParseDecimal("12 €").has_value());
  EXPECT_FALSE(ParseDecimal("abc").has_value());
  EXPECT_FALSE(ParseDecimal("").has_value());
}

TEST(CsvHeader, FindsColumnsIgnoringCaseAndSpaces) {
  Record record;
  record.line = 1;
  record.fields = {"Code ", "Nom", "SIRET"};
  auto header = Header::FromRecord("ImportTiers.csv", record);
  ASSERT_TRUE(header.ok()) << header.status();
  EXPECT_EQ(*header->Find("code"), 0u);
  EXPECT_EQ(*header->Require("siret"), 2u);
  EXPECT_THAT(Msg(header->Require("Pays").status()),
              HasSubstr("colonne obligatoire « Pays » absente"));
  record.fields = {"Code", "code"};
  EXPECT_THAT(Msg(Header::FromRecord("ImportTiers.csv", record).status()),
              HasSubstr("colonne 2"));
}

TEST(CsvError, MessageNamesFileLineColumnNameAndValue) {
  EXPECT_EQ(CsvErrorMessage("f.csv", 3, 4, "Taux TVA", "taux de TVA inconnu", "7"),
            "« f.csv », ligne 3, colonne 4 (Taux TVA) : taux de TVA inconnu (valeur « 7 »)");
}

}  // namespace
}  // namespace factflow::csv
