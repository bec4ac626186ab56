#include "domain/cfonb_lcr.h"

#include <array>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace factflow::invoicing::domain {
namespace {

constexpr absl::string_view kOperation = "60";
// Code entrée "3": collection, lump-sum credit after the due date (the usual remittance).
constexpr absl::string_view kEntryCode = "3";
// Largest amount the 12-digit cents field holds.
constexpr int64_t kMaxCents = 999'999'999'999;

// UTF-8 French letters folded to ASCII before the field is filtered.
const std::array<std::pair<absl::string_view, absl::string_view>, 26>& Folds() {
  static const std::array<std::pair<absl::string_view, absl::string_view>, 26> folds = {{
      {"à", "a"}, {"â", "a"}, {"ä", "a"}, {"ç", "c"}, {"é", "e"}, {"è", "e"}, {"ê", "e"},
      {"ë", "e"}, {"î", "i"}, {"ï", "i"}, {"ô", "o"}, {"ö", "o"}, {"ù", "u"}, {"û", "u"},
      {"ü", "u"}, {"ÿ", "y"}, {"œ", "oe"}, {"æ", "ae"}, {"À", "A"}, {"Â", "A"}, {"Ç", "C"},
      {"É", "E"}, {"È", "E"}, {"Ê", "E"}, {"Ô", "O"}, {"Œ", "OE"},
  }};
  return folds;
}

bool Allowed(char c) {
  return absl::ascii_isupper(c) || absl::ascii_isdigit(c) ||
         absl::string_view(" .,-/'()+:?").find(c) != absl::string_view::npos;
}

bool AllDigits(absl::string_view text) {
  for (char c : text) {
    if (!absl::ascii_isdigit(c)) return false;
  }
  return !text.empty();
}

// "YYYY-MM-DD" -> "DDMMYY".
absl::StatusOr<std::string> Jjmmaa(absl::string_view date, absl::string_view what) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-' || !AllDigits(date.substr(0, 4)) ||
      !AllDigits(date.substr(5, 2)) || !AllDigits(date.substr(8, 2))) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, " : date « ", CfonbText(date, 10), " » invalide (AAAA-MM-JJ)"));
  }
  return absl::StrCat(date.substr(8, 2), date.substr(5, 2), date.substr(2, 2));
}

std::string Sequence(int64_t sequence) {
  std::string digits = absl::StrCat(sequence);
  return std::string(8 - std::min<size_t>(8, digits.size()), '0') + digits.substr(0, 8);
}

absl::StatusOr<std::string> Cents(money::Decimal amount, absl::string_view what) {
  const int64_t cents = amount.RoundedToCents().cents();
  if (cents <= 0 || cents > kMaxCents) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, " : montant ", amount.ToFrench(), " hors des limites d'une LCR"));
  }
  std::string digits = absl::StrCat(cents);
  return std::string(12 - digits.size(), '0') + digits;
}

// Mod-97 check of an IBAN (ISO 13616).
bool IbanChecksumValid(absl::string_view iban) {
  std::string rearranged = absl::StrCat(iban.substr(4), iban.substr(0, 4));
  int remainder = 0;
  for (char c : rearranged) {
    int value = absl::ascii_isdigit(c) ? c - '0' : c - 'A' + 10;
    remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
  }
  return remainder == 1;
}

}  // namespace

std::string CfonbText(absl::string_view text, size_t size) {
  std::string folded(text);
  for (const auto& [from, to] : Folds()) folded = absl::StrReplaceAll(folded, {{from, to}});
  std::string out;
  for (char c : folded) {
    if (out.size() == size) break;
    char upper = absl::ascii_toupper(static_cast<unsigned char>(c));
    out.push_back(Allowed(upper) ? upper : ' ');
  }
  out.resize(size, ' ');
  return out;
}

absl::StatusOr<FrenchRib> RibFromFrenchIban(absl::string_view iban, absl::string_view whose) {
  std::string compact;
  for (char c : iban) {
    if (c != ' ') compact.push_back(absl::ascii_toupper(static_cast<unsigned char>(c)));
  }
  if (compact.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(whose, " : IBAN absent (une LCR exige le RIB)"));
  }
  bool alphanumeric = true;
  for (char c : compact) alphanumeric = alphanumeric && absl::ascii_isalnum(c);
  if (compact.size() != 27 || compact.substr(0, 2) != "FR" || !alphanumeric ||
      !AllDigits(compact.substr(2, 2)) || !AllDigits(compact.substr(4, 10)) ||
      !AllDigits(compact.substr(25, 2))) {
    return absl::InvalidArgumentError(
        absl::StrCat(whose, " : « ", CfonbText(compact, 34),
                     " » n'est pas un IBAN français (FRkk + 23 caractères) : une LCR ne se tire "
                     "que sur un compte en France"));
  }
  if (!IbanChecksumValid(compact)) {
    return absl::InvalidArgumentError(
        absl::StrCat(whose, " : clé de contrôle de l'IBAN ", compact, " incorrecte"));
  }
  return FrenchRib{compact.substr(4, 5), compact.substr(9, 5), compact.substr(14, 11),
                   compact.substr(25, 2)};
}

