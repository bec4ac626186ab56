// Hostile uploads are cheap to refuse: each budget of XlsxLimits refuses its file within 1 s of
// CPU and 64 MB of memory over the baseline, measured with getrusage around the parse.
//
// Every hostile file is generated here, compressed as it is generated (the test never holds the
// inflated content). Each parse runs in a forked child: getrusage's peak RSS of a fresh child
// starts at what it inherits, so the growth measured is this parse's alone.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "domain/fnac_profile.h"
#include "domain/xlsx_reader.h"
#include "domain/xlsx_test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "strings/absl_bridge.h"

namespace factflow::importer::domain {
namespace {

using test_util::BuildXlsx;
using test_util::SheetXml;
using test_util::XlsxParts;
using ::testing::HasSubstr;

constexpr double kMaxCpuSeconds = 1.0;
constexpr double kMaxGrowthMb = 64.0;

struct Outcome {
  absl::StatusCode code = absl::StatusCode::kUnknown;
  std::string message;
  double cpu_seconds = 0;
  double growth_mb = 0;  // peak RSS over the child's baseline
};

double CpuSeconds(const rusage& usage) {
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// Runs `work` in a forked child and measures it there.
Outcome MeasureInChild(absl::FunctionRef<absl::Status()> work) {
  int fds[2];
  if (pipe(fds) != 0) std::abort();
  pid_t pid = fork();
  if (pid < 0) std::abort();
  if (pid == 0) {
    close(fds[0]);
    rusage before{};
    getrusage(RUSAGE_SELF, &before);
    absl::Status status = work();
    rusage after{};
    getrusage(RUSAGE_SELF, &after);
    std::string report =
        absl::StrCat(static_cast<int>(status.code()), "\n", CpuSeconds(after) - CpuSeconds(before),
                     "\n", (after.ru_maxrss - before.ru_maxrss) / 1024.0, "\n", status.message());
    for (size_t done = 0; done < report.size();) {
      ssize_t n = write(fds[1], report.data() + done, report.size() - done);
      if (n <= 0) break;
      done += static_cast<size_t>(n);
    }
    _exit(0);
  }
  close(fds[1]);
  std::string report;
  char buffer[4096];
  for (ssize_t n; (n = read(fds[0], buffer, sizeof(buffer))) > 0;) report.append(buffer, n);
  close(fds[0]);
  int wstatus = 0;
  waitpid(pid, &wstatus, 0);
  std::vector<std::string> parts = absl::StrSplit(report, absl::MaxSplits('\n', 3));
  Outcome outcome;
  int code = 0;
  if (parts.size() != 4 || !absl::SimpleAtoi(parts[0], &code) ||
      !absl::SimpleAtod(parts[1], &outcome.cpu_seconds) ||
      !absl::SimpleAtod(parts[2], &outcome.growth_mb)) {
    ADD_FAILURE() << "child crashed or reported nothing (wait status " << wstatus << ")";
    return outcome;
  }
  outcome.code = static_cast<absl::StatusCode>(code);
  outcome.message = parts[3];
  return outcome;
}

absl::Status ReadAllRows(const std::string& bytes, const XlsxLimits& limits) {
  absl::StatusOr<XlsxWorkbook> workbook = XlsxWorkbook::Open(bytes, limits);
  if (!workbook.ok()) return workbook.status();
  int64_t cells = 0;
  return workbook->ForEachRow([&](const XlsxRow& row) {
    cells += static_cast<int64_t>(row.cells.size());
    return absl::OkStatus();
  });
}

// Parses `bytes` (reader only, or the whole FNAC profile) and checks the refusal and its cost.
void ExpectCheapRefusal(const std::string& bytes, absl::StatusCode code, std::string_view message,
                        const XlsxLimits& limits = {}, bool fnac = false) {
  Outcome outcome = MeasureInChild([&] {
    return fnac ? ParseFnacExport("hostile.xlsx", bytes, limits).status()
                : ReadAllRows(bytes, limits);
  });
  EXPECT_EQ(outcome.code, code) << outcome.message;
  EXPECT_THAT(outcome.message, HasSubstr(std::string(message)));
  EXPECT_LT(outcome.cpu_seconds, kMaxCpuSeconds) << outcome.message;
  EXPECT_LT(outcome.growth_mb, kMaxGrowthMb) << outcome.message;
  std::printf("    refused in %.0f ms of CPU, peak RSS +%.1f MB: %s\n", outcome.cpu_seconds * 1000,
              outcome.growth_mb, outcome.message.c_str());
}

// The header row of a FNAC export, then `filler_bytes` of `row` repeated.
std::string FnacRows(std::string_view row, int64_t filler_bytes, std::string_view dimension = "") {
  std::string header;
  for (const char* title : {"N° de commande", "Date de commande", "SKU vendeur", "Libellé produit",
                            "Quantité", "Prix unitaire TTC", "Nom"}) {
    absl::StrAppend(&header, R"(<c t="inlineStr"><is><t>)", title, "</t></is></c>");
  }
  std::string sheet = SheetXml(absl::StrCat("<row>", header, "</row>"));
  if (!dimension.empty()) {
    sheet.insert(sheet.find("<sheetData>"),
                 absl::StrCat(R"(<dimension ref=")", AsAbsl(dimension), R"("/>)"));
  }
  return BuildXlsx(
      {.sheet_xml = sheet, .sheet_filler_bytes = filler_bytes, .sheet_filler = std::string(row)});
}

constexpr std::string_view kFnacRow =
    R"(<row><c t="inlineStr"><is><t>ORDER-0000001</t></is></c><c t="inlineStr"><is><t>)"
    R"(30/11/2026</t></is></c><c t="inlineStr"><is><t>SKU-123456</t></is></c><c t="inlineStr">)"
    R"(<is><t>Un livre de poche au titre assez long</t></is></c><c><v>1</v></c><c><v>19.99</v>)"
    R"(</c><c t="inlineStr"><is><t>Dupont</t></is></c></row>)";

TEST(ParseBudgetMeasureTest, SeesTheChildsAllocationsAndCpu) {
  Outcome outcome = MeasureInChild([] {
    std::vector<char> block(size_t{100} << 20);
    std::memset(block.data(), 1, block.size());
    volatile char sink = block[block.size() / 2];
    (void)sink;
    return absl::OkStatus();
  });
  EXPECT_EQ(outcome.code, absl::StatusCode::kOk);
  EXPECT_GT(outcome.growth_mb, 90.0);
}

TEST(ParseBudgetTest, AHugeCommentIsRefusedAsAnOverlongToken) {
  // 64 MiB inside one comment: expat re-scans an unfinished token at each buffer fed.
  std::string bytes = BuildXlsx({.sheet_xml = SheetXml("<!---->"),
                                 .sheet_filler_bytes = int64_t{64} << 20,
                                 .sheet_filler = "a",
                                 .sheet_filler_before = "-->"});
  ExpectCheapRefusal(bytes, absl::StatusCode::kResourceExhausted,
                     "xl/worksheets/sheet1.xml, à partir de l'octet");
  ExpectCheapRefusal(bytes, absl::StatusCode::kResourceExhausted, "dépasse la limite de 1024 Kio");
}

TEST(ParseBudgetTest, AHugeAttributeIsRefusedAsAnOverlongToken) {
  std::string bytes = BuildXlsx({.sheet_xml = SheetXml(R"(<row r="1" spans=""/>)"),
                                 .sheet_filler_bytes = int64_t{64} << 20,
                                 .sheet_filler = "1",
                                 .sheet_filler_before = R"("/>)"});
  ExpectCheapRefusal(bytes, absl::StatusCode::kResourceExhausted, "un élément XML");
}

TEST(ParseBudgetTest, AHugeCellIsRefusedAtItsCharacterLimit) {
  std::string bytes = BuildXlsx({.sheet_xml = SheetXml(R"(<row r="1"><c r="A1"><v></v></c></row>)"),
                                 .sheet_filler_bytes = int64_t{64} << 20,
                                 .sheet_filler = "7",
                                 .sheet_filler_before = "</v>"});
  ExpectCheapRefusal(bytes, absl::StatusCode::kResourceExhausted,
                     "la cellule A1 dépasse 32767 caractères");
}

TEST(ParseBudgetTest, MillionsOfSharedStringsAreRefusedAtTheCountLimit) {
  // 4.3 million one-letter strings: a 578 KB upload that used to add 273 MB.
  std::string bytes = BuildXlsx({.sheet_xml = SheetXml(""),
                                 .shared_strings_filler_bytes = int64_t{4'300'000} * 17,
                                 .shared_strings_filler = "<si><t>a</t></si>"});
  ExpectCheapRefusal(bytes, absl::StatusCode::kResourceExhausted,
                     "plus de 2000000 textes partagés");
}

TEST(ParseBudgetTest, LongSharedStringsAreRefusedAtTheByteLimit) {
  std::string filler = absl::StrCat("<si><t>", std::string(30'000, 'z'), "</t></si>");
  XlsxLimits limits;
  limits.max_shared_string_bytes = int64_t{32} << 20;
  std::string bytes = BuildXlsx({.sheet_xml = SheetXml(""),
                                 .shared_strings_filler_bytes = int64_t{80} << 20,
                                 .shared_strings_filler = filler});
  ExpectCheapRefusal(bytes, absl::StatusCode::kResourceExhausted, "au-delà de la limite de 32 Mio",
                     limits);
}

TEST(ParseBudgetTest, AMillionRowSheetIsRefusedFromItsDimensionBeforeAnyRow) {
  // 1,048,576 rows announced and present: refused before the first row is read.
  std::string row = "<row><c><v>1</v></c></row>";
  std::string bytes = FnacRows(row, static_cast<int64_t>(row.size()) * 1'048'575, "A1:G1048576");
  ExpectCheapRefusal(bytes, absl::StatusCode::kResourceExhausted,
                     "la feuille annonce 1048576 lignes (dimension A1:G1048576)", {}, true);
}

TEST(ParseBudgetTest, RowsBeyondTheLimitAreRefusedWithoutADimension) {
  std::string bytes = BuildXlsx({.sheet_xml = SheetXml(""),
                                 .sheet_filler_bytes = int64_t{26} * 1'048'576,
                                 .sheet_filler = "<row><c><v>1</v></c></row>"});
  ExpectCheapRefusal(bytes, absl::StatusCode::kResourceExhausted,
                     "la feuille dépasse la limite de 200000 lignes (ligne 200001)");
}

TEST(ParseBudgetTest, CellsBeyondTheLimitAreRefusedFromTheDimensionOrWhileCounting) {
  std::string sheet = SheetXml("");
  sheet.insert(sheet.find("<sheetData>"), R"(<dimension ref="A1:XFD1000"/>)");
  ExpectCheapRefusal(BuildXlsx({.sheet_xml = sheet}), absl::StatusCode::kResourceExhausted,
                     "la feuille annonce 16384000 cellules");

  XlsxLimits limits;
  limits.max_cells = 100'000;
  std::string bytes = BuildXlsx({.sheet_xml = SheetXml(""),
                                 .sheet_filler_bytes = int64_t{15} * 1'000'000,
                                 .sheet_filler = "<row><c><v>1</v></c><c><v>2</v></c></row>"});
  ExpectCheapRefusal(bytes, absl::StatusCode::kResourceExhausted,
                     "dépasse la limite de 100000 cellules", limits);
}

TEST(ParseBudgetTest, InflatedBytesBeyondTheLimitAreRefusedWhateverTheDeclaredSize) {
  std::string bytes =
      BuildXlsx({.sheet_xml = SheetXml(""), .sheet_filler_bytes = int64_t{1} << 30});
  ASSERT_TRUE(test_util::PatchDeclaredSize(bytes, "xl/worksheets/sheet1.xml", 1000));
  XlsxLimits limits;
  limits.max_uncompressed_bytes = int64_t{64} << 20;
  ExpectCheapRefusal(bytes, absl::StatusCode::kResourceExhausted,
                     "le classeur décompressé dépasse la limite de 64 Mio", limits);
}

TEST(ParseBudgetTest, CpuTimeBeyondTheLimitStopsTheParse) {
  std::string row = std::string(kFnacRow);
  std::string bytes = FnacRows(row, static_cast<int64_t>(row.size()) * 150'000);
  XlsxLimits limits;
  limits.max_cpu_time = absl::Milliseconds(100);
  ExpectCheapRefusal(bytes, absl::StatusCode::kResourceExhausted, "limite de 100ms de calcul",
                     limits, true);
}

TEST(ParseBudgetTest, MemoryBeyondTheLimitStopsTheParse) {
  std::string row = std::string(kFnacRow);
  std::string bytes = FnacRows(row, static_cast<int64_t>(row.size()) * 150'000);
  XlsxLimits limits;
  limits.max_memory_bytes = int64_t{16} << 20;
  ExpectCheapRefusal(bytes, absl::StatusCode::kResourceExhausted,
                     "limite de mémoire de 16 Mio (commandes lues)", limits, true);
}

TEST(ParseBudgetTest, AStopRequestEndsTheParse) {
  std::string row = std::string(kFnacRow);
  std::string bytes = FnacRows(row, static_cast<int64_t>(row.size()) * 150'000);
  XlsxLimits limits;
  int polls = 0;
  limits.stop_requested = [&polls] { return ++polls > 20; };
  ExpectCheapRefusal(bytes, absl::StatusCode::kCancelled, "l'envoi a été annulé", limits, true);
}

}  // namespace
}  // namespace factflow::importer::domain
