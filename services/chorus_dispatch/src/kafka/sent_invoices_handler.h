#pragma once

// Consumes factflow.invoicing.v1 InvoicesSent. When the tenant archives invoices, it fetches the
// sent invoices (by reference) from invoicing-state, renders each one (over the render pool's
// workers, kafka/render_pool.h) as a Factur-X PDF/A-3
// (rendering/facturx.h) embedding its CII D16B e-invoice, signs the PDF (rendering/pdf_signature.h), writes the e-invoice file (confined under the e-invoice folder, names escaped), and
// in ONE transaction with the inbox claim stores both in the write-once archive, logs the
// exchange, applies the tenant's dematerialisation modes (kafka/dematerialisation.h) and
// publishes InvoicesArchived. Replays are harmless: rendering is deterministic and
// the archive keeps the first copy. When archiving is off, it only logs the exchange as SKIPPED.
//
// A failure is per invoice and never blocks the others (nor the other tenants of the partition):
// an invoice that cannot be rendered is logged, counted (factflow_failures_total{what=
// "invoice_render"}), recorded in render_failures and retried by StartRetrying's thread until it
// is archived (factflow_pending{what="invoice_render"} says how many wait); an e-invoice file
// that cannot be written is recorded as an EINVOICE_FILE exchange in error, the invoice being
// archived all the same.
//
// Thread safety: Handle runs on the consumer's thread, the retries on their own; both only share
// the database pool and the gRPC stub, which are thread-safe.

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "factflow/events/v1/envelope.pb.h"
#include "factflow/events/v1/events.pb.h"
#include "factflow/invoicing/v1/invoicing.grpc.pb.h"
#include "kafka/dematerialisation.h"
#include "kafka/render_pool.h"
#include "rendering/pdf_signature.h"
#include "runtime/runtime.h"

namespace factflow::dispatch {

class SentInvoicesHandler {
 public:
  static constexpr char kConsumer[] = "chorus-dispatch.sent-invoices";

  // einvoice_dir: where e-invoice files are written (<dir>/<tenant>/<number>.xml); none if empty.
  // render_workers: the size of the render pool (kafka/render_pool.h; 0: hardware concurrency).
  // signer: signs each archived Factur-X PDF with the tenant's certificate (a tenant without one
  // is a render failure, retried); null when signing is off (each archive exchange says so).
  SentInvoicesHandler(runtime::Runtime& runtime, std::shared_ptr<grpc::Channel> invoicing,
                      std::filesystem::path einvoice_dir,
                      std::shared_ptr<rendering::TenantSigner> signer = nullptr,
                      size_t render_workers = 0);

  // Invoices retried per pass of the retry thread.
  static constexpr int kRetryBatch = 25;

  absl::Status Handle(const events::v1::EventEnvelope& envelope);

  // Renders and archives again up to kRetryBatch invoices of render_failures, least recently
  // tried first; returns how many were archived. Errors: fetching or storing failed (the
  // failures stay pending).
  absl::StatusOr<int> RetryFailed();

  // Renders and archives again, now, the given pending failures of one tenant (an operator's
  // RetryRenderFailures); returns how many were archived. Never runs at the same time as
  // RetryFailed, so an invoice is never rendered twice at once. Errors: as RetryFailed.
  absl::StatusOr<int> RetryInvoices(const std::string& tenant_id,
                                    const std::vector<std::string>& invoice_ids);

  // Runs RetryFailed every `interval` on a thread of its own, and keeps the pending gauge up to
  // date, until the handler is destroyed.
  void StartRetrying(absl::Duration interval);

 private:
  struct Rendered;
  struct Failure;
  struct Outcome;
  struct Slot;
  // Renders, signs and writes the e-invoice file of one invoice (on a render worker).
  Slot RenderOne(const std::string& tenant_id, invoicing::v1::Invoice invoice) const;
  // Renders the invoices over the render pool; the outcome keeps their order.
  Outcome Render(const std::string& tenant_id, std::vector<invoicing::v1::Invoice> invoices) const;
  // Archives what was rendered, records the failures, publishes InvoicesArchived.
  void Record(pqxx::work& tx, const std::string& tenant_id, const Outcome& outcome,
              const std::string& cause_event_id, const DematerialisationModes& modes);
  // The modes of the event (portal: `dematerialise`, Chorus: `dematerialise_chorus`), or of the
  // tenant's settings when `sent` is null (retries); the tenant is fetched when a mode is on.
  absl::StatusOr<DematerialisationModes> Modes(const std::string& tenant_id,
                                               const events::v1::InvoicesSent* sent);
  absl::Status RecordNotArchived(const events::v1::EventEnvelope& envelope,
                                 const events::v1::InvoicesSent& sent);
  absl::StatusOr<std::vector<invoicing::v1::Invoice>> Fetch(
      const std::string& tenant_id, const std::vector<std::string>& invoice_ids);
  absl::StatusOr<std::string> WriteEinvoiceFile(const std::string& tenant_id,
                                                const std::string& number,
                                                const std::string& xml) const;

  runtime::Runtime& runtime_;
  std::unique_ptr<invoicing::v1::InvoiceService::Stub> invoicing_;
  std::unique_ptr<invoicing::v1::TenantService::Stub> tenants_;
  std::filesystem::path einvoice_dir_;
  std::shared_ptr<rendering::TenantSigner> signer_;
  std::mutex retry_mutex_;     // one retry at a time (the thread's or an operator's)
  std::unique_ptr<RenderPool> render_pool_;
  std::jthread retry_thread_;  // last: stopped and joined first
};

}  // namespace factflow::dispatch
