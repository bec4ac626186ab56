#pragma once

// Parsing of factflowctl's own argument syntaxes (series specs, durations, action and state
// names, KEY=VALUE pairs). Pure functions with no I/O, so they are unit-tested directly.
// Errors are InvalidArgument with a French message naming the expected form; the caller
// reports them as usage errors.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "factflow/invoicing/v1/invoicing.pb.h"

namespace factflow::cli {

// "CODE:PREFIX:PADDING[:KIND]" -> a numbering series starting at 1, e.g. "FA:FA2026-:6".
// KIND is INVOICE (default) or CREDIT_NOTE (also "FACTURE" / "AVOIR", any case). The prefix may be
// empty; prefix and counter must fit the 35 characters of A-Z a-z 0-9 + - _ / allowed in invoice
// numbers (BR-FR-01/02), padding 1..20.
absl::StatusOr<invoicing::v1::NumberingSeries> ParseSeriesSpec(std::string_view spec);

// A positive duration as one or more <integer><unit> groups, unit d, h, m or s:
// "12h", "30m", "1h30m", "2d", "45s".
absl::StatusOr<absl::Duration> ParseDuration(std::string_view text);

// The action names of `factflowctl action`, in display order.
const std::vector<std::string>& ActionNames();
// "prepare", "hold", "keep-internal", "put-back", "send", "retrieve-chorus", "print", "preview",
// "print-bills" -> the InvoiceAction. Case-insensitive.
absl::StatusOr<invoicing::v1::InvoiceAction> ParseAction(std::string_view name);
// Send and retrieve-for-Chorus make invoices immutable: they need an explicit confirmation.
bool IsFinalAction(invoicing::v1::InvoiceAction action);

// "EN_ATTENTE", "PRET", "ENVOYE", "CONSERVE_INTERNE" (any case, '-' for '_') -> SendState.
absl::StatusOr<invoicing::v1::SendState> ParseSendState(std::string_view name);
// The four send states, in the order of the processing screen.
std::vector<invoicing::v1::SendState> AllSendStates();

// "EXTERNAL=ARTICLE" -> {EXTERNAL, ARTICLE}; ARTICLE may be empty (clears the correspondence),
// EXTERNAL may not.
absl::StatusOr<std::pair<std::string, std::string>> ParseAssignment(std::string_view text);

// "admin, operator" -> {"admin", "operator"}; empty items dropped.
std::vector<std::string> SplitList(std::string_view text);

// True for a canonical UUID text (8-4-4-4-12 hex digits): how ids are told from numbers.
bool LooksLikeUuid(std::string_view text);
// True for a non-empty run of ASCII digits (a batch number).
bool IsDigits(std::string_view text);

}  // namespace factflow::cli
