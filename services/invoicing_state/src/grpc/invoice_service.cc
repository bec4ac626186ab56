#include "grpc/invoice_service.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "domain/numbering.h"
#include "domain/stored_zip.h"
#include "grpc/call.h"
#include "grpc/paging.h"
#include "grpc/roles.h"
#include "issuing/proto_mapping.h"
#include "logging/logging.h"
#include "issuing/renderable.h"
#include "operations/print_chunk.h"
#include "outbox/outbox.h"
#include "storage/batch_cancel_repository.h"
#include "storage/invoice_repository.h"
#include "storage/operation_repository.h"
#include "storage/tenant_repository.h"
#include "validation/fields.h"

namespace factflow::invoicing {
namespace {

using grpcutil::kMaxPageSize;

// Batch numbers are positive and far below this; a larger one is a typing error.
constexpr int64_t kMaxBatchNumber = int64_t{1} << 40;
constexpr size_t kMaxOperatorIdBytes = 128;
// Invoices named one by one in a request (a selection by criteria has no limit): bounds the
// request, and is refused with a message beyond it, never cut.
constexpr int kMaxNamedInvoices = 20'000;

// Every field of the criteria checked before it reaches SQL (French InvalidArgument).
absl::Status ValidateCriteria(const v1::SelectionCriteria& c) {
  FACTFLOW_RETURN_IF_ERROR(validation::CheckRange("criteria.batch_number_from",
                                                  c.batch_number_from(), 0, kMaxBatchNumber));
  FACTFLOW_RETURN_IF_ERROR(
      validation::CheckRange("criteria.batch_number_to", c.batch_number_to(), 0, kMaxBatchNumber));
  FACTFLOW_RETURN_IF_ERROR(validation::CheckDate("criteria.date_from", c.date_from(), true));
  FACTFLOW_RETURN_IF_ERROR(validation::CheckDate("criteria.date_to", c.date_to(), true));
  FACTFLOW_RETURN_IF_ERROR(
      validation::CheckDate("criteria.print_date_from", c.print_date_from(), true));
  FACTFLOW_RETURN_IF_ERROR(
      validation::CheckDate("criteria.print_date_to", c.print_date_to(), true));
  FACTFLOW_RETURN_IF_ERROR(
      validation::CheckText("criteria.created_by", c.created_by(), kMaxOperatorIdBytes));
  FACTFLOW_RETURN_IF_ERROR(
      validation::CheckText("criteria.printed_by", c.printed_by(), kMaxOperatorIdBytes));
  FACTFLOW_RETURN_IF_ERROR(validation::CheckUuid("criteria.batch_id", c.batch_id(), true));
  FACTFLOW_RETURN_IF_ERROR(
      validation::CheckDate("criteria.created_on_or_before", c.created_on_or_before(), true));
  FACTFLOW_RETURN_IF_ERROR(
      validation::CheckDate("criteria.created_after", c.created_after(), true));
  if (c.invoice_ids_size() > kMaxNamedInvoices) {
    return absl::InvalidArgumentError(absl::StrCat(
        "criteria.invoice_ids : au plus ", kMaxNamedInvoices,
        " factures nommées par demande (sélectionnez par lot, dates ou états pour davantage)"));
  }
  for (const auto& id : c.invoice_ids()) {
    FACTFLOW_RETURN_IF_ERROR(validation::CheckUuid("criteria.invoice_ids", id));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<domain::SendState>> SelectedStates(const v1::SelectionCriteria& criteria,
                                                              v1::InvoiceAction for_action) {
  FACTFLOW_RETURN_IF_ERROR(ValidateCriteria(criteria));
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

absl::Status Unbuilt(std::string_view what, std::string_view plan) {
  return grpcutil::NotYetAvailable(what, plan);
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

absl::Status ValidateInvoiceReference(const std::string& invoice_id, const std::string& number) {
  if (invoice_id.empty() && number.empty()) {
    return absl::InvalidArgumentError("invoice_id ou number est obligatoire");
  }
  FACTFLOW_RETURN_IF_ERROR(validation::CheckUuid("invoice_id", invoice_id, true));
  return validation::CheckText("number", number, domain::kMaxInvoiceNumberLength);
}

grpc::Status InvoiceServiceImpl::ListInvoices(grpc::ServerContext* context,
                                              const v1::ListInvoicesRequest* request,
                                              v1::ListInvoicesResponse* response) {
  return grpcutil::HandleRpc(
      context, runtime_.signer(), "ListInvoices", kReaders,
      [&](const auth::Principal& principal) -> absl::Status {
        FACTFLOW_ASSIGN_OR_RETURN(auto states,
                                  SelectedStates(request->criteria(), request->for_action()));
        FACTFLOW_ASSIGN_OR_RETURN(auto page,
                                  grpcutil::ParseCompositeKeysetPage(request->page()));
        return runtime_.pool().InTransaction([&](pqxx::work& tx) {
          for (auto& invoice :
               storage::SelectInvoicesAfter(tx, principal.tenant_id, request->criteria(), states,
                                            page.after_text, page.after, page.size)) {
            *response->add_invoices() = std::move(invoice);
          }
          response->set_total_count(static_cast<int32_t>(
              storage::CountInvoices(tx, principal.tenant_id, request->criteria(), states)));
          if (response->invoices_size() > 0) {
            const v1::Invoice& last = response->invoices(response->invoices_size() - 1);
            response->set_next_page_token(page.NextToken(response->invoices_size(),
                                                         last.series_code(),
                                                         last.sequence_value()));
          }
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
        FACTFLOW_RETURN_IF_ERROR(
            ValidateInvoiceReference(request->invoice_id(), request->number()));
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
        for (const auto& id : request->invoice_ids()) {
          FACTFLOW_RETURN_IF_ERROR(validation::CheckUuid("invoice_ids", id));
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
        if (action == domain::InvoiceAction::kRetrieveForChorus) {
          return Unbuilt(absl::StrCat("ApplyAction ", std::string(domain::ToCode(action))),
                         "le PDF de la sélection");
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
          if (IsPrintAction(action) && total > static_cast<int64_t>(domain::kMaxZipEntries)) {
            // Refused before anything is rendered (the transaction rolls back).
            return absl::ResourceExhaustedError(absl::StrCat(
                total, " factures sélectionnées : une impression en produit au plus ",
                domain::kMaxZipEntries, " (une archive ZIP) ; imprimez en plusieurs fois, par "
                "lot ou par dates"));
          }
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
        FACTFLOW_RETURN_IF_ERROR(validation::CheckText("series_code", code, 64));
        return runtime_.pool().InTransaction([&](pqxx::work& tx) -> absl::Status {
          FACTFLOW_ASSIGN_OR_RETURN(domain::NumberingSeries series,
                                    storage::LockSeries(tx, principal.tenant_id, code));
          std::vector<int64_t> values = storage::SequenceValues(tx, principal.tenant_id, code);
          response->set_series_code(code);
          response->set_count(static_cast<int64_t>(values.size()));
          response->set_next_value(series.next_value);
          // The chain starts at the value the series was created with (500 for a series
          // created at 500), not at 1.
          const int64_t first = storage::SeriesFirstValue(tx, principal.tenant_id, code);
          response->set_first_value(first);
          absl::Status contiguous = domain::CheckContiguous(values, first);
          const int64_t last = values.empty() ? first - 1 : values.back();
          if (contiguous.ok() && last != series.next_value - 1) {
            contiguous = absl::DataLossError(absl::StrCat(
                "le compteur de la série est à ", series.next_value,
                values.empty() ? absl::StrCat(" mais aucune facture ne porte de numéro depuis ",
                                              first)
                               : absl::StrCat(" mais la dernière facture porte le n° ", last)));
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
      context, runtime_.signer(), "GetAuditTrail", kReaders,
      [&](const auth::Principal& principal) -> absl::Status {
        FACTFLOW_RETURN_IF_ERROR(validation::CheckUuid("invoice_id", request->invoice_id()));
        return runtime_.pool().InTransaction([&](pqxx::work& tx) {
          for (auto& entry : storage::LoadAudit(tx, principal.tenant_id, request->invoice_id())) {
            *response->add_entries() = std::move(entry);
          }
          return absl::OkStatus();
        });
      });
}

// CreateInvoice, CreateCreditNote and VerifyAuditTrail: manual_rpcs.cc.

// NightlySendDryRun and NightlySend: nightly_rpcs.cc.

}  // namespace factflow::invoicing
