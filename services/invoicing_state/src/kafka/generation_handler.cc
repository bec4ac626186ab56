#include "kafka/generation_handler.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "domain/numbering.h"
#include "factflow/events/v1/events.pb.h"
#include "grpc/call.h"
#include "issuing/invoice_builder.h"
#include "operations/generation_progress.h"
#include "outbox/inbox.h"
#include "outbox/outbox.h"
#include "spdlog/spdlog.h"
#include "status/grpc_status.h"
#include "storage/invoice_repository.h"
#include "storage/tenant_repository.h"

namespace factflow::invoicing {
namespace {

constexpr char kTopic[] = "factflow.invoicing.v1";

std::string Today() {
  return absl::FormatCivilTime(absl::ToCivilDay(absl::Now(), absl::LocalTimeZone()));
}

outbox::EventOrigin Origin(const events::v1::EventEnvelope& cause, const std::string& generation) {
  return {cause.tenant_id(), "generation", generation, "invoicing-state", cause.event_id()};
}

// Records the refusal and tells the importer; nothing is numbered.
void Reject(pqxx::work& tx, const events::v1::EventEnvelope& cause,
            const events::v1::DocumentsApproved& approved, const absl::Status& reason) {
  spdlog::warn("generation {} of batch {} rejected: {}", approved.generation_id(),
               approved.batch_id(), reason.ToString());
  storage::InsertGeneration(tx, cause.tenant_id(),
                            {approved.generation_id(), approved.batch_id(), "REJECTED",
                             approved.series_code(), 0, 0, 0, std::string(reason.message())});
  events::v1::GenerationRejected rejected;
  rejected.set_generation_id(approved.generation_id());
  rejected.set_batch_id(approved.batch_id());
  rejected.set_reason(std::string(reason.message()));
  outbox::Append(tx, kTopic,
                 outbox::MakeEnvelope(rejected, Origin(cause, approved.generation_id())));
}

// Numbers and stores the invoices; a non-OK status is a business refusal.
absl::Status Issue(pqxx::work& tx, const events::v1::EventEnvelope& cause,
                   const events::v1::DocumentsApproved& approved,
                   const importer::v1::GetApprovedDocumentsResponse& documents) {
  const std::string& tenant_id = cause.tenant_id();
  FACTFLOW_ASSIGN_OR_RETURN(v1::Tenant tenant, storage::LoadTenant(tx, tenant_id));
  std::string series_code =
      documents.series_code().empty() ? approved.series_code() : documents.series_code();
  FACTFLOW_ASSIGN_OR_RETURN(domain::NumberingSeries series,
                            storage::LockSeries(tx, tenant_id, series_code));
  if (documents.documents().empty()) {
    return absl::FailedPreconditionError("aucun document à facturer dans cette génération");
  }
  auto initial = domain::ParseSendState(
      documents.initial_send_state().empty() ? "EN_ATTENTE" : documents.initial_send_state());
  IssueContext context{&tenant,
                       Today(),
                       approved.operator_id(),
                       approved.batch_id(),
                       documents.batch_number(),
                       approved.generation_id(),
                       series_code,
                       initial.ok() ? *initial : domain::SendState::kEnAttente};
  std::vector<v1::Invoice> invoices;
  for (const auto& document : documents.documents()) {
    FACTFLOW_ASSIGN_OR_RETURN(v1::Invoice invoice, BuildInvoice(document, context));
    invoices.push_back(std::move(invoice));
  }
  domain::NumberBlock block = domain::AllocateBlock(series, static_cast<int64_t>(invoices.size()));
  events::v1::InvoicesIssued issued;
  for (size_t i = 0; i < invoices.size(); ++i) {
    int64_t value = block.first_value + static_cast<int64_t>(i);
    FACTFLOW_ASSIGN_OR_RETURN(std::string number, domain::FormatNumber(series, value));
    invoices[i].set_number(number);
    invoices[i].set_sequence_value(value);
    storage::InsertInvoice(tx, tenant_id, invoices[i]);
    storage::AppendAudit(tx, tenant_id,
                         {invoices[i].invoice_id(), approved.operator_id(), "ISSUE", "",
                          std::string(domain::ToCode(context.initial_state)),
                          absl::StrCat("lot ", documents.batch_number(), ", commande ",
                                       invoices[i].source_external_id())});
    issued.add_invoice_ids(invoices[i].invoice_id());
  }
  storage::SetNextValue(tx, tenant_id, series.code, block.next_value_after);
  storage::InsertGeneration(
      tx, tenant_id,
      {approved.generation_id(), approved.batch_id(), "ISSUED", series_code, block.first_value,
       block.last_value, static_cast<int>(invoices.size()), ""});
  issued.set_generation_id(approved.generation_id());
  issued.set_batch_id(approved.batch_id());
  issued.set_series_code(series_code);
  issued.set_first_number(invoices.front().number());
  issued.set_last_number(invoices.back().number());
  issued.set_count(static_cast<int>(invoices.size()));
  outbox::Append(tx, kTopic, outbox::MakeEnvelope(issued, Origin(cause, approved.generation_id())));
  spdlog::info("generation {}: {} invoices issued, {} to {}", approved.generation_id(),
               invoices.size(), issued.first_number(), issued.last_number());
  return absl::OkStatus();
}

bool IsBusinessRefusal(const absl::Status& status) {
  return status.code() == absl::StatusCode::kNotFound ||
         status.code() == absl::StatusCode::kInvalidArgument ||
         status.code() == absl::StatusCode::kFailedPrecondition;
}

}  // namespace

GenerationHandler::GenerationHandler(runtime::Runtime& runtime,
                                     std::shared_ptr<grpc::Channel> importer)
    : runtime_(runtime), importer_(importer::v1::ImporterService::NewStub(importer)) {}

absl::StatusOr<importer::v1::GetApprovedDocumentsResponse> GenerationHandler::FetchDocuments(
    const std::string& tenant_id, const std::string& generation_id) {
  importer::v1::GetApprovedDocumentsResponse all;
  importer::v1::GetApprovedDocumentsRequest request;
  request.set_generation_id(generation_id);
  request.mutable_page()->set_page_size(500);
  do {
    importer::v1::GetApprovedDocumentsResponse page;
    auto context = grpcutil::OutgoingContext(runtime_.ServiceToken(tenant_id), absl::Seconds(30));
    FACTFLOW_RETURN_IF_ERROR(
        status::FromGrpc(importer_->GetApprovedDocuments(context.get(), request, &page)));
    for (auto& document : *page.mutable_documents()) *all.add_documents() = std::move(document);
    GenerationStep(runtime_.pool(), generation_id,
                   absl::StrCat("récupération des documents : ", all.documents_size()));
    page.clear_documents();
    std::string next = page.next_page_token();
    all.MergeFrom(page);  // header fields (batch, series, initial state, total)
    all.clear_next_page_token();
    request.mutable_page()->set_page_token(next);
  } while (!request.page().page_token().empty());
  return all;
}

absl::Status GenerationHandler::Handle(const events::v1::EventEnvelope& envelope) {
  events::v1::DocumentsApproved approved;
  if (!envelope.payload().UnpackTo(&approved)) return absl::OkStatus();  // not for us
  FACTFLOW_RETURN_IF_ERROR(GenerationStarted(runtime_.pool(), envelope.tenant_id(), approved));
  // Documents are fetched before the transaction: no database lock is held during the call.
  auto documents = FetchDocuments(envelope.tenant_id(), approved.generation_id());
  if (!documents.ok() && documents.status().code() != absl::StatusCode::kNotFound) {
    return documents.status();  // importer unreachable: retry the event
  }
  absl::Status status =
      outbox::ApplyOnce(runtime_.pool(), kConsumer, envelope, [&](pqxx::work& tx) -> absl::Status {
        if (storage::GenerationExists(tx, approved.generation_id())) return absl::OkStatus();
        tx.exec("SAVEPOINT issue");
        absl::Status issued =
            documents.ok() ? Issue(tx, envelope, approved, *documents) : documents.status();
        if (issued.ok() || !IsBusinessRefusal(issued)) return issued;
        // A refusal must not keep anything Issue() wrote before failing.
        tx.exec("ROLLBACK TO SAVEPOINT issue");
        Reject(tx, envelope, approved, issued);
        return absl::OkStatus();
      });
  if (status.ok()) runtime_.relay().Wake();
  return status;
}

}  // namespace factflow::invoicing
