// InvoiceService.NightlySendDryRun and NightlySend: the month-end nightly send
// (domain/nightly_send.h). The night is a day in Europe/Paris (PostgreSQL's time zone data, so
// the service needs none of its own); the due invoices are a selection (state PRET, created on
// or before the night minus N days), frozen into one SEND operation by the same INSERT ... SELECT
// as ApplyAction, which the action runner then sends chunk by chunk (rules checked, events
// published). nightly_runs (migration 0241) makes a night run once per tenant.

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "domain/civil_date.h"
#include "domain/nightly_send.h"
#include "grpc/call.h"
#include "grpc/invoice_service.h"
#include "grpc/roles.h"
#include "logging/logging.h"
#include "spdlog/spdlog.h"
#include "storage/invoice_repository.h"
#include "storage/operation_repository.h"
#include "storage/tenant_repository.h"
#include "validation/fields.h"

namespace factflow::invoicing {
namespace {

// Invoices listed by the dry run (due and held); the counts are always complete.
constexpr int kListed = 1000;

domain::NightlyRule RuleOf(const v1::Tenant& tenant) {
  return {tenant.nightly_send_enabled(), std::max(tenant.days_before_nightly_send(), 0)};
}

std::string ParisToday(pqxx::work& tx) {
  return tx.exec1("SELECT ((now() AT TIME ZONE 'Europe/Paris')::date)::text")[0].as<std::string>();
}

// The night asked for (empty: today in Paris). `allow_future`: a dry run may look ahead.
absl::StatusOr<absl::CivilDay> Night(pqxx::work& tx, const std::string& date, bool allow_future) {
  const std::string today = ParisToday(tx);
  FACTFLOW_ASSIGN_OR_RETURN(absl::CivilDay night, domain::ParseIsoDate(date.empty() ? today : date));
  FACTFLOW_ASSIGN_OR_RETURN(absl::CivilDay now, domain::ParseIsoDate(today));
  if (!allow_future && night > now) {
    return absl::InvalidArgumentError(absl::StrCat(
        "date : l'envoi du ", domain::ToFrenchDate(night),
        " ne peut pas être lancé avant ce jour (simulation possible avec --dry-run)"));
  }
  return night;
}

v1::SelectionCriteria Due(const domain::NightlyDecision& decision) {
  v1::SelectionCriteria criteria;
  criteria.add_states(v1::SEND_STATE_PRET);
  criteria.set_created_on_or_before(domain::ToIsoDate(decision.created_on_or_before));
  return criteria;
}

const std::vector<domain::SendState> kPret = {domain::SendState::kPret};

absl::CivilDay ParisDay(const google::protobuf::Timestamp& at) {
  static const absl::TimeZone paris = [] {
    absl::TimeZone zone;
    if (!absl::LoadTimeZone("Europe/Paris", &zone)) {
      spdlog::warn("time zone Europe/Paris unavailable (tzdata): hold reasons use UTC days");
    }
    return zone;
  }();
  return absl::ToCivilDay(absl::FromUnixSeconds(at.seconds()), paris);
}

}  // namespace

grpc::Status InvoiceServiceImpl::NightlySendDryRun(grpc::ServerContext* context,
                                                   const v1::NightlySendDryRunRequest* request,
                                                   v1::ListInvoicesResponse* response) {
  return grpcutil::HandleRpc(
      context, runtime_.signer(), "NightlySendDryRun", kReaders,
      [&](const auth::Principal& principal) -> absl::Status {
        FACTFLOW_RETURN_IF_ERROR(validation::CheckDate("date", request->date(), true));
        return runtime_.pool().InTransaction([&](pqxx::work& tx) -> absl::Status {
          FACTFLOW_ASSIGN_OR_RETURN(v1::Tenant tenant, storage::LoadTenant(tx, principal.tenant_id));
          FACTFLOW_ASSIGN_OR_RETURN(absl::CivilDay night, Night(tx, request->date(), true));
          const domain::NightlyRule rule = RuleOf(tenant);
          const domain::NightlyDecision decision = domain::DecideNight(rule, night);
          if (!decision.runs) {
            response->set_nightly_note(decision.why_not);
            return absl::OkStatus();
          }
          const v1::SelectionCriteria due = Due(decision);
          for (auto& invoice : storage::SelectInvoicesAfter(tx, principal.tenant_id, due, kPret,
                                                            std::nullopt, 0, kListed)) {
            *response->add_invoices() = std::move(invoice);
          }
          response->set_total_count(
              static_cast<int32_t>(storage::CountInvoices(tx, principal.tenant_id, due, kPret)));
          v1::SelectionCriteria held;
          held.set_created_after(due.created_on_or_before());
          for (const auto& invoice : storage::SelectInvoicesAfter(
                   tx, principal.tenant_id, held, kPret, std::nullopt, 0, kListed)) {
            v1::HeldInvoice* entry = response->add_held();
            entry->set_invoice_id(invoice.invoice_id());
            entry->set_number(invoice.number());
            entry->set_reason(
                domain::HoldReason(rule, night, ParisDay(invoice.created_at())).value_or(""));
          }
          response->set_held_count(storage::CountInvoices(tx, principal.tenant_id, held, kPret));
          return absl::OkStatus();
        });
      });
}

grpc::Status InvoiceServiceImpl::NightlySend(grpc::ServerContext* context,
                                             const v1::NightlySendRequest* request,
                                             v1::NightlySendResponse* response) {
  return grpcutil::HandleRpc(
      context, runtime_.signer(), "NightlySend", kWriters,
      [&](const auth::Principal& principal) -> absl::Status {
        FACTFLOW_RETURN_IF_ERROR(validation::CheckDate("date", request->date(), true));
        if (!request->confirm_final()) {
          return absl::FailedPreconditionError(absl::StrCat(
              std::string(domain::kFinalActionConfirmation), " (confirm_final est requis)"));
        }
        bool started = false;
        absl::Status status = runtime_.pool().InTransaction([&](pqxx::work& tx) -> absl::Status {
          started = false;
          FACTFLOW_ASSIGN_OR_RETURN(v1::Tenant tenant, storage::LoadTenant(tx, principal.tenant_id));
          FACTFLOW_ASSIGN_OR_RETURN(absl::CivilDay night, Night(tx, request->date(), false));
          response->set_date(domain::ToIsoDate(night));
          const domain::NightlyDecision decision = domain::DecideNight(RuleOf(tenant), night);
          response->set_runs(decision.runs);
          if (!decision.runs) {
            response->set_reason(decision.why_not);
            return absl::OkStatus();
          }
          // One run per tenant and night: the first caller inserts, the others read its
          // operation (the primary key serialises concurrent callers).
          const std::string operation_id = logging::NewUuid();
          storage::InsertOperation(tx, {operation_id, principal.tenant_id, storage::kKindAction,
                                        std::string(domain::ToCode(domain::InvoiceAction::kSend)),
                                        principal.operator_id, "", "envoi de fin de mois"});
          pqxx::result first = tx.exec_params(
              "INSERT INTO nightly_runs (tenant_id, night, operation_id) VALUES ($1, $2::date, "
              "$3::uuid) ON CONFLICT (tenant_id, night) DO NOTHING RETURNING operation_id",
              principal.tenant_id, response->date(), operation_id);
          std::string run_operation = operation_id;
          if (first.empty()) {
            run_operation = tx.exec_params("SELECT operation_id::text FROM nightly_runs WHERE "
                                           "tenant_id = $1 AND night = $2::date",
                                           principal.tenant_id, response->date())[0][0]
                                .as<std::string>();
            response->set_already_run(true);
            storage::SetTotal(tx, operation_id, 0,
                              absl::StrCat("envoi du ", domain::ToFrenchDate(night),
                                           " déjà lancé (opération ", run_operation, ")"));
          } else {
            int64_t total = storage::FreezeSelection(tx, principal.tenant_id, Due(decision),
                                                     kPret, operation_id);
            storage::SetTotal(tx, operation_id, total,
                              total == 0 ? "aucune facture prête à envoyer" : "en file d'attente");
            started = total > 0;
          }
          FACTFLOW_ASSIGN_OR_RETURN(*response->mutable_operation(),
                                    storage::LoadOperation(tx, principal.tenant_id, run_operation));
          return absl::OkStatus();
        });
        if (status.ok() && started) runner_.Wake();
        return status;
      });
}

}  // namespace factflow::invoicing