absl::StatusOr<std::string> LcrHeaderRecord(const LcrRemitter& remitter) {
  if (remitter.name.empty()) {
    return absl::InvalidArgumentError("remise LCR : raison sociale du cédant absente");
  }
  absl::StatusOr<FrenchRib> rib = RibFromFrenchIban(remitter.iban, "compte du cédant");
  if (!rib.ok()) return rib.status();
  absl::StatusOr<std::string> date = Jjmmaa(remitter.creation_date, "date de remise");
  if (!date.ok()) return date.status();
  std::string record = absl::StrCat(
      "03", kOperation, Sequence(1),    // 1-2, 3-4, 5-12
      std::string(6, ' '),              // 13-18 numéro d'émetteur (unused for LCR)
      std::string(6, ' '),              // 19-24 reserved
      *date,                            // 25-30 date de remise JJMMAA
      CfonbText(remitter.name, 24),     // 31-54 raison sociale du cédant
      CfonbText(remitter.bank_domiciliation, 24),  // 55-78 domiciliation bancaire
      kEntryCode, " ", "E",             // 79 code entrée, 80 code Dailly, 81 code monnaie
      rib->bank, rib->branch, rib->account,  // 82-86, 87-91, 92-102
      std::string(47, ' '),             // 103-149 reserved (103-118, date de valeur 119-124...)
      CfonbText(remitter.reference, 11));  // 150-160 référence de la remise
  return record;
}

absl::StatusOr<std::string> LcrDetailRecord(const LcrBill& bill, int64_t sequence) {
  const std::string what = absl::StrCat("facture ", CfonbText(bill.reference, 35));
  if (bill.drawee_name.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(what, " : nom du tiré absent"));
  }
  absl::StatusOr<FrenchRib> rib =
      RibFromFrenchIban(bill.drawee_iban, absl::StrCat(what, ", compte du tiré"));
  if (!rib.ok()) return rib.status();
  absl::StatusOr<std::string> amount = Cents(bill.amount, what);
  if (!amount.ok()) return amount.status();
  absl::StatusOr<std::string> due = Jjmmaa(bill.due_date, absl::StrCat(what, ", échéance"));
  if (!due.ok()) return due.status();
  absl::StatusOr<std::string> created =
      Jjmmaa(bill.creation_date, absl::StrCat(what, ", date de création"));
  if (!created.ok()) return created.status();
  const absl::string_view reference =
      absl::string_view(bill.reference)
          .substr(bill.reference.size() > 10 ? bill.reference.size() - 10 : 0);
  return absl::StrCat(
      "06", kOperation, Sequence(sequence),  // 1-2, 3-4, 5-12
      std::string(8, ' '),                   // 13-20 reserved
      CfonbText(reference, 10),              // 21-30 référence tiré
      CfonbText(bill.drawee_name, 24),       // 31-54 nom du tiré
      CfonbText(bill.drawee_bank, 24),       // 55-78 domiciliation du tiré
      "0", "  ",                             // 79 code acceptation, 80-81 reserved
      rib->bank, rib->branch, rib->account,  // 82-86, 87-91, 92-102
      *amount,                               // 103-114 montant en centimes
      std::string(4, ' '),                   // 115-118 reserved
      *due, *created,                        // 119-124 échéance, 125-130 création JJMMAA
      std::string(20, ' '),                  // 131-150 reserved
      CfonbText(reference, 10));             // 151-160 référence tireur
}

absl::StatusOr<std::string> LcrTotalRecord(money::Decimal total, int64_t sequence) {
  absl::StatusOr<std::string> amount = Cents(total, "total de la remise");
  if (!amount.ok()) return amount.status();
  return absl::StrCat("08", kOperation, Sequence(sequence), std::string(90, ' '),  // 13-102
                      *amount,                                                     // 103-114
                      std::string(46, ' '));                                       // 115-160
}

}  // namespace factflow::invoicing::domain
