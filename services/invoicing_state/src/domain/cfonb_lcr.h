#pragma once

// The CFONB "remise LCR" file (lettres de change relevé, and billets à ordre relevé) that a
// company hands to its bank to collect its bills of exchange: fixed-width records of 160
// characters separated by CR LF, uppercase ASCII, amounts in cents right-aligned with zeros,
// dates JJMMAA. One header record "03", one detail record "06" per bill, one total record "08";
// every record carries operation code "60" and its sequence number (1, 2, ...). The positions
// of every field are in README "Bills of exchange (LCR / billet à ordre)".
//
// Bank details travel as the French RIB inside a French IBAN (FRkk BBBBB GGGGG CCCCCCCCCCC
// KK): an IBAN of another country cannot be collected as an LCR and is refused.
//
// Thread safety: pure functions.

#include <cstdint>
#include <string>
#include "absl/strings/string_view.h"

#include "absl/status/statusor.h"
#include "money/decimal.h"

namespace factflow::invoicing::domain {

inline constexpr size_t kCfonbRecordLength = 160;
inline constexpr char kCfonbRecordEnd[] = "\r\n";

struct FrenchRib {
  std::string bank;     // code banque, 5 digits
  std::string branch;   // code guichet, 5 digits
  std::string account;  // numéro de compte, 11 characters
  std::string key;      // clé RIB, 2 digits
};

// The RIB of a French IBAN (spaces ignored). InvalidArgument (French, naming `whose`) for an
// empty, foreign or malformed IBAN, or one whose checksum is wrong.
absl::StatusOr<FrenchRib> RibFromFrenchIban(absl::string_view iban, absl::string_view whose);

// Text of a CFONB field: uppercase ASCII (French accents folded: "é" -> "E", "œ" -> "OE"),
// characters outside A-Z 0-9 space and . , - / ' ( ) + : ? replaced by a space, then cut or
// padded with spaces to `size`.
std::string CfonbText(absl::string_view text, size_t size);

struct LcrRemitter {
  std::string name;               // raison sociale du cédant
  std::string bank_domiciliation; // domiciliation bancaire (bank name), may be empty
  std::string iban;               // the remitter's French IBAN (account credited)
  std::string reference;          // référence de la remise, 11 characters kept
  std::string creation_date;      // "YYYY-MM-DD"
};

struct LcrBill {
  std::string reference;      // the invoice number: its last 10 characters are written
  std::string drawee_name;    // nom du tiré
  std::string drawee_bank;    // domiciliation of the drawee, may be empty
  std::string drawee_iban;    // the drawee's French IBAN (account debited)
  money::Decimal amount;      // > 0, in euros
  std::string due_date;       // "YYYY-MM-DD"
  std::string creation_date;  // "YYYY-MM-DD"
};

// Record "03". InvalidArgument (French) for a missing name, a bad IBAN or date.
absl::StatusOr<std::string> LcrHeaderRecord(const LcrRemitter& remitter);
// Record "06" with sequence number `sequence` (2 for the first bill). InvalidArgument (French,
// naming the invoice) for a missing drawee, a bad IBAN or date, an amount <= 0 or too large.
absl::StatusOr<std::string> LcrDetailRecord(const LcrBill& bill, int64_t sequence);
// Record "08": the sum of the bills' amounts, sequence number after the last detail.
absl::StatusOr<std::string> LcrTotalRecord(money::Decimal total, int64_t sequence);

}  // namespace factflow::invoicing::domain
