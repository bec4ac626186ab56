#pragma once

// factflow.invoicing.v1.InvoiceService: the invoice processing screen (selection criteria,
// send-state actions with their default states, final send), reads, the numbering audit and the
// audit trail. Every query is scoped to the caller's tenant.

#include "factflow/invoicing/v1/invoicing.grpc.pb.h"
#include "runtime/runtime.h"

namespace factflow::invoicing {

class InvoiceServiceImpl final : public v1::InvoiceService::Service {
 public:
  // Invoice ids per InvoicesSent event: keeps events small and lets a restarted consumer resume
  // in the middle of a large send.
  static constexpr int kSendChunk = 25;

  explicit InvoiceServiceImpl(runtime::Runtime& runtime) : runtime_(runtime) {}

  grpc::Status ListInvoices(grpc::ServerContext*, const v1::ListInvoicesRequest*,
                            v1::ListInvoicesResponse*) override;
  grpc::Status GetInvoice(grpc::ServerContext*, const v1::GetInvoiceRequest*,
                          v1::Invoice*) override;
  grpc::Status BatchGetInvoices(grpc::ServerContext*, const v1::BatchGetInvoicesRequest*,
                                v1::BatchGetInvoicesResponse*) override;
  grpc::Status ApplyAction(grpc::ServerContext*, const v1::ApplyActionRequest*,
                           v1::ApplyActionResponse*) override;
  grpc::Status CheckNumbering(grpc::ServerContext*, const v1::CheckNumberingRequest*,
                              v1::CheckNumberingResponse*) override;
  grpc::Status GetAuditTrail(grpc::ServerContext*, const v1::GetAuditTrailRequest*,
                             v1::GetAuditTrailResponse*) override;
  grpc::Status CreateInvoice(grpc::ServerContext*, const v1::CreateInvoiceRequest*,
                             v1::Invoice*) override;
  grpc::Status CreateCreditNote(grpc::ServerContext*, const v1::CreateCreditNoteRequest*,
                                v1::Invoice*) override;
  grpc::Status NightlySendDryRun(grpc::ServerContext*, const v1::NightlySendDryRunRequest*,
                                 v1::ListInvoicesResponse*) override;

 private:
  runtime::Runtime& runtime_;
};

}  // namespace factflow::invoicing
