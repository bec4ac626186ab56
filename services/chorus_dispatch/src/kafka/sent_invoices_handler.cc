#include "kafka/sent_invoices_handler.h"

#include <condition_variable>
#include <map>
#include <mutex>

#include "absl/strings/str_cat.h"
#include "rendering/facturx.h"
#include "factflow/events/v1/events.pb.h"
#include "files/confined_path.h"
#include "grpc/call.h"
#include "logging/logging.h"
#include "metrics/metrics.h"
#include "outbox/inbox.h"
#include "outbox/outbox.h"
#include "rendering/invoice_mapping.h"
#include "spdlog/spdlog.h"
#include "status/grpc_status.h"
#include "storage/archive_repository.h"
#include "storage/render_failure_reads.h"

namespace factflow::dispatch {
namespace {

// The reason an operator reads (render_failures, exchange ARCHIVE ERROR): our own French
// refusals as they are (CheckConsistency names the field); for an internal failure, whose
// message may carry qpdf or OpenSSL text, a French sentence only: the detail is in the log.
std::string OperatorReason(const absl::Status& status) {
  if (status.code() == absl::StatusCode::kInternal || status.code() == absl::StatusCode::kUnknown) {
    return "rendu, assemblage Factur-X ou signature impossible (détail dans le journal de "
           "chorus-dispatch) ; nouvel essai automatique";
  }
  return std::string(status.message());
}

constexpr char kTopic[] = "factflow.dispatch.v1";
constexpr int kRetentionYears = 10;

// 10 years after the end of the fiscal year (taken as the calendar year of issue).
std::string RetainUntil(const std::string& issue_date) {
  int year = std::stoi(issue_date.substr(0, 4));
  return absl::StrCat(year + kRetentionYears, "-12-31");
}

}  // namespace

struct SentInvoicesHandler::Rendered {
  invoicing::v1::Invoice invoice;
  std::string pdf;
  std::string xml;
  std::string einvoice_path;
};

struct SentInvoicesHandler::Failure {
  std::string invoice_id;
  std::string number;
  std::string reason;
};

struct SentInvoicesHandler::Outcome {
  std::vector<Rendered> rendered;
  std::vector<Failure> failures;       // not rendered: retried later
  std::vector<Failure> file_failures;  // rendered and archived, e-invoice file not written
};

SentInvoicesHandler::SentInvoicesHandler(runtime::Runtime& runtime,
                                         std::shared_ptr<grpc::Channel> invoicing,
                                         std::filesystem::path einvoice_dir,
                                         std::shared_ptr<rendering::TenantSigner> signer,
                                         size_t render_workers)
    : runtime_(runtime),
      invoicing_(invoicing::v1::InvoiceService::NewStub(invoicing)),
      tenants_(invoicing::v1::TenantService::NewStub(invoicing)),
      einvoice_dir_(std::move(einvoice_dir)),
      signer_(std::move(signer)),
      render_pool_(std::make_unique<RenderPool>(render_workers)) {}

absl::StatusOr<std::vector<invoicing::v1::Invoice>> SentInvoicesHandler::Fetch(
    const std::string& tenant_id, const std::vector<std::string>& invoice_ids) {
  invoicing::v1::BatchGetInvoicesRequest request;
  for (const auto& id : invoice_ids) request.add_invoice_ids(id);
  invoicing::v1::BatchGetInvoicesResponse response;
  auto context = grpcutil::OutgoingContext(runtime_.ServiceToken(tenant_id), absl::Seconds(30));
  FACTFLOW_RETURN_IF_ERROR(
      status::FromGrpc(invoicing_->BatchGetInvoices(context.get(), request, &response)));
  return std::vector<invoicing::v1::Invoice>(response.invoices().begin(),
                                             response.invoices().end());
}

absl::StatusOr<std::string> SentInvoicesHandler::WriteEinvoiceFile(const std::string& tenant_id,
                                                                   const std::string& number,
                                                                   const std::string& xml) const {
  if (einvoice_dir_.empty()) return std::string();
  // Tenant ids and invoice numbers (series prefixes may contain '/') are escaped into single
  // file names, and the write is confined under the folder: no user text becomes a path.
  FACTFLOW_ASSIGN_OR_RETURN(
      std::filesystem::path path,
      files::WriteConfinedFile(
          einvoice_dir_, {files::SafeFileName(tenant_id), files::SafeFileName(number) + ".xml"},
          xml));
  return path.string();
}

absl::Status SentInvoicesHandler::RecordNotArchived(const events::v1::EventEnvelope& envelope,
                                                    const events::v1::InvoicesSent& sent) {
  return outbox::ApplyOnce(runtime_.pool(), kConsumer, envelope, [&](pqxx::work& tx) {
    for (const auto& invoice_id : sent.invoice_ids()) {
      storage::RecordExchange(tx, envelope.tenant_id(), invoice_id, "ARCHIVE", "SKIPPED",
                              "archiving is off for this tenant");
    }
    return absl::OkStatus();
  });
}

// One invoice's rendering, on a render worker: exactly one of `rendered` and `failure` is set.
struct SentInvoicesHandler::Slot {
  std::optional<Rendered> rendered;
  std::optional<Failure> failure;
  std::optional<Failure> file_failure;
};

SentInvoicesHandler::Slot SentInvoicesHandler::RenderOne(const std::string& tenant_id,
                                                         invoicing::v1::Invoice invoice) const {
  Slot slot;
  auto document = ToDocument(invoice);
  // Both renderers refuse an inconsistent document (CheckConsistency), naming the field. The
  // archived PDF is the Factur-X PDF/A-3 that embeds the CII.
  absl::StatusOr<rendering::FacturX> rendered =
      document.ok() ? rendering::RenderFacturX(*document) : document.status();
  if (rendered.ok() && signer_ != nullptr) {
    absl::StatusOr<std::string> signed_pdf = signer_->Sign(tenant_id, rendered->pdf);
    if (signed_pdf.ok()) {
      rendered->pdf = std::move(*signed_pdf);
    } else {
      // The identity's detail (file, OpenSSL's reason) is for the log, not for operators.
      spdlog::error("invoice {} cannot be signed: {}", invoice.number(),
                    signed_pdf.status().ToString());
      rendered = absl::FailedPreconditionError(
          "certificat de signature du tenant absent ou illisible : signature impossible "
          "(détail dans le journal de chorus-dispatch) ; nouvel essai automatique");
    }
  }
  if (!rendered.ok()) {
    spdlog::error("invoice {} cannot be rendered (retried later): {}", invoice.number(),
                  rendered.status().ToString());
    metrics::Metrics::Get().CountFailure("invoice_render");
    slot.failure = Failure{invoice.invoice_id(), invoice.number(),
                           OperatorReason(rendered.status())};
    return slot;
  }
  // The archive is the legal copy; the e-invoice file is a convenience for the operator. A
  // file that cannot be written is reported for this invoice and never blocks the others
  // (nor the other tenants sharing the partition).
  auto path = WriteEinvoiceFile(tenant_id, invoice.number(), rendered->xml);
  if (!path.ok()) {
    spdlog::error("invoice {}: e-invoice file not written: {}", invoice.number(),
                  path.status().ToString());
    metrics::Metrics::Get().CountFailure("einvoice_file");
    slot.file_failure =
        Failure{invoice.invoice_id(), invoice.number(), std::string(path.status().message())};
  }
  slot.rendered = Rendered{std::move(invoice), std::move(rendered->pdf), std::move(rendered->xml),
                           path.ok() ? std::move(*path) : std::string()};
  return slot;
}

SentInvoicesHandler::Outcome SentInvoicesHandler::Render(
    const std::string& tenant_id, std::vector<invoicing::v1::Invoice> invoices) const {
  // Rendered on the pool's workers, gathered in the invoices' order.
  std::vector<Slot> slots(invoices.size());
  const logging::Context context = logging::Current();
  render_pool_->ForEach(invoices.size(), [&](size_t i) {
    logging::ScopedContext log_context(context);
    slots[i] = RenderOne(tenant_id, std::move(invoices[i]));
  });
  Outcome outcome;
  for (Slot& slot : slots) {
    if (slot.rendered) outcome.rendered.push_back(std::move(*slot.rendered));
    if (slot.failure) outcome.failures.push_back(std::move(*slot.failure));
    if (slot.file_failure) outcome.file_failures.push_back(std::move(*slot.file_failure));
  }
  return outcome;
}

absl::StatusOr<DematerialisationModes> SentInvoicesHandler::Modes(
    const std::string& tenant_id, const events::v1::InvoicesSent* sent) {
  DematerialisationModes modes;
  if (sent != nullptr) {
    modes.portal = sent->dematerialise();
    modes.chorus = sent->dematerialise_chorus();
    if (!modes.portal) return modes;  // only the portal mail needs the tenant
  }
  invoicing::v1::GetTenantRequest request;
  auto context = grpcutil::OutgoingContext(runtime_.ServiceToken(tenant_id), absl::Seconds(30));
  FACTFLOW_RETURN_IF_ERROR(
      status::FromGrpc(tenants_->GetTenant(context.get(), request, &modes.tenant)));
  if (sent == nullptr) {
    modes.portal = modes.tenant.dematerialisation_enabled();
    modes.chorus = modes.tenant.chorus_dematerialisation_enabled();
  }
  return modes;
}

void SentInvoicesHandler::Record(pqxx::work& tx, const std::string& tenant_id,
                                 const Outcome& outcome, const std::string& cause_event_id,
                                 const DematerialisationModes& modes) {
  const absl::Time now = absl::Now();
  events::v1::InvoicesArchived archived;
  // Batched storage: the chunk's objects in one INSERT, its exchanges in another.
  std::vector<storage::NewObject> objects;
  objects.reserve(outcome.rendered.size() * 2);
  for (const Rendered& r : outcome.rendered) {
    const std::string& number = r.invoice.number();
    std::string retain = RetainUntil(r.invoice.issue_date());
    objects.push_back({r.invoice.invoice_id(), number, "invoice-pdf", "application/pdf",
                       number + ".pdf", r.pdf, retain});
    objects.push_back({r.invoice.invoice_id(), number, "einvoice-cii", "application/xml",
                       number + ".xml", r.xml, retain});
  }
  std::vector<v1::ArchivedObject> stored = storage::StoreAllOnce(tx, tenant_id, objects);
  objects.clear();
  std::vector<storage::NewExchange> exchanges;
  std::vector<std::string> resolved;
  for (size_t i = 0; i < outcome.rendered.size(); ++i) {
    const Rendered& r = outcome.rendered[i];
    const v1::ArchivedObject& pdf = stored[2 * i];
    const v1::ArchivedObject& xml = stored[2 * i + 1];
    exchanges.push_back({r.invoice.invoice_id(), "ARCHIVE", "OK",
                         absl::StrCat("PDF Factur-X ", pdf.sha256(), ", CII ", xml.sha256())});
    exchanges.push_back({r.invoice.invoice_id(), "SIGN", signer_ != nullptr ? "OK" : "SKIPPED",
                         signer_ != nullptr ? "PDF signé (adbe.pkcs7.detached)"
                                            : "signature désactivée (FACTFLOW_SIGNING_DIR vide)"});
    resolved.push_back(r.invoice.invoice_id());
    events::v1::ArchivedInvoice* out = archived.add_invoices();
    out->set_invoice_id(r.invoice.invoice_id());
    out->set_invoice_number(r.invoice.number());
    out->set_pdf_object_id(pdf.object_id());
    out->set_pdf_sha256(pdf.sha256());
    out->set_pdf_size(pdf.size());
    out->set_xml_object_id(xml.object_id());
    out->set_xml_sha256(xml.sha256());
    out->set_einvoice_path(r.einvoice_path);
    if (modes.any()) out->set_dematerialised(Dematerialise(tx, tenant_id, r.invoice, modes, now));
  }
  storage::ResolveRenderFailures(tx, tenant_id, resolved);
  for (const Failure& f : outcome.failures) {
    exchanges.push_back({f.invoice_id, "ARCHIVE", "ERROR", f.reason});
    storage::RecordRenderFailure(tx, tenant_id, f.invoice_id, f.number, f.reason);
  }
  for (const Failure& f : outcome.file_failures) {
    exchanges.push_back({f.invoice_id, "EINVOICE_FILE", "ERROR", f.reason});
  }
  storage::RecordExchanges(tx, tenant_id, exchanges);
  if (archived.invoices_size() > 0) {
    outbox::Append(tx, kTopic,
                   outbox::MakeEnvelope(
                       archived, {tenant_id, "invoice-selection", archived.invoices(0).invoice_id(),
                                  "chorus-dispatch", cause_event_id}));
  }
}

absl::Status SentInvoicesHandler::Handle(const events::v1::EventEnvelope& envelope) {
  events::v1::InvoicesSent sent;
  if (!envelope.payload().UnpackTo(&sent)) return absl::OkStatus();  // not for us
  const std::string& tenant_id = envelope.tenant_id();
  if (!sent.archive()) return RecordNotArchived(envelope, sent);
  std::vector<std::string> ids(sent.invoice_ids().begin(), sent.invoice_ids().end());
  FACTFLOW_ASSIGN_OR_RETURN(auto invoices, Fetch(tenant_id, ids));
  FACTFLOW_ASSIGN_OR_RETURN(DematerialisationModes modes, Modes(tenant_id, &sent));
  Outcome outcome = Render(tenant_id, std::move(invoices));
  absl::Status status =
      outbox::ApplyOnce(runtime_.pool(), kConsumer, envelope, [&](pqxx::work& tx) {
        Record(tx, tenant_id, outcome, envelope.event_id(), modes);
        return absl::OkStatus();
      });
  if (status.ok()) {
    runtime_.relay().Wake();
    spdlog::info("archived {} invoices (chunk {}/{}), {} failed", outcome.rendered.size(),
                 sent.chunk_index() + 1, sent.chunk_count(), outcome.failures.size());
  }
  return status;
}

absl::StatusOr<int> SentInvoicesHandler::RetryFailed() {
  std::vector<storage::RenderFailure> pending;
  FACTFLOW_RETURN_IF_ERROR(runtime_.pool().InTransaction([&](pqxx::work& tx) {
    pending = storage::PendingRenderFailures(tx, kRetryBatch);
    return absl::OkStatus();
  }));
  std::map<std::string, std::vector<std::string>> by_tenant;
  for (const auto& failure : pending) by_tenant[failure.tenant_id].push_back(failure.invoice_id);
  int archived = 0;
  for (const auto& [tenant_id, ids] : by_tenant) {
    logging::ScopedContext log_context({tenant_id, logging::NewUuid(), ""});
    FACTFLOW_ASSIGN_OR_RETURN(int done, RetryInvoices(tenant_id, ids));
    archived += done;
  }
  return archived;
}

absl::StatusOr<int> SentInvoicesHandler::RetryInvoices(const std::string& tenant_id,
                                                       const std::vector<std::string>& ids) {
  if (ids.empty()) return 0;
  std::lock_guard lock(retry_mutex_);
  // Resolved meanwhile (by the other retry path) is not retried again.
  std::vector<std::string> pending;
  FACTFLOW_RETURN_IF_ERROR(runtime_.pool().InTransaction([&](pqxx::work& tx) {
    pending = storage::PendingRenderFailuresOf(tx, tenant_id, ids, static_cast<int>(ids.size()));
    return absl::OkStatus();
  }));
  if (pending.empty()) return 0;
  FACTFLOW_ASSIGN_OR_RETURN(auto invoices, Fetch(tenant_id, pending));
  FACTFLOW_ASSIGN_OR_RETURN(DematerialisationModes modes, Modes(tenant_id, nullptr));
  Outcome outcome = Render(tenant_id, std::move(invoices));
  FACTFLOW_RETURN_IF_ERROR(runtime_.pool().InTransaction([&](pqxx::work& tx) {
    Record(tx, tenant_id, outcome, "", modes);
    return absl::OkStatus();
  }));
  int archived = static_cast<int>(outcome.rendered.size());
  if (archived > 0) {
    runtime_.relay().Wake();
    spdlog::info("render retry: {} of {} invoices archived", archived, pending.size());
  }
  return archived;
}

void SentInvoicesHandler::StartRetrying(absl::Duration interval) {
  retry_thread_ = std::jthread([this, interval](std::stop_token stop) {
    while (!stop.stop_requested()) {
      absl::StatusOr<int> retried = RetryFailed();
      if (!retried.ok()) spdlog::warn("render retry: {}", retried.status().ToString());
      (void)runtime_.pool().InTransaction([](pqxx::work& tx) {
        metrics::Metrics::Get().SetPending("invoice_render",
                                           storage::CountPendingRenderFailures(tx));
        return absl::OkStatus();
      });
      std::mutex mutex;
      std::unique_lock lock(mutex);
      std::condition_variable_any().wait_for(lock, stop, absl::ToChronoMilliseconds(interval),
                                             [] { return false; });
    }
  });
}

}  // namespace factflow::dispatch
