// InvoiceService.CheckInvoice: the rule engine's verdict on one invoice of the caller's tenant.

#include "domain/numbering.h"
#include "grpc/call.h"
#include "grpc/invoice_service.h"
#include "grpc/roles.h"
#include "issuing/invoice_rules.h"
#include "storage/invoice_repository.h"
#include "storage/tenant_repository.h"
#include "validation/fields.h"

namespace factflow::invoicing {

grpc::Status InvoiceServiceImpl::CheckInvoice(grpc::ServerContext* context,
                                              const v1::CheckInvoiceRequest* request,
                                              v1::CheckInvoiceResponse* response) {
  return grpcutil::HandleRpc(
      context, runtime_.signer(), "CheckInvoice", kReaders,
      [&](const auth::Principal& principal) -> absl::Status {
        FACTFLOW_RETURN_IF_ERROR(
            ValidateInvoiceReference(request->invoice_id(), request->number()));
        return runtime_.pool().InTransaction([&](pqxx::work& tx) -> absl::Status {
          FACTFLOW_ASSIGN_OR_RETURN(
              v1::Invoice invoice, storage::FindInvoice(tx, principal.tenant_id,
                                                        request->invoice_id(), request->number()));
          FACTFLOW_ASSIGN_OR_RETURN(v1::Tenant tenant, storage::LoadTenant(tx, principal.tenant_id));
          FACTFLOW_ASSIGN_OR_RETURN(rules::Verdict verdict,
                                    JudgeInvoice(invoice, tenant, request->for_chorus()));
          *response = ToResponse(invoice, verdict);
          return absl::OkStatus();
        });
      });
}

}  // namespace factflow::invoicing
