// InvoiceService: manual invoices (CreateInvoice), credit notes (CreateCreditNote) and the
// verification of the audit hash chain (VerifyAuditTrail).
//
// Numbering: the document is computed first, then the series row is locked (SELECT ... FOR
// UPDATE), the next value taken, the document and its audit row inserted and the series moved
// on, all in one transaction: concurrent creations are serialised on the series row and a
// rolled-back creation consumes no number, so the series stays gapless.

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "domain/audit_chain.h"
#include "domain/manual_documents.h"
#include "domain/numbering.h"
#include "domain/zero_amount.h"
#include "issuing/proto_mapping.h"
#include "grpc/call.h"
#include "grpc/invoice_service.h"
#include "grpc/roles.h"
#include "issuing/manual_builder.h"
#include "money/decimal_wire.h"
#include "storage/invoice_repository.h"
#include "storage/manual_repository.h"
#include "storage/tenant_repository.h"
#include "validation/fields.h"

namespace factflow::invoicing {
namespace {

constexpr size_t kMaxReasonBytes = 500;
// Entries read per page when verifying the chain (memory stays bounded).
constexpr int kChainPage = 5000;

domain::ZeroAmountPolicy ZeroAmountPolicyOf(const v1::Tenant& tenant) {
  switch (tenant.zero_amount_policy()) {
    case v1::ZERO_AMOUNT_POLICY_REFUSE:
      return domain::ZeroAmountPolicy::kRefuse;
    case v1::ZERO_AMOUNT_POLICY_KEEP_INTERNAL:
      return domain::ZeroAmountPolicy::kKeepInternal;
    default:
      return domain::ZeroAmountPolicy::kAllow;
  }
}

std::string Today() {
  return absl::FormatCivilTime(absl::ToCivilDay(absl::Now(), absl::LocalTimeZone()));
}

// Locks `code` (or the tenant's first series of `kind` when empty) and checks its kind.
absl::StatusOr<domain::NumberingSeries> LockSeriesOfKind(pqxx::work& tx,
                                                         const std::string& tenant_id,
                                                         const std::string& code,
                                                         const std::string& kind) {
  std::string series_code = code;
  if (series_code.empty()) {
    FACTFLOW_ASSIGN_OR_RETURN(series_code, storage::FirstSeriesOfKind(tx, tenant_id, kind));
  }
  FACTFLOW_ASSIGN_OR_RETURN(domain::NumberingSeries series,
                            storage::LockSeries(tx, tenant_id, series_code));
  FACTFLOW_ASSIGN_OR_RETURN(std::string actual, storage::SeriesKind(tx, tenant_id, series_code));
  if (actual != kind) {
    return absl::FailedPreconditionError(absl::StrCat(
        "série « ", series_code, " » : c'est une série ",
        actual == "CREDIT_NOTE" ? "d'avoirs" : "de factures", ", ",
        kind == "CREDIT_NOTE" ? "un avoir se numérote dans une série d'avoirs (CREDIT_NOTE)"
                              : "une facture se numérote dans une série de factures (INVOICE)"));
  }
  return series;
}

// Gives `document` the next number of the locked `series` and moves the series on.
absl::Status Number(pqxx::work& tx, const std::string& tenant_id,
                    const domain::NumberingSeries& series, v1::Invoice& document) {
  const domain::NumberBlock block = domain::AllocateBlock(series, 1);
  FACTFLOW_ASSIGN_OR_RETURN(std::string number, domain::FormatNumber(series, block.first_value));
  document.set_series_code(series.code);
  document.set_sequence_value(block.first_value);
  document.set_number(number);
  storage::SetNextValue(tx, tenant_id, series.code, block.next_value_after);
  return absl::OkStatus();
}

absl::Status ValidateCreditRequest(const v1::CreateCreditNoteRequest& request,
                                   std::vector<domain::CreditedQuantity>& requested) {
  if (request.invoice_id().empty() && request.invoice_number().empty()) {
    return absl::InvalidArgumentError(
        "invoice_id ou invoice_number : la facture à créditer est obligatoire");
  }
  FACTFLOW_RETURN_IF_ERROR(validation::CheckUuid("invoice_id", request.invoice_id(), true));
  FACTFLOW_RETURN_IF_ERROR(validation::CheckText("invoice_number", request.invoice_number(),
                                                 domain::kMaxInvoiceNumberLength));
  FACTFLOW_RETURN_IF_ERROR(validation::CheckText("series_code", request.series_code(), 64));
  FACTFLOW_RETURN_IF_ERROR(validation::CheckText("reason", request.reason(), kMaxReasonBytes));
  if (request.reason().find_first_not_of(" \t\r\n") == std::string::npos) {
    return absl::InvalidArgumentError("reason : le motif de l'avoir est obligatoire");
  }
  if (request.lines_size() > kMaxManualLines) {
    return absl::InvalidArgumentError(
        absl::StrCat("lines : au plus ", kMaxManualLines, " lignes par avoir"));
  }
  int n = 0;
  for (const auto& line : request.lines()) {
    ++n;
    auto quantity = money::FromWire(line.quantity());
    if (!quantity) {
      return absl::InvalidArgumentError(absl::StrCat(
          "lines[", n, "].quantity : ", validation::Echo(line.quantity().value()),
          " n'est pas un nombre décimal"));
    }
    requested.push_back({line.line_number(), *quantity});
  }
  return absl::OkStatus();
}

}  // namespace

grpc::Status InvoiceServiceImpl::CreateInvoice(grpc::ServerContext* context,
                                               const v1::CreateInvoiceRequest* request,
                                               v1::Invoice* response) {
  return grpcutil::HandleRpc(
      context, runtime_.signer(), "CreateInvoice", kWriters,
      [&](const auth::Principal& principal) -> absl::Status {
        FACTFLOW_RETURN_IF_ERROR(validation::CheckText("series_code", request->series_code(), 64));
        return runtime_.pool().InTransaction([&](pqxx::work& tx) -> absl::Status {
          FACTFLOW_ASSIGN_OR_RETURN(v1::Tenant tenant,
                                    storage::LoadTenant(tx, principal.tenant_id));
          FACTFLOW_ASSIGN_OR_RETURN(
              v1::Invoice invoice,
              BuildManualInvoice(*request, {&tenant, Today(), principal.operator_id,
                                            request->series_code()}));
          // The tenant's zero-amount policy, before a number is taken.
          FACTFLOW_ASSIGN_OR_RETURN(
              domain::SendState initial,
              domain::InitialState(ZeroAmountPolicyOf(tenant),
                                   money::FromWire(invoice.total_with_vat()).value_or(
                                       money::Decimal::FromCents(1))));
          invoice.set_send_state(ToProto(initial));
          FACTFLOW_ASSIGN_OR_RETURN(
              domain::NumberingSeries series,
              LockSeriesOfKind(tx, principal.tenant_id, request->series_code(), "INVOICE"));
          FACTFLOW_RETURN_IF_ERROR(Number(tx, principal.tenant_id, series, invoice));
          storage::InsertNumberedDocument(
              tx, principal.tenant_id, invoice, "CREATE",
              absl::StrCat("facture manuelle ", invoice.number(), ", ",
                           invoice.total_with_vat().value(), " EUR TTC"));
          FACTFLOW_ASSIGN_OR_RETURN(
              *response, storage::FindInvoice(tx, principal.tenant_id, invoice.invoice_id(), ""));
          return absl::OkStatus();
        });
      });
}

grpc::Status InvoiceServiceImpl::CreateCreditNote(grpc::ServerContext* context,
                                                  const v1::CreateCreditNoteRequest* request,
                                                  v1::Invoice* response) {
  return grpcutil::HandleRpc(
      context, runtime_.signer(), "CreateCreditNote", kWriters,
      [&](const auth::Principal& principal) -> absl::Status {
        std::vector<domain::CreditedQuantity> requested;
        FACTFLOW_RETURN_IF_ERROR(ValidateCreditRequest(*request, requested));
        const std::string& tenant_id = principal.tenant_id;
        return runtime_.pool().InTransaction([&](pqxx::work& tx) -> absl::Status {
          FACTFLOW_ASSIGN_OR_RETURN(v1::Tenant tenant, storage::LoadTenant(tx, tenant_id));
          // Lock order: series, then the invoice (see storage/manual_repository.h).
          FACTFLOW_ASSIGN_OR_RETURN(
              domain::NumberingSeries series,
              LockSeriesOfKind(tx, tenant_id, request->series_code(), "CREDIT_NOTE"));
          FACTFLOW_ASSIGN_OR_RETURN(
              v1::Invoice original, storage::FindInvoice(tx, tenant_id, request->invoice_id(),
                                                         request->invoice_number()));
          if (original.type_code() == "381") {
            return absl::FailedPreconditionError(absl::StrCat(
                original.number(), " est un avoir : un avoir corrige une facture, pas un avoir"));
          }
          storage::CreditedSoFar so_far = storage::LockAndReadCredited(tx, tenant_id, original);
          FACTFLOW_ASSIGN_OR_RETURN(
              std::vector<domain::CreditedQuantity> plan,
              domain::PlanCredit(so_far.lines, requested, original.number()));
          FACTFLOW_ASSIGN_OR_RETURN(
              v1::Invoice note,
              BuildCreditNote(original, plan, request->reason(),
                              {&tenant, Today(), principal.operator_id, series.code}));
          FACTFLOW_RETURN_IF_ERROR(domain::CheckCreditAmount(
              money::FromWire(note.total_with_vat()).value_or(money::Decimal()),
              money::FromWire(original.total_with_vat()).value_or(money::Decimal()),
              so_far.total, original.number()));
          FACTFLOW_RETURN_IF_ERROR(Number(tx, tenant_id, series, note));
          storage::InsertNumberedDocument(
              tx, tenant_id, note, "CREATE_CREDIT_NOTE",
              absl::StrCat("avoir ", note.number(), " sur la facture ", original.number(), ", ",
                           note.total_with_vat().value(), " EUR TTC : ", request->reason()));
          storage::InsertCreditLinks(tx, tenant_id, note, original.invoice_id(),
                                     request->reason(), plan);
          storage::AppendAudit(tx, tenant_id,
                               {original.invoice_id(), principal.operator_id, "CREDITED", "", "",
                                absl::StrCat("avoir ", note.number(), " de ",
                                             note.total_with_vat().value(), " EUR TTC")});
          FACTFLOW_ASSIGN_OR_RETURN(*response,
                                    storage::FindInvoice(tx, tenant_id, note.invoice_id(), ""));
          return absl::OkStatus();
        });
      });
}

grpc::Status InvoiceServiceImpl::VerifyAuditTrail(grpc::ServerContext* context,
                                                  const v1::VerifyAuditTrailRequest*,
                                                  v1::VerifyAuditTrailResponse* response) {
  return grpcutil::HandleRpc(
      context, runtime_.signer(), "VerifyAuditTrail", kReaders,
      [&](const auth::Principal& principal) -> absl::Status {
        return runtime_.pool().InTransaction([&](pqxx::work& tx) -> absl::Status {
          // Entries appended while the walk runs come after the head read here: not checked.
          const storage::ChainHead head = storage::LoadChainHead(tx, principal.tenant_id);
          domain::ChainVerifier verifier;
          int64_t after = 0;
          int64_t after_id = 0;
          bool going = true;
          while (going) {
            std::vector<domain::ChainEntry> page = storage::LoadChainPage(
                tx, principal.tenant_id, after, after_id, head.sequence, kChainPage);
            for (const auto& entry : page) {
              if (!verifier.Add(entry)) {
                going = false;
                break;
              }
              after = entry.sequence;
              after_id = entry.id;
            }
            if (static_cast<int>(page.size()) < kChainPage) going = false;
          }
          verifier.Finish(head.sequence, head.hash);
          response->set_intact(verifier.intact());
          response->set_entries_checked(verifier.checked());
          response->set_head_sequence(head.sequence);
          response->set_head_hash(head.hash);
          response->set_first_broken_sequence(verifier.first_broken_sequence());
          response->set_problem(verifier.problem());
          return absl::OkStatus();
        });
      });
}

}  // namespace factflow::invoicing
