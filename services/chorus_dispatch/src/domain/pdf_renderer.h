#pragma once

// The human-readable invoice: an A4 PDF in French drawn with cairo.

#include <string>

#include "absl/status/statusor.h"
#include "domain/invoice_document.h"

namespace factflow::dispatch::domain {

// The TrueType files the renderer embeds (Debian package fonts-dejavu-core).
inline constexpr char kDejaVuSansPath[] = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
inline constexpr char kDejaVuSansBoldPath[] =
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";

// Renders `doc` as an A4 PDF and returns its bytes. Content, in French: "FACTURE" or "AVOIR"
// with its number, issue, delivery and due dates and references (order, service code,
// preceding invoice, source); the seller (legal form and share capital, SIREN/SIRET,
// TVA intracommunautaire, contact) and the "Client" block; the lines table ("Désignation",
// "Qté", "PU HT", "TVA", "Montant HT"); the VAT breakdown ("Taux", "Base HT", "Montant TVA");
// "Total HT", "Total TVA", "Total TTC", prepaid amount and "Net à payer"; payment terms, means
// and IBAN/BIC; the legal mentions: VAT exemption reasons, every note, and the late-payment
// penalty and "Indemnité forfaitaire pour frais de recouvrement : 40 €" texts unless a note
// with subject "PMD" or "PMT" already states them. Amounts are written "1 234,50 €". Lines flow
// over as many pages as needed, the table header repeated on each, "Page i/n" in the footer;
// doc.copy_mark ("DUPLICATA" on a reprint) above the header of every page when set.
//
// Deterministic: the same document always gives the same bytes (the PDF creation and
// modification dates are the issue date), so the hash of an archived PDF can be recomputed.
// DejaVu Sans and DejaVu Sans Bold are embedded (subsets).
//
// Errors: InvalidArgument from CheckConsistency(doc); FailedPrecondition when a font file is
// missing or unreadable; Internal when cairo fails (e.g. a text field is not valid UTF-8).
// Thread safety: safe to call concurrently; the font faces are loaded once per process and
// kept for its lifetime.
absl::StatusOr<std::string> RenderInvoicePdf(const InvoiceDocument& doc);

}  // namespace factflow::dispatch::domain
