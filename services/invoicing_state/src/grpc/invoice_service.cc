#include "grpc/invoice_service.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "domain/numbering.h"
#include "factflow/events/v1/events.pb.h"
#include "grpc/call.h"
#include "grpc/paging.h"
#include "issuing/proto_mapping.h"
#include "issuing/renderable.h"
#include "outbox/outbox.h"
#include "storage/invoice_repository.h"
#include "storage/tenant_repository.h"
#include "validation/fields.h"

namespace factflow::invoicing {
namespace {

constexpr char kTopic[] = "factflow.invoicing.v1";
using grpcutil::kMaxPageSize;
constexpr int kMaxActionSelection = 20000;
const std::initializer_list<std::string_view> kReaders = {auth::kRoleOperator, auth::kRoleAdmin,
                                                          auth::kRoleService};
const std::initializer_list<std::string_view> kWriters = {auth::kRoleOperator, auth::kRoleAdmin};

// Batch numbers are positive and far below this; a larger one is a typing error.
constexpr int64_t kMaxBatchNumber = int64_t{1} << 40;
constexpr size_t kMaxOperatorIdBytes = 128;

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
  if (c.invoice_ids_size() > kMaxActionSelection) {
    return absl::InvalidArgumentError(absl::StrCat("criteria.invoice_ids : au plus ",
                                                   kMaxActionSelection, " factures par demande"));
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

// Publishes the state changes of an action, one event per (from, to) pair.
void PublishStateChanges(
    pqxx::work& tx, const auth::Principal& principal, domain::InvoiceAction action,
    const std::map<std::pair<std::string, std::string>, std::vector<std::string>>& changes) {
  for (const auto& [states, ids] : changes) {
    events::v1::InvoiceStateChanged changed;
    for (const auto& id : ids) changed.add_invoice_ids(id);
    changed.set_action(std::string(domain::ToCode(action)));
    changed.set_from_state(states.first);
    changed.set_to_state(states.second);
    changed.set_operator_id(principal.operator_id);
    outbox::Append(tx, kTopic,
                   outbox::MakeEnvelope(changed, {principal.tenant_id, "invoice-selection",
                                                  ids.front(), "invoicing-state", ""}));
  }
}

// Announces sent invoices to chorus-dispatch, in chunks.
void PublishSent(pqxx::work& tx, const auth::Principal& principal, const v1::Tenant& tenant,
                 const std::vector<std::string>& ids) {
  int chunks = static_cast<int>((ids.size() + InvoiceServiceImpl::kSendChunk - 1) /
                                InvoiceServiceImpl::kSendChunk);
  for (int chunk = 0; chunk < chunks; ++chunk) {
    events::v1::InvoicesSent sent;
    for (size_t i = chunk * InvoiceServiceImpl::kSendChunk;
         i < ids.size() && i < (chunk + 1) * size_t{InvoiceServiceImpl::kSendChunk}; ++i) {
      sent.add_invoice_ids(ids[i]);
    }
    sent.set_operator_id(principal.operator_id);
    sent.set_archive(tenant.archiving_enabled());
    sent.set_dematerialise(tenant.dematerialisation_enabled());
    sent.set_chunk_index(chunk);
    sent.set_chunk_count(chunks);
    outbox::Append(tx, kTopic,
                   outbox::MakeEnvelope(sent, {principal.tenant_id, "invoice-selection",
                                               sent.invoice_ids(0), "invoicing-state", ""}));
  }
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
        FACTFLOW_RETURN_IF_ERROR(validation::CheckUuid("invoice_id", request->invoice_id(), true));
        FACTFLOW_RETURN_IF_ERROR(
            validation::CheckText("number", request->number(), domain::kMaxInvoiceNumberLength));
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
        if (action == domain::InvoiceAction::kPrint || action == domain::InvoiceAction::kPreview ||
            action == domain::InvoiceAction::kPrintBillsOfExchange ||
            action == domain::InvoiceAction::kRetrieveForChorus) {
          return Unbuilt(absl::StrCat("ApplyAction ", std::string(domain::ToCode(action))),
                         "le PDF de la sélection");
        }
        if (domain::IsFinal(action) && !request->confirm_final()) {
          return absl::FailedPreconditionError(absl::StrCat(
              std::string(domain::kFinalActionConfirmation), " (confirm_final est requis)"));
        }
        FACTFLOW_ASSIGN_OR_RETURN(auto states,
                                  SelectedStates(request->criteria(), request->action()));
        absl::Status status = runtime_.pool().InTransaction([&](pqxx::work& tx) -> absl::Status {
          FACTFLOW_ASSIGN_OR_RETURN(v1::Tenant tenant,
                                    storage::LoadTenant(tx, principal.tenant_id));
          auto invoices = storage::SelectInvoices(tx, principal.tenant_id, request->criteria(),
                                                  states, kMaxActionSelection, 0, true);
          std::map<std::pair<std::string, std::string>, std::vector<std::string>> changes;
          std::vector<std::string> sent;
          for (const v1::Invoice& invoice : invoices) {
            FACTFLOW_ASSIGN_OR_RETURN(domain::SendState from, FromProto(invoice.send_state()));
            if (action == domain::InvoiceAction::kPrepare ||
                action == domain::InvoiceAction::kSend) {
              FACTFLOW_RETURN_IF_ERROR(CheckRenderable(invoice));
            }
            auto to = domain::ApplyAction(action, from);
            if (!to.ok()) {
              return absl::FailedPreconditionError(absl::StrCat(
                  "facture ", invoice.number(), " : ", std::string(to.status().message())));
            }
            if (action == domain::InvoiceAction::kSend) {
              storage::RecordSent(tx, principal.tenant_id, invoice.invoice_id(),
                                  principal.operator_id);
              sent.push_back(invoice.invoice_id());
            } else if (*to != from) {
              storage::UpdateSendState(tx, principal.tenant_id, invoice.invoice_id(), *to);
            }
            std::string from_code(domain::ToCode(from)), to_code(domain::ToCode(*to));
            storage::AppendAudit(tx, principal.tenant_id,
                                 {invoice.invoice_id(), principal.operator_id,
                                  std::string(domain::ToCode(action)), from_code, to_code, ""});
            changes[{from_code, to_code}].push_back(invoice.invoice_id());
            response->add_invoice_ids(invoice.invoice_id());
          }
          response->set_selected(static_cast<int32_t>(invoices.size()));
          response->set_changed(static_cast<int32_t>(invoices.size()));
          PublishStateChanges(tx, principal, action, changes);
          if (!sent.empty()) PublishSent(tx, principal, tenant, sent);
          return absl::OkStatus();
        });
        if (status.ok()) runtime_.relay().Wake();
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

grpc::Status InvoiceServiceImpl::CreateInvoice(grpc::ServerContext* context,
                                               const v1::CreateInvoiceRequest*, v1::Invoice*) {
  return grpcutil::HandleRpc(context, runtime_.signer(), "CreateInvoice", kWriters,
                             [](const auth::Principal&) {
                               return Unbuilt("CreateInvoice", "la saisie de factures manuelles");
                             });
}

grpc::Status InvoiceServiceImpl::CreateCreditNote(grpc::ServerContext* context,
                                                  const v1::CreateCreditNoteRequest*,
                                                  v1::Invoice*) {
  return grpcutil::HandleRpc(
      context, runtime_.signer(), "CreateCreditNote", kWriters,
      [](const auth::Principal&) { return Unbuilt("CreateCreditNote", "les avoirs"); });
}

grpc::Status InvoiceServiceImpl::NightlySendDryRun(grpc::ServerContext* context,
                                                   const v1::NightlySendDryRunRequest*,
                                                   v1::ListInvoicesResponse*) {
  return grpcutil::HandleRpc(
      context, runtime_.signer(), "NightlySendDryRun", kReaders, [](const auth::Principal&) {
        return Unbuilt("NightlySendDryRun", "l'envoi automatique de fin de mois");
      });
}

}  // namespace factflow::invoicing
