#pragma once

// EN 16931 e-invoice writer, OASIS UBL 2.1 syntax: an Invoice (type 380) or a CreditNote (381),
// the syntax Chorus Pro accepts as IN_DP_E1_UBL_INVOICE. The same InvoiceDocument as
// WriteCiiD16B, mapped per the CEN UBL binding: BT-1 cbc:ID, BT-2 IssueDate, BT-9 DueDate
// (credit notes: PaymentMeans/PaymentDueDate), BT-3 type code, notes as "#SUBJECT#text", BT-10
// BuyerReference, BT-13 OrderReference/ID (the commitment number when there is one, else the
// purchase order; "NA" when only BT-14 SalesOrderID is known), BT-25/26 BillingReference,
// parties (postal address, VAT number, registration name, SIRET scheme 0009 or SIREN 0002,
// legal form, contact), BG-13 delivery (date, location SIRET and address, party name), payment
// means with IBAN/BIC, payment terms, VAT breakdown, totals, lines. Amounts carry currencyID.
//
// Errors: InvalidArgument from CheckConsistency(doc); Internal if libxml2 fails.
// Thread safety: safe to call concurrently.

#include <string>

#include "absl/status/statusor.h"
#include "domain/invoice_document.h"

namespace factflow::dispatch::domain {

absl::StatusOr<std::string> WriteUbl21(const InvoiceDocument& doc);

}  // namespace factflow::dispatch::domain
