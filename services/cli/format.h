#pragma once

// French display of what factflowctl prints for operators: states, amounts, dates, issues and
// aligned text tables; and the JSON form for scripts (--json). Pure functions, no I/O.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "factflow/common/v1/common.pb.h"
#include "factflow/importer/v1/importer.pb.h"
#include "factflow/invoicing/v1/invoicing.pb.h"
#include "google/protobuf/message.h"
#include "google/protobuf/timestamp.pb.h"

namespace factflow::cli {

// "En attente", "Prêt", "Envoyé", "Conservé en interne" (the processing screen's labels).
std::string FrenchSendState(invoicing::v1::SendState state);
// "à contrôler", "génération en cours", "factures générées", "refusé", "annulé".
std::string FrenchBatchStatus(importer::v1::BatchStatus status);
// "associé" / "non associé" (article correspondence of a grid row).
std::string FrenchMappingStatus(importer::v1::MappingStatus status);
// What an action does, as a noun phrase: "Préparation de l'envoi", "Envoi", ...
std::string FrenchAction(invoicing::v1::InvoiceAction action);

// An action as the audit trail stores it ("SEND", "PUT_ON_HOLD", "ISSUE") in French ("Envoi",
// "Mise en attente", "Émission"); an unknown name is shown as received.
std::string FrenchAuditAction(std::string_view name);

// An amount in euros: "1 234,50 €" (no-break spaces). An empty value reads as zero; a value that
// is not a decimal is shown as received, so nothing is hidden from the operator.
std::string FormatAmount(const common::v1::Decimal& amount);
// A rate or quantity without useless zeros: "20", "5,5", "2,1", "1,25".
std::string FormatDecimal(const common::v1::Decimal& value);
// A rate: "20 %", "5,5 %".
std::string FormatRate(const common::v1::Decimal& rate);

// "2026-01-18" -> "18/01/2026"; anything else is returned unchanged.
std::string FormatIsoDate(std::string_view iso);
// "18/01/2026 14:05" in `zone`; "" when unset (zero).
std::string FormatTimestamp(const google::protobuf::Timestamp& at, absl::TimeZone zone);

// "fichier:ligne:colonne champ — message": where the problem is, then what it is. Row 0 and
// empty parts are left out; the field is named by the file's own column header when known (what
// the operator sees in the spreadsheet), else by its factflow name; warnings end with
// " (avertissement)".
std::string FormatIssue(const importer::v1::Issue& issue);
// One report line and how many issues it stands for.
struct IssueLine {
  std::string text;
  int64_t count = 1;
};
// The issues as report lines, in their order: each error, and each warning that occurs once, as
// FormatIssue; a warning repeated on several rows (same file, column, field and message) once, at
// its first place, as "40 lignes : fichier:H Adresse — adresse de facturation absente
// (avertissement)".
std::vector<IssueLine> GroupIssues(const std::vector<importer::v1::Issue>& issues);

// "Société" or "Civilité Prénom Nom" of a marketplace buyer.
std::string FormatBuyer(const importer::v1::Buyer& buyer);
// "FA2026-000001 → FA2026-000038", one number alone, or "" when none.
std::string FormatNumberRange(std::string_view first, std::string_view last);
// "0 facture", "1 facture", "38 factures" (French: singular for 0 and 1).
std::string Count(int64_t n, std::string_view singular, std::string_view plural);
std::string YesNo(bool value);
// The first 12 hex digits of a hash and "…", or "" when empty.
std::string ShortHash(std::string_view sha256);
// "512 o", "12,3 Ko", "4,0 Mo".
std::string FormatBytes(int64_t size);

// "12 rue des Archives, 75004 Paris, FR" (empty parts left out).
std::string FormatAddress(const common::v1::PostalAddress& address);
// At most `width` display columns, ending with "…" when cut.
std::string Truncate(std::string_view text, size_t width);
// "Libellé : valeur" lines, labels padded to the widest; fields with an empty value are skipped.
std::string FormatFields(const std::vector<std::pair<std::string, std::string>>& fields);

// Number of terminal columns of UTF-8 text (one per code point; factflowctl prints no wide
// characters).
size_t DisplayWidth(std::string_view text);

// A text table with a header row, columns padded to the widest cell, two spaces between columns.
class Table {
 public:
  enum class Align { kLeft, kRight };
  struct Column {
    std::string title;
    Align align = Align::kLeft;
  };

  explicit Table(std::vector<Column> columns);
  // Precondition: one cell per column.
  void AddRow(std::vector<std::string> cells);
  bool empty() const { return rows_.empty(); }
  // Header, a rule of '-', then the rows (only the rows with `header` false); every line ends
  // with '\n', without trailing spaces.
  std::string Render(bool header = true) const;

 private:
  std::vector<Column> columns_;
  std::vector<std::vector<std::string>> rows_;
};

// The message as indented JSON with every field present (scripts see false and 0 too).
std::string ToJson(const google::protobuf::Message& message);

}  // namespace factflow::cli
