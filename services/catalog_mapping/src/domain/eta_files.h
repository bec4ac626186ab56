#pragma once

// The ETA CSV files an E-connector receives (domain.md section 7), read with the shared CSV
// reader (csv/csv_reader.h: UTF-8, UTF-8 BOM or Windows-1252; ';', ',' or tab; RFC 4180 quoting;
// decimal comma or point). Columns are found by header name (case of ASCII letters and
// surrounding spaces ignored), in any order; unknown columns are ignored.
//
//   ImportDocuments*.csv  one row per document line: Document, Date (jj/mm/aaaa or aaaa-mm-jj),
//                         Client, Article (the ETA code), Libellé, Quantité, Prix unitaire TTC,
//                         Taux TVA (a French rate: 0, 0,9, 1,05, 1,75, 2,1, 5,5, 8,5, 10, 13, 20),
//                         Mode de paiement. Rows of one document share its date, customer and
//                         payment mode.
//   ImportTiers*.csv      one row per party: Code, Type (client, fournisseur or contact), Nom,
//                         Adresse 1, Adresse 2, Code postal, Ville, Pays, SIRET,
//                         TVA intracommunautaire, E-mail, Téléphone.
//
// Pure: parses bytes already read. A malformed file is refused whole: InvalidArgument in French
// naming the file, the line, the column and the value (csv::CsvErrorMessage).
//
// Thread safety: reentrant functions.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "domain/party.h"
#include "money/decimal.h"

namespace factflow::catalog_mapping::domain {

enum class EtaFileKind { kDocuments, kParties };

// The French VAT rates an ETA line may carry, and the error naming them.
bool IsFrenchVatRate(money::Decimal rate);
inline constexpr char kUnknownVatRate[] =
    "taux de TVA inconnu (0 ; 0,9 ; 1,05 ; 1,75 ; 2,1 ; 5,5 ; 8,5 ; 10 ; 13 ; 20)";
// jj/mm/aaaa or aaaa-mm-jj (a real calendar day, year 1900 or later) as ISO; nullopt otherwise.
std::optional<std::string> EtaIsoDate(std::string_view text);
// "client", "fournisseur", "contact" (any case) as the party kind; nullopt otherwise.
std::optional<std::string> EtaPartyKind(std::string_view text);

// kDocuments for ImportDocuments*.csv, kParties for ImportTiers*.csv (ASCII case ignored).
std::optional<EtaFileKind> EtaFileKindOf(std::string_view file_name);

struct EtaLine {
  std::string article;  // the ETA (external) code
  std::string label;
  money::Decimal quantity;
  money::Decimal unit_price_incl_vat;
  money::Decimal vat_rate;
};

struct EtaDocument {
  std::string id;            // e.g. F259030_D260118
  std::string date;          // ISO yyyy-mm-dd
  std::string customer;
  std::string payment_mode;  // e.g. "Chèques"
  std::vector<EtaLine> lines;
  money::Decimal total_incl_vat;  // sum of quantity x unit price, rounded to cents
  int64_t line = 0;               // file line of its first row
};

// Documents in order of first appearance.
absl::StatusOr<std::vector<EtaDocument>> ParseEtaDocuments(std::string_view file_name,
                                                           std::string_view bytes);

struct EtaParty {
  Party party;  // validated (ValidateParty); family left empty (the connector's setting)
  int64_t line = 0;
};

absl::StatusOr<std::vector<EtaParty>> ParseEtaParties(std::string_view file_name,
                                                      std::string_view bytes);

}  // namespace factflow::catalog_mapping::domain
