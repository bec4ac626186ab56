#pragma once

// EN 16931 e-invoice writer: UN/CEFACT Cross Industry Invoice D16B, the syntax Chorus Pro
// accepts as IN_DP_E1_CII_16B and the XML part of Factur-X.

#include <string>

#include "absl/status/statusor.h"
#include "domain/invoice_document.h"

namespace factflow::dispatch::domain {

// BT-24 specification identifier written by WriteCiiD16B: the EN 16931 core (also the
// Factur-X "EN 16931" profile).
inline constexpr char kCiiGuidelineId[] = "urn:cen.eu:en16931:2017";

// Writes `doc` as a UTF-8 rsm:CrossIndustryInvoice document that passes the XSD and the CEN
// EN 16931 Schematron. Mapping: BT-23 operation category ("cadre de facturation"), BT-1
// number, BT-3 type code, BT-2 issue date (format 102), notes (BG-1, with their subject code),
// seller and buyer (name, SIRET as legal registration id with scheme "0009" or else SIREN with
// "0002", VAT number with scheme "VA", contact, postal address, BT-34/BT-49 electronic address
// with its scheme; the seller's legal form and share capital as BT-33), BT-10 buyer reference,
// BT-14 seller order reference = source_reference, BT-13 purchase order reference, BT-70/BG-15
// deliver-to party when set, BT-72 delivery date, payment means with IBAN/BIC (spaces removed),
// VAT breakdown (BT-8 = 5 when VAT is paid on debits), payment terms with due date, monetary
// summation, and BT-25/BT-26 preceding invoice for credit notes. Amounts have 2 decimals; unit
// prices 2 to 4, quantities and rates as few as needed.
//
// Precondition: none; the document is checked first.
// Errors: InvalidArgument from CheckConsistency(doc) when the document is not consistent;
// Internal if libxml2 fails to write.
// Thread safety: safe to call concurrently (libxml2 writers share no state).
absl::StatusOr<std::string> WriteCiiD16B(const InvoiceDocument& doc);

}  // namespace factflow::dispatch::domain
