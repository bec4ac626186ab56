// The dry run of GenerateInvoices shows which numbers the generation would take (issue 7): the
// series' next value, read from invoicing-state (GetTenant), and the contiguous block of the
// documents' count from there. Part of ImporterServiceImpl (importer_service.h).
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "grpc/call.h"
#include "grpc/importer_service.h"
#include "validation/fields.h"

namespace factflow::importer {
namespace {

// prefix + value zero-filled to `padding` digits, as invoicing-state numbers
// (invoicing_state domain/numbering.h FormatNumber): {"FA2026-", 6}, 42 -> "FA2026-000042".
std::string NumberOf(const invoicing::v1::NumberingSeries& series, int64_t value) {
  std::string digits = absl::StrCat(value);
  const size_t padding = static_cast<size_t>(std::max(series.padding(), 0));
  if (digits.size() < padding) digits.insert(0, padding - digits.size(), '0');
  return absl::StrCat(series.prefix(), digits);
}

}  // namespace

absl::Status ImporterServiceImpl::FillDryRunNumbers(const std::string& tenant_id,
                                                    v1::GenerateInvoicesResponse& response) {
  if (response.document_count() == 0) return absl::OkStatus();
  invoicing::v1::Tenant tenant;
  auto context = grpcutil::OutgoingContext(runtime_.ServiceToken(tenant_id), absl::Seconds(10));
  FACTFLOW_RETURN_IF_ERROR(status::FromGrpc(
      tenants_->GetTenant(context.get(), invoicing::v1::GetTenantRequest(), &tenant)));
  for (const auto& series : tenant.series()) {
    if (series.code() != response.series_code() || series.document_kind() == "CREDIT_NOTE") {
      continue;
    }
    const int64_t first = std::max<int64_t>(series.next_value(), 1);
    response.set_first_number(NumberOf(series, first));
    response.set_last_number(NumberOf(series, first + response.document_count() - 1));
    return absl::OkStatus();
  }
  // The generation itself would be refused by invoicing-state: say it now.
  return absl::FailedPreconditionError(absl::StrCat(
      "la série ", validation::Echo(response.series_code()),
      " n'existe pas dans ce dossier : créez-la ou choisissez une autre série "
      "(factflowctl preferences set --series …)"));
}

}  // namespace factflow::importer
