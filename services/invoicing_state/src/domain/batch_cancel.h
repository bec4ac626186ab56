#pragma once

// Cancelling an import batch ("Suppr. Import", domain.md §2.5): why a cancel is refused, said to
// the operator in French. A batch can be cancelled only while its invoices are the tail of every
// series they used, no credit note was made after it, and none of its invoices left
// EN_ATTENTE/PRET, was printed for a customer or was archived. A refusal names the blocking
// documents and the credit notes that would cancel the batch's invoices instead.
//
// Lists are bounded (kMaxListed documents each) and always say how many were left out: the
// message stays short whatever the batch size, and nothing is dropped silently.
//
// Thread safety: pure functions on values; safe to call concurrently.

#include <cstdint>
#include <string>
#include <vector>

#include "money/decimal.h"

namespace factflow::invoicing::domain {

inline constexpr int kMaxListed = 20;

// What stands in the way, by rule.
enum class CancelBlock {
  kLaterNumber,       // a number of the series was allocated after the batch's block
  kLaterCreditNote,   // a credit note was made after the batch
  kLeftPending,       // one of the batch's invoices is no longer EN_ATTENTE/PRET
  kPrinted,           // printed for a customer
  kArchived,          // archived
};

// One blocking document, as listed.
struct Blocker {
  CancelBlock rule = CancelBlock::kLaterNumber;
  std::string number;         // the document's number
  std::string detail;         // French complement, e.g. "lot n° 4", "envoyée"
};

// A credit note that would cancel one invoice of the batch: its number and total.
struct CreditNoteProposal {
  std::string invoice_number;
  money::Decimal total_with_vat;
};

struct CancelRefusal {
  int64_t batch_number = 0;
  std::vector<Blocker> blockers;   // at most kMaxListed per rule
  int64_t blocker_count = 0;       // every blocking document, listed or not
  std::vector<CreditNoteProposal> proposals;  // at most kMaxListed
  int64_t invoice_count = 0;       // the batch's invoices
  money::Decimal invoices_total;   // their total including VAT
};

// The French refusal: "Impossible d'annuler le lot n° 3 : ..." then one line per listed
// blocker, "... et N autres", then the credit notes to make instead.
std::string RefusalMessage(const CancelRefusal& refusal);

// "facture créée après ce lot", "avoir créé après ce lot"...: the rule in French.
std::string RuleLabel(CancelBlock rule);

}  // namespace factflow::invoicing::domain
