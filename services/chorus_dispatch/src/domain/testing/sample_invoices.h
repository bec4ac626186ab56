#pragma once

// Realistic invoice documents for the dispatch domain tests (test-only library).

#include "domain/invoice_document.h"

namespace factflow::dispatch::domain::testing {

// Decimal from canonical text; aborts on malformed literals (test data only).
Decimal D(const char* text);

// Fills vat_breakdown (one group per category and rate, VAT rounded per group) and every total
// from the lines, as the invoicing service does. Keeps existing exemption reasons by category.
void ComputeTotals(InvoiceDocument& doc);

// Invoice F2024-00042 from a French SAS to a public buyer (Chorus Pro service code and
// commitment number), 5 lines at 20 % and 5,5 % including a shipping line:
// total HT 1 308,11, TVA 252,14, TTC 1 560,25.
InvoiceDocument SampleInvoice();

// Credit note AV2024-00007 cancelling part of F2024-00042 (type 381, preceding invoice).
InvoiceDocument SampleCreditNote();

// Invoice from a seller under the VAT franchise (category E, art. 293 B du CGI).
InvoiceDocument SampleExemptInvoice();

// `doc` with the reform's identifiers: directory addresses (0225) of seller 732829320 and buyer
// 216901231, a deliver-to party in Lyon 3e, operation category `category`, VAT on debits.
InvoiceDocument WithReformIdentifiers(InvoiceDocument doc, const char* category);

// SampleInvoice with `line_count` generated lines instead of its own.
InvoiceDocument SampleInvoiceWithLines(int line_count);

}  // namespace factflow::dispatch::domain::testing
