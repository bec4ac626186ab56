#pragma once

// factflow.invoicing.v1.InvoiceService: the invoice processing screen (selection criteria,
// send-state actions with their default states, final send), reads, the numbering audit and the
// audit trail, and the long-running operations of bulk work (operation_rpcs.cc). Every query is
// scoped to the caller's tenant.

#include "factflow/invoicing/v1/invoicing.grpc.pb.h"
#include "operations/action_runner.h"
#include "runtime/runtime.h"

namespace factflow::invoicing {

// One invoice named by id or number (GetInvoice, CheckInvoice): InvalidArgument (French) when
// neither is given, the id is not a UUID or the number is too long.
absl::Status ValidateInvoiceReference(const std::string& invoice_id, const std::string& number);

class InvoiceServiceImpl final : public v1::InvoiceService::Service {
 public:
  // `runner` processes the operations ApplyAction starts; both must outlive the service.
  InvoiceServiceImpl(runtime::Runtime& runtime, ActionRunner& runner)
      : runtime_(runtime), runner_(runner) {}

  grpc::Status ListInvoices(grpc::ServerContext*, const v1::ListInvoicesRequest*,
                            v1::ListInvoicesResponse*) override;
  grpc::Status GetInvoice(grpc::ServerContext*, const v1::GetInvoiceRequest*,
                          v1::Invoice*) override;
  grpc::Status BatchGetInvoices(grpc::ServerContext*, const v1::BatchGetInvoicesRequest*,
                                v1::BatchGetInvoicesResponse*) override;
  grpc::Status ApplyAction(grpc::ServerContext*, const v1::ApplyActionRequest*,
                           v1::ApplyActionResponse*) override;
  grpc::Status GetOperation(grpc::ServerContext*, const v1::GetOperationRequest*,
                            v1::Operation*) override;
  grpc::Status WatchOperation(grpc::ServerContext*, const v1::GetOperationRequest*,
                              grpc::ServerWriter<v1::Operation>*) override;
  grpc::Status ListOperations(grpc::ServerContext*, const v1::ListOperationsRequest*,
                              v1::ListOperationsResponse*) override;
  grpc::Status ListOperationItems(grpc::ServerContext*, const v1::ListOperationItemsRequest*,
                                  v1::ListOperationItemsResponse*) override;
  grpc::Status SummarizeSelection(grpc::ServerContext*, const v1::SelectionCriteria*,
                                  v1::SelectionSummary*) override;
  grpc::Status CheckNumbering(grpc::ServerContext*, const v1::CheckNumberingRequest*,
                              v1::CheckNumberingResponse*) override;
  grpc::Status GetAuditTrail(grpc::ServerContext*, const v1::GetAuditTrailRequest*,
                             v1::GetAuditTrailResponse*) override;
  grpc::Status CreateInvoice(grpc::ServerContext*, const v1::CreateInvoiceRequest*,
                             v1::Invoice*) override;
  grpc::Status CreateCreditNote(grpc::ServerContext*, const v1::CreateCreditNoteRequest*,
                                v1::Invoice*) override;
  // nightly_rpcs.cc: the month-end send and its dry run.
  grpc::Status NightlySendDryRun(grpc::ServerContext*, const v1::NightlySendDryRunRequest*,
                                 v1::ListInvoicesResponse*) override;
  grpc::Status NightlySend(grpc::ServerContext*, const v1::NightlySendRequest*,
                           v1::NightlySendResponse*) override;
  // cancel_rpcs.cc: the invoicing-state half of the importer's CancelBatches.
  grpc::Status CancelBatchInvoices(grpc::ServerContext*, const v1::CancelBatchInvoicesRequest*,
                                   v1::CancelBatchInvoicesResponse*) override;

  // manual_rpcs.cc: the audit hash chain, walked in sequence order.
  grpc::Status VerifyAuditTrail(grpc::ServerContext*, const v1::VerifyAuditTrailRequest*,
                                v1::VerifyAuditTrailResponse*) override;

  // The rule engine's verdict on one invoice (check_rpcs.cc).
  grpc::Status CheckInvoice(grpc::ServerContext*, const v1::CheckInvoiceRequest*,
                            v1::CheckInvoiceResponse*) override;

  // The ZIP of a print or preview operation's PDFs (print_rpcs.cc).
  grpc::Status DownloadPrint(grpc::ServerContext*, const v1::DownloadPrintRequest*,
                             grpc::ServerWriter<v1::DownloadPrintChunk>*) override;

  // E-reporting data of a month: consumers and businesses abroad (ereporting_rpcs.cc).
  grpc::Status ExportEReporting(grpc::ServerContext*, const v1::ExportEReportingRequest*,
                                v1::EReportingReport*) override;

 private:
  runtime::Runtime& runtime_;
  ActionRunner& runner_;
};

}  // namespace factflow::invoicing
