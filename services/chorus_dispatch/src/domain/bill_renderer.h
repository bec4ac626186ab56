#pragma once

// Bills of exchange (domain.md §6, "traites"): the French form of a lettre de change relevé
// (LCR: the seller draws on the buyer) or of a billet à ordre (BOR: the buyer promises to pay
// the seller), one A4 page drawn with cairo. Each carries its legal mentions: the words
// "LETTRE DE CHANGE" or "BILLET À ORDRE", the amount in figures and in words (French), the due
// date, the place of payment (the drawee's bank and RIB), the beneficiary, the date and place of
// creation, the drawer (LCR) or subscriber (BOR) with their SIREN, the drawee with SIREN, the
// invoice it settles, and the signature boxes.
//
// Thread safety: safe to call concurrently (one cairo surface per call).

#include <string>

#include "absl/status/statusor.h"
#include "domain/invoice_document.h"

namespace factflow::dispatch::domain {

enum class BillKind { kLettreDeChange, kBilletAOrdre };

struct BillOfExchange {
  BillKind kind = BillKind::kLettreDeChange;
  std::string invoice_number;  // the invoice the bill settles
  Decimal amount;              // > 0, to the cent
  std::string due_date;        // "YYYY-MM-DD"
  std::string creation_date;   // "YYYY-MM-DD"
  std::string creation_place;  // city of the drawer
  Party drawer;                // the seller (tireur; beneficiary of a BOR)
  Party drawee;                // the buyer (tiré; souscripteur of a BOR)
  std::string drawee_iban;     // where it is paid (the drawee's account)
  std::string drawee_bank;     // domiciliation, may be empty
  std::string copy_mark;       // "DUPLICATA" on a reprint, else empty
};

// The bill as a one-page PDF. InvalidArgument (French) for a non-positive amount, a missing due
// date or drawee name; Internal when cairo fails.
absl::StatusOr<std::string> RenderBillPdf(const BillOfExchange& bill);

}  // namespace factflow::dispatch::domain
