#pragma once

// One chunk of a PRINT or PREVIEW operation ("Imprimer les factures", "Aperçu des factures",
// domain.md §4): each invoice of the chunk is rendered as a PDF by chorus-dispatch's renderer
// (linked as a library: the print date is invoicing-state's record, written in the same
// transaction as the PDF and the audit row, with no cross-service call inside it), stored in
// print_files for DownloadPrint, and recorded: a PRINT gives an invoice without a print date
// its print date and operator; an invoice printed before is rendered with "DUPLICATA" and keeps
// its first print date. A PREVIEW renders the same PDF and changes nothing on the invoice (one
// audit row "aperçu"). An invoice that cannot be rendered is refused with the reason; the rest
// of the chunk goes on.
//
// PRINT_BILLS_OF_EXCHANGE renders, for each invoice payable by LCR (UNTDID 70) or billet à
// ordre (60), its bill (chorus-dispatch's bill_renderer.h) and, for an LCR, its CFONB detail
// record (domain/cfonb_lcr.h), kept beside the PDF for the remittance file DownloadPrint adds to
// the ZIP. Other payment modes, and an LCR whose buyer has no valid French IBAN, are refused
// with the reason. A bill records no print date (only the audit row).
//
// Thread safety: stateless; runs inside the caller's transaction.

#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "domain/bulk_action.h"
#include "storage/operation_repository.h"

namespace factflow::invoicing {

// Invoices per print chunk: rendering costs a few ms each, so a chunk's transaction (which
// locks its invoices) stays around a second.
inline constexpr int kPrintChunkSize = 100;

// Print, preview and bills of exchange: actions that render PDFs for DownloadPrint.
inline bool IsPrintAction(domain::InvoiceAction action) {
  return action == domain::InvoiceAction::kPrint || action == domain::InvoiceAction::kPreview ||
         action == domain::InvoiceAction::kPrintBillsOfExchange;
}

// Processes `items` of the operation: returns the plan with the done/refused counts (the caller
// records refusals and advances the operation). Errors: only database errors (propagated).
absl::StatusOr<domain::ChunkPlan> RunPrintChunk(pqxx::work& tx,
                                                const storage::LockedOperation& op,
                                                const std::string& operation_id,
                                                domain::InvoiceAction action,
                                                const std::vector<domain::ChunkItem>& items);

}  // namespace factflow::invoicing
