#pragma once

// Invoice operations (invoicing-state service) shared by the invoice commands, `archive` and
// `factflowctl job`.

#include <string>

#include "absl/status/statusor.h"
#include "client.h"
#include "factflow/invoicing/v1/invoicing.pb.h"

namespace factflow::cli {

// The confirmation the seed requires before send and retrieve-for-Chorus, word for word.
inline constexpr char kFinalSendWarning[] =
    "Attention, l'envoi de la facture au destinataire est définitif. Il ne sera plus possible de "
    "modifier la facture après envoi. Souhaitez-vous poursuivre ?";

// Every invoice matching `criteria`, all pages.
absl::StatusOr<invoicing::v1::ListInvoicesResponse> ListAllInvoices(
    Client& client, const invoicing::v1::SelectionCriteria& criteria);

// An invoice by id (a UUID) or by number ("FA2026-000001").
absl::StatusOr<invoicing::v1::Invoice> GetInvoice(Client& client, const std::string& ref);

// The id of an invoice given by id or by number.
absl::StatusOr<std::string> ResolveInvoiceId(Client& client, const std::string& ref);

// Starts `action` over the selection; the response carries its operation (see operations.h).
// confirm_final must be true for send and retrieve for Chorus, and only after the operator
// confirmed (see kFinalSendWarning).
absl::StatusOr<invoicing::v1::ApplyActionResponse> ApplyAction(
    Client& client, invoicing::v1::InvoiceAction action,
    const invoicing::v1::SelectionCriteria& criteria, bool confirm_final);

// Starts the action (ApplyAction) and follows its operation to the end (WaitForOperation).
absl::StatusOr<invoicing::v1::Operation> ApplyActionAndWait(
    Client& client, invoicing::v1::InvoiceAction action,
    const invoicing::v1::SelectionCriteria& criteria, bool confirm_final);

// Counts of the selection by state, archived, with e-invoice, and its total (one call).
absl::StatusOr<invoicing::v1::SelectionSummary> SummarizeSelection(
    Client& client, const invoicing::v1::SelectionCriteria& criteria);

// The sum of the invoices' totals including VAT.
common::v1::Decimal TotalWithVat(const invoicing::v1::ListInvoicesResponse& invoices);

}  // namespace factflow::cli
