#pragma once

// Turns an approved marketplace document into the content of an invoice: the seller as the
// tenant is today (frozen into the invoice), the buyer, lines and amounts computed from the
// consumer prices (domain/invoice_calculator.h), legal mentions and payment information.
// The number is set by the caller, under the series lock.

#include <string>

#include "absl/status/statusor.h"
#include "domain/send_state.h"
#include "factflow/importer/v1/importer.pb.h"
#include "factflow/invoicing/v1/invoicing.pb.h"

namespace factflow::invoicing {

struct IssueContext {
  const v1::Tenant* tenant = nullptr;
  std::string issue_date;  // YYYY-MM-DD
  std::string operator_id;
  std::string batch_id;
  int64_t batch_number = 0;
  std::string generation_id;
  std::string series_code;
  domain::SendState initial_state = domain::SendState::kEnAttente;
  // The batch's invoice template (GetApprovedDocuments), stored on every invoice.
  std::string invoice_template = "standard";
};

// InvalidArgument / FailedPrecondition naming the document (its external id) when its amounts
// cannot be computed; nothing is numbered in that case.
absl::StatusOr<v1::Invoice> BuildInvoice(const importer::v1::ApprovedDocument& document,
                                         const IssueContext& context);

// The seller as the tenant is today, frozen into a document (also for manual documents).
v1::Party TenantAsSeller(const v1::Tenant& tenant);
// The tenant's mentions for `invoice`: the B2B notes (late-payment penalties, recovery
// indemnity, no early payment discount) only when its buyer is a business (SIREN, SIRET, VAT
// number or legal form given), and the tenant's extra mentions.
void AddTenantLegalNotes(const v1::Tenant& tenant, v1::Invoice& invoice);

}  // namespace factflow::invoicing
