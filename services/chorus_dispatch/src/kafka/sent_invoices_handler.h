#pragma once

// Consumes factflow.invoicing.v1 InvoicesSent. When the tenant archives invoices, it fetches the
// sent invoices (by reference) from
// invoicing-state, renders each one's PDF and CII D16B e-invoice, writes the e-invoice file, and
// in ONE transaction with the inbox claim stores both in the write-once archive, logs the
// exchange and publishes InvoicesArchived. Replays are harmless: rendering is deterministic and
// the archive keeps the first copy. When archiving is off, it only logs the exchange as SKIPPED.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "factflow/events/v1/envelope.pb.h"
#include "factflow/events/v1/events.pb.h"
#include "factflow/invoicing/v1/invoicing.grpc.pb.h"
#include "runtime/runtime.h"

namespace factflow::dispatch {

class SentInvoicesHandler {
 public:
  static constexpr char kConsumer[] = "chorus-dispatch.sent-invoices";

  // einvoice_dir: where e-invoice files are written (<dir>/<tenant>/<number>.xml); none if empty.
  SentInvoicesHandler(runtime::Runtime& runtime, std::shared_ptr<grpc::Channel> invoicing,
                      std::filesystem::path einvoice_dir);

  absl::Status Handle(const events::v1::EventEnvelope& envelope);

 private:
  struct Rendered;
  absl::Status RecordNotArchived(const events::v1::EventEnvelope& envelope,
                                 const events::v1::InvoicesSent& sent);
  absl::StatusOr<std::vector<invoicing::v1::Invoice>> Fetch(const std::string& tenant_id,
                                                            const events::v1::InvoicesSent& sent);
  absl::StatusOr<std::string> WriteEinvoiceFile(const std::string& tenant_id,
                                                const std::string& number,
                                                const std::string& xml) const;

  runtime::Runtime& runtime_;
  std::unique_ptr<invoicing::v1::InvoiceService::Stub> invoicing_;
  std::filesystem::path einvoice_dir_;
};

}  // namespace factflow::dispatch
