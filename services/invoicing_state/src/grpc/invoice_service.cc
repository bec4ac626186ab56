#include "grpc/invoice_service.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "domain/numbering.h"
#include "grpc/call.h"
#include "grpc/paging.h"
#include "grpc/roles.h"
#include "issuing/proto_mapping.h"
#include "logging/logging.h"
#include "storage/invoice_repository.h"
#include "storage/operation_repository.h"
#include "storage/tenant_repository.h"

namespace factflow::invoicing {
namespace {

using grpcutil::kMaxPageSize;

absl::StatusOr<std::vector<domain::SendState>> SelectedStates(const v1::SelectionCriteria& criteria,
                                                              v1::InvoiceAction for_action) {
  std::vector<domain::SendState> states;
  for (int state : criteria.states()) {
    auto parsed = FromProto(static_cast<v1::SendState>(state));
    if (!parsed.ok()) return parsed.status();
    states.push_back(*parsed);
  }
  if (states.empty() && for_action != v1::INVOICE_ACTION_UNSPECIFIED) {
    auto action = FromProto(for_action);
    if (!action.ok()) return action.status();
    states = domain::DefaultStates(*action);
  }
  return states;
}

absl::Status Unbuilt(std::string_view what) {
  return absl::UnimplementedError(absl::StrCat(std::string(what), " is not built yet"));
}

// The states frozen into an action's selection: the operator's, else every state when the
// operator named invoices (each named invoice gets an outcome, done or refused and why), else
// the action's default states.
absl::StatusOr<std::vector<domain::SendState>> FrozenStates(const v1::SelectionCriteria& criteria,
                                                            v1::InvoiceAction action) {
  if (criteria.states().empty() && !criteria.invoice_ids().empty()) {
    return std::vector<domain::SendState>(domain::kAllSendStates.begin(),
                                          domain::kAllSendStates.end());
  }
  return SelectedStates(criteria, action);
}

std::string EmptySelection(const std::vector<domain::SendState>& states) {
  std::vector<std::string> labels;
  for (domain::SendState state : states) labels.emplace_back(domain::Label(state));
  return absl::StrCat(
      "aucune facture ne correspond à la sélection (états : ", absl::StrJoin(labels, ", "), ")");
}

}  // namespace

grpc::Status InvoiceServiceImpl::ListInvoices(grpc::ServerContext* context,
                                              const v1::ListInvoicesRequest* request,
                                              v1::ListInvoicesResponse* response) {
  return grpcutil::HandleRpc(
      context, runtime_.signer(), "ListInvoices", kReaders,
      [&](const auth::Principal& principal) -> absl::Status {
        FACTFLOW_ASSIGN_OR_RETURN(auto states,
                                  SelectedStates(request->criteria(), request->for_action()));
        FACTFLOW_ASSIGN_OR_RETURN(auto page, grpcutil::ParseOffsetPage(request->page()));
        return runtime_.pool().InTransaction([&](pqxx::work& tx) {
          for (auto& invoice : storage::SelectInvoices(tx, principal.tenant_id, request->criteria(),
                                                       states, page.size, page.offset, false)) {
            *response->add_invoices() = std::move(invoice);
          }
          response->set_total_count(static_cast<int32_t>(
              storage::CountInvoices(tx, principal.tenant_id, request->criteria(), states)));
          response->set_next_page_token(
              page.NextToken(response->invoices_size(), response->total_count()));
          return absl::OkStatus();
        });
      });
}

grpc::Status InvoiceServiceImpl::GetInvoice(grpc::ServerContext* context,
                                            const v1::GetInvoiceRequest* request,
                                            v1::Invoice* response) {
  return grpcutil::HandleRpc(
      context, runtime_.signer(), "GetInvoice", kReaders,
      [&](const auth::Principal& principal) -> absl::Status {
        if (request->invoice_id().empty() && request->number().empty()) {
          return absl::InvalidArgumentError("invoice_id ou number est obligatoire");
        }
        return runtime_.pool().InTransaction([&](pqxx::work& tx) -> absl::Status {
          FACTFLOW_ASSIGN_OR_RETURN(
              *response, storage::FindInvoice(tx, principal.tenant_id, request->invoice_id(),
                                              request->number()));
          return absl::OkStatus();
        });
      });
}

grpc::Status InvoiceServiceImpl::BatchGetInvoices(grpc::ServerContext* context,
                                                  const v1::BatchGetInvoicesRequest* request,
                                                  v1::BatchGetInvoicesResponse* response) {
  return grpcutil::HandleRpc(
      context, runtime_.signer(), "BatchGetInvoices", kReaders,
      [&](const auth::Principal& principal) -> absl::Status {
        if (request->invoice_ids_size() > kMaxPageSize) {
          return absl::InvalidArgumentError(
              absl::StrCat("au plus ", kMaxPageSize, " factures par appel"));
        }
        v1::SelectionCriteria criteria;
        *criteria.mutable_invoice_ids() = request->invoice_ids();
        return runtime_.pool().InTransaction([&](pqxx::work& tx) {
          for (auto& invoice : storage::SelectInvoices(tx, principal.tenant_id, criteria, {},
                                                       kMaxPageSize, 0, false)) {
            *response->add_invoices() = std::move(invoice);
          }
          return absl::OkStatus();
        });
      });
}

grpc::Status InvoiceServiceImpl::ApplyAction(grpc::ServerContext* context,
                                             const v1::ApplyActionRequest* request,
                                             v1::ApplyActionResponse* response) {
  return grpcutil::HandleRpc(
      context, runtime_.signer(), "ApplyAction", kWriters,
      [&](const auth::Principal& principal) -> absl::Status {
        FACTFLOW_ASSIGN_OR_RETURN(domain::InvoiceAction action, FromProto(request->action()));
        if (action == domain::InvoiceAction::kPrint || action == domain::InvoiceAction::kPreview ||
            action == domain::InvoiceAction::kPrintBillsOfExchange ||
            action == domain::InvoiceAction::kRetrieveForChorus) {
          return Unbuilt(absl::StrCat("ApplyAction ", std::string(domain::ToCode(action)),
                                      " (PDF of the selection)"));
        }
        if (domain::IsFinal(action) && !request->confirm_final()) {
          return absl::FailedPreconditionError(absl::StrCat(
              std::string(domain::kFinalActionConfirmation), " (confirm_final est requis)"));
        }
        FACTFLOW_ASSIGN_OR_RETURN(auto states,
                                  FrozenStates(request->criteria(), request->action()));
        std::string operation_id = logging::NewUuid();
        absl::Status status = runtime_.pool().InTransaction([&](pqxx::work& tx) -> absl::Status {
          storage::InsertOperation(tx, {operation_id, principal.tenant_id, storage::kKindAction,
                                        std::string(domain::ToCode(action)), principal.operator_id,
                                        request->criteria().batch_id(), "sélection"});
          int64_t total = storage::FreezeSelection(tx, principal.tenant_id, request->criteria(),
                                                   states, operation_id);
          storage::SetTotal(tx, operation_id, total,
                            total == 0 ? EmptySelection(states) : "en file d'attente");
          FACTFLOW_ASSIGN_OR_RETURN(*response->mutable_operation(),
                                    storage::LoadOperation(tx, principal.tenant_id, operation_id));
          response->set_selected(static_cast<int32_t>(total));
          return absl::OkStatus();
        });
        if (status.ok()) runner_.Wake();
        return status;
      });
}

grpc::Status InvoiceServiceImpl::CheckNumbering(grpc::ServerContext* context,
                                                const v1::CheckNumberingRequest* request,
                                                v1::CheckNumberingResponse* response) {
  return grpcutil::HandleRpc(
      context, runtime_.signer(), "CheckNumbering", kReaders,
      [&](const auth::Principal& principal) -> absl::Status {
        std::string code = request->series_code().empty() ? "FA" : request->series_code();
        return runtime_.pool().InTransaction([&](pqxx::work& tx) -> absl::Status {
          FACTFLOW_ASSIGN_OR_RETURN(domain::NumberingSeries series,
                                    storage::LockSeries(tx, principal.tenant_id, code));
          std::vector<int64_t> values = storage::SequenceValues(tx, principal.tenant_id, code);
          response->set_series_code(code);
          response->set_count(static_cast<int64_t>(values.size()));
          response->set_next_value(series.next_value);
          absl::Status contiguous = domain::CheckContiguous(values, 1);
          if (contiguous.ok() && !values.empty() && values.back() != series.next_value - 1) {
            contiguous = absl::DataLossError(
                absl::StrCat("le compteur de la série est à ", series.next_value,
                             " mais la dernière facture porte le n° ", values.back()));
          }
          response->set_contiguous(contiguous.ok());
          response->set_problem(std::string(contiguous.message()));
          if (!values.empty()) {
            response->set_first_number(*domain::FormatNumber(series, values.front()));
            response->set_last_number(*domain::FormatNumber(series, values.back()));
          }
          return absl::OkStatus();
        });
      });
}

grpc::Status InvoiceServiceImpl::GetAuditTrail(grpc::ServerContext* context,
                                               const v1::GetAuditTrailRequest* request,
                                               v1::GetAuditTrailResponse* response) {
  return grpcutil::HandleRpc(
      context, runtime_.signer(), "GetAuditTrail", kReaders, [&](const auth::Principal& principal) {
        return runtime_.pool().InTransaction([&](pqxx::work& tx) {
          for (auto& entry : storage::LoadAudit(tx, principal.tenant_id, request->invoice_id())) {
            *response->add_entries() = std::move(entry);
          }
          return absl::OkStatus();
        });
      });
}

grpc::Status InvoiceServiceImpl::CreateInvoice(grpc::ServerContext* context,
                                               const v1::CreateInvoiceRequest*, v1::Invoice*) {
  return grpcutil::HandleRpc(
      context, runtime_.signer(), "CreateInvoice", kWriters,
      [](const auth::Principal&) { return Unbuilt("CreateInvoice (manual invoices)"); });
}

grpc::Status InvoiceServiceImpl::CreateCreditNote(grpc::ServerContext* context,
                                                  const v1::CreateCreditNoteRequest*,
                                                  v1::Invoice*) {
  return grpcutil::HandleRpc(
      context, runtime_.signer(), "CreateCreditNote", kWriters,
      [](const auth::Principal&) { return Unbuilt("CreateCreditNote (credit notes)"); });
}

grpc::Status InvoiceServiceImpl::NightlySendDryRun(grpc::ServerContext* context,
                                                   const v1::NightlySendDryRunRequest*,
                                                   v1::ListInvoicesResponse*) {
  return grpcutil::HandleRpc(
      context, runtime_.signer(), "NightlySendDryRun", kReaders,
      [](const auth::Principal&) { return Unbuilt("NightlySendDryRun (month-end send)"); });
}

}  // namespace factflow::invoicing
