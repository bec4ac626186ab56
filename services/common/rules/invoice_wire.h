#pragma once

// factflow.invoicing.v1.Invoice (the issued invoice as every service sees it on the wire) -> the
// rule engine's model. One mapping for invoicing-state (PREPARE, send, CheckInvoice) and
// chorus-dispatch (Chorus export), so the same invoice gets the same verdict everywhere.
//
// The buyer's kind is read from the invoice: a business when it has a SIREN, SIRET, VAT number
// or legal form, else a consumer (or the public entity of a Chorus Pro document). The
// late-payment mentions are the notes PMD (penalty rate) and PMT (40 EUR indemnity).
//
// Thread safety: pure functions.

#include <string>

#include "absl/status/statusor.h"
#include "factflow/invoicing/v1/invoicing.pb.h"
#include "rules/invoice_model.h"

namespace factflow::rules {

// What the invoice itself does not carry: the seller's settings and the document's channel.
struct WireContext {
  bool vat_franchise_293b = false;  // Tenant setting legal_mentions.vat_exempt_293b.
  std::string registration;         // "RCS Paris 812 345 676", when the tenant holds it.
  bool oss_above_threshold = false;  // Tenant setting legal_mentions.oss_above_threshold.
  ChorusContext chorus;             // Set by the Chorus export (CHORUS-... rules).
};

// InvalidArgument (French, naming the field) when an amount on the wire is not a decimal.
absl::StatusOr<Invoice> FromWire(const invoicing::v1::Invoice& invoice,
                                 const WireContext& context = {});

}  // namespace factflow::rules
