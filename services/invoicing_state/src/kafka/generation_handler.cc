#include "kafka/generation_handler.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "domain/chunking.h"
#include "domain/numbering.h"
#include "domain/series_kind.h"
#include "grpc/call.h"
#include "issuing/invoice_builder.h"
#include "operations/generation_progress.h"
#include "outbox/inbox.h"
#include "outbox/outbox.h"
#include "spdlog/spdlog.h"
#include "status/grpc_status.h"
#include "storage/invoice_repository.h"
#include "storage/issue_staging.h"
#include "storage/tenant_repository.h"

namespace factflow::invoicing {
namespace {

constexpr char kTopic[] = "factflow.invoicing.v1";
// A refusal reason names the document and the field; it never needs more than this.
constexpr size_t kMaxReasonBytes = 2000;

std::string Today() {
  return absl::FormatCivilTime(absl::ToCivilDay(absl::Now(), absl::LocalTimeZone()));
}

outbox::EventOrigin Origin(const events::v1::EventEnvelope& cause, const std::string& generation) {
  return {cause.tenant_id(), "generation", generation, "invoicing-state", cause.event_id()};
}

// `text` cut to at most `max` bytes on a UTF-8 character boundary, so the event stays bounded.
std::string Bounded(std::string text, size_t max) {
  if (text.size() <= max) return text;
  size_t end = max - 3;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  text.resize(end);
  return text + "...";
}

// Records the refusal and tells the importer; nothing is numbered.
void Reject(pqxx::work& tx, const events::v1::EventEnvelope& cause,
            const events::v1::DocumentsApproved& approved, const absl::Status& reason) {
  spdlog::warn("generation {} of batch {} rejected: {}", approved.generation_id(),
               approved.batch_id(), reason.ToString());
  std::string text = Bounded(std::string(reason.message()), kMaxReasonBytes);
  storage::InsertGeneration(tx, cause.tenant_id(),
                            {approved.generation_id(), approved.batch_id(), "REJECTED",
                             approved.series_code(), 0, 0, 0, text});
  events::v1::GenerationRejected rejected;
  rejected.set_generation_id(approved.generation_id());
  rejected.set_batch_id(approved.batch_id());
  rejected.set_reason(std::move(text));
  outbox::Append(tx, kTopic,
                 outbox::MakeEnvelope(rejected, Origin(cause, approved.generation_id())));
}

// A number of the block (validated by IssueStaging::Number).
std::string NumberOf(const domain::NumberingSeries& series, int64_t value) {
  return domain::FormatNumber(series, value).value_or(std::to_string(value));
}

// InvoicesIssued, one event per chunk of at most kIssuedChunkSize invoices, in number order.
void PublishIssued(pqxx::work& tx, const events::v1::EventEnvelope& cause,
                   const events::v1::DocumentsApproved& approved,
                   const domain::NumberingSeries& series, const domain::NumberBlock& block,
                   storage::IssueStaging& staging) {
  const int64_t total = staging.count();
  const int64_t chunk_count = domain::ChunkCount(total, domain::kIssuedChunkSize);
  for (int64_t index = 0; index < chunk_count; ++index) {
    const domain::Chunk chunk = domain::ChunkAt(total, domain::kIssuedChunkSize, index);
    events::v1::InvoicesIssued issued;
    issued.set_generation_id(approved.generation_id());
    issued.set_batch_id(approved.batch_id());
    issued.set_series_code(series.code);
    issued.set_first_number(NumberOf(series, block.first_value));
    issued.set_last_number(NumberOf(series, block.last_value));
    issued.set_count(static_cast<int32_t>(total));
    for (std::string& id : staging.Ids(chunk.begin, chunk.end)) {
      issued.add_invoice_ids(std::move(id));
    }
    issued.set_chunk_index(static_cast<int32_t>(index));
    issued.set_chunk_count(static_cast<int32_t>(chunk_count));
    issued.set_chunk_first_number(NumberOf(series, block.first_value + chunk.begin));
    issued.set_chunk_last_number(NumberOf(series, block.first_value + chunk.end - 1));
    outbox::Append(tx, kTopic,
                   outbox::MakeEnvelope(issued, Origin(cause, approved.generation_id())));
  }
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

absl::StatusOr<importer::v1::GetApprovedDocumentsResponse> GenerationHandler::FetchPage(
    const std::string& tenant_id, const std::string& generation_id, const std::string& token) {
  importer::v1::GetApprovedDocumentsRequest request;
  request.set_generation_id(generation_id);
  request.mutable_page()->set_page_size(kPageSize);
  request.mutable_page()->set_page_token(token);
  importer::v1::GetApprovedDocumentsResponse page;
  auto context = grpcutil::OutgoingContext(runtime_.ServiceToken(tenant_id), absl::Seconds(30));
  FACTFLOW_RETURN_IF_ERROR(
      status::FromGrpc(importer_->GetApprovedDocuments(context.get(), request, &page)));
  return page;
}

absl::Status GenerationHandler::Issue(pqxx::work& tx, const events::v1::EventEnvelope& cause,
                                      const events::v1::DocumentsApproved& approved) {
  const std::string& tenant_id = cause.tenant_id();
  FACTFLOW_ASSIGN_OR_RETURN(v1::Tenant tenant, storage::LoadTenant(tx, tenant_id));
  FACTFLOW_ASSIGN_OR_RETURN(importer::v1::GetApprovedDocumentsResponse page,
                            FetchPage(tenant_id, approved.generation_id(), ""));
  if (page.documents().empty()) {
    return absl::FailedPreconditionError("aucun document à facturer dans cette génération");
  }
  const std::string series_code =
      page.series_code().empty() ? approved.series_code() : page.series_code();
  // An import is numbered as invoices (type 380): never in a credit-note series.
  for (const auto& series : tenant.series()) {
    if (series.code() != series_code) continue;
    FACTFLOW_RETURN_IF_ERROR(domain::CheckSeriesKind(series.code(), series.document_kind(),
                                                     domain::kInvoiceSeriesKind));
  }
  auto initial = domain::ParseSendState(
      page.initial_send_state().empty() ? "EN_ATTENTE" : page.initial_send_state());
  const IssueContext context{&tenant,
                             Today(),
                             approved.operator_id(),
                             approved.batch_id(),
                             page.batch_number(),
                             approved.generation_id(),
                             series_code,
                             initial.ok() ? *initial : domain::SendState::kEnAttente,
                             page.invoice_template().empty() ? std::string("standard")
                                                             : page.invoice_template()};
  const int64_t expected = page.total_count();

  const absl::Time started = absl::Now();
  // 1. Compute and stage, one page in memory at a time; no series lock yet.
  storage::IssueStaging staging(tx);
  staging.Open();
  absl::Status staged = absl::OkStatus();
  while (staged.ok()) {
    for (const auto& document : page.documents()) {
      absl::StatusOr<v1::Invoice> invoice = BuildInvoice(document, context);
      if (!invoice.ok()) {
        staged = invoice.status();
        break;
      }
      staging.Add(*invoice);
    }
    GenerationStep(runtime_.pool(), approved.generation_id(),
                   absl::StrCat("récupération et calcul des documents : ", staging.count()));
    if (!staged.ok() || page.next_page_token().empty()) break;
    auto next = FetchPage(tenant_id, approved.generation_id(), page.next_page_token());
    if (next.ok()) {
      page = std::move(*next);
    } else {
      staged = next.status();
    }
  }
  staging.Finish();  // ends the COPY: the transaction can run statements again
  FACTFLOW_RETURN_IF_ERROR(staged);
  if (expected > 0 && staging.count() != expected) {
    return absl::AbortedError(absl::StrCat("generation ", approved.generation_id(), ": fetched ",
                                           staging.count(), " documents of ", expected));
  }

  const absl::Time staged_at = absl::Now();
  GenerationStep(runtime_.pool(), approved.generation_id(),
                 absl::StrCat("numérotation de ", staging.count(), " factures"));
  // 2. Number the block under the series lock: a few set-based statements.
  FACTFLOW_ASSIGN_OR_RETURN(domain::NumberingSeries series,
                            storage::LockSeries(tx, tenant_id, series_code));
  const domain::NumberBlock block = domain::AllocateBlock(series, staging.count());
  FACTFLOW_RETURN_IF_ERROR(
      staging.Number({tenant_id, series, block.first_value,
                      std::string(domain::ToCode(context.initial_state)), approved.batch_id(),
                      context.batch_number, approved.generation_id(), approved.operator_id(),
                      context.invoice_template}));
  storage::SetNextValue(tx, tenant_id, series.code, block.next_value_after);
  storage::InsertGeneration(
      tx, tenant_id,
      {approved.generation_id(), approved.batch_id(), "ISSUED", series_code, block.first_value,
       block.last_value, static_cast<int>(staging.count()), ""});

  const absl::Time numbered_at = absl::Now();
  // 3. The events, bounded by construction.
  PublishIssued(tx, cause, approved, series, block, staging);
  spdlog::info(
      "generation {}: {} invoices issued, {} to {} (fetch, compute and stage {}, number {}, "
      "events {}; commit follows)",
      approved.generation_id(), staging.count(), NumberOf(series, block.first_value),
      NumberOf(series, block.last_value), absl::FormatDuration(staged_at - started),
      absl::FormatDuration(numbered_at - staged_at),
      absl::FormatDuration(absl::Now() - numbered_at));
  return absl::OkStatus();
}

absl::Status GenerationHandler::Handle(const events::v1::EventEnvelope& envelope) {
  events::v1::DocumentsApproved approved;
  if (!envelope.payload().UnpackTo(&approved)) return absl::OkStatus();  // not for us
  // The documents are fetched page by page inside the transaction, but the series row is
  // locked only once they are all computed and staged.
  FACTFLOW_RETURN_IF_ERROR(GenerationStarted(runtime_.pool(), envelope.tenant_id(), approved));
  absl::Status status =
      outbox::ApplyOnce(runtime_.pool(), kConsumer, envelope, [&](pqxx::work& tx) -> absl::Status {
        if (storage::GenerationExists(tx, approved.generation_id())) return absl::OkStatus();
        tx.exec("SAVEPOINT issue");
        absl::Status issued = Issue(tx, envelope, approved);
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
