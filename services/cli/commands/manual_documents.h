#pragma once

// factflowctl invoice create, credit-note create, audit verify: manual invoices, credit notes
// and the verification of the audit hash chain (invoicing-state).

#include <CLI/CLI.hpp>
#include <string_view>

#include "absl/status/statusor.h"
#include "factflow/invoicing/v1/invoicing.pb.h"
#include "session.h"

namespace factflow::cli {

// "libellé=Stylo;qté=2;prix=10,50;tva=20;remise=5;article=ST-01;unité=C62" -> a manual line.
// Keys (accents optional): article, libellé/label, qté/quantité, prix, tva, remise, unité.
// libellé, qté, prix and tva are required; amounts accept a decimal comma.
// Errors: InvalidArgument (French) naming the key.
absl::StatusOr<invoicing::v1::ManualLine> ParseManualLine(std::string_view spec);

// "3=1,5" (line 3, quantity 1.5) -> a credited line. Errors: InvalidArgument (French).
absl::StatusOr<invoicing::v1::CreditedLine> ParseCreditedLine(std::string_view spec);

// "cheque", "virement", "prelevement", "lcr", "billet-a-ordre", "carte", "especes", "en-ligne"
// (accents optional). Errors: InvalidArgument (French) listing the modes.
absl::StatusOr<invoicing::v1::PaymentMode> ParsePaymentMode(std::string_view name);

// invoice create (under the existing `invoice` command), credit-note create, audit verify.
// Call after AddInvoiceCommands.
void AddManualDocumentCommands(CLI::App& app, Session& session);

}  // namespace factflow::cli
