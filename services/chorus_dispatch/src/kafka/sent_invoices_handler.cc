#include "kafka/sent_invoices_handler.h"

#include "absl/strings/str_cat.h"
#include "domain/cii_writer.h"
#include "domain/pdf_renderer.h"
#include "factflow/events/v1/events.pb.h"
#include "files/confined_path.h"
#include "grpc/call.h"
#include "metrics/metrics.h"
#include "outbox/inbox.h"
#include "outbox/outbox.h"
#include "rendering/invoice_mapping.h"
#include "spdlog/spdlog.h"
#include "status/grpc_status.h"
#include "storage/archive_repository.h"

namespace factflow::dispatch {
namespace {

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

SentInvoicesHandler::SentInvoicesHandler(runtime::Runtime& runtime,
                                         std::shared_ptr<grpc::Channel> invoicing,
                                         std::filesystem::path einvoice_dir)
    : runtime_(runtime),
      invoicing_(invoicing::v1::InvoiceService::NewStub(invoicing)),
      einvoice_dir_(std::move(einvoice_dir)) {}

absl::StatusOr<std::vector<invoicing::v1::Invoice>> SentInvoicesHandler::Fetch(
    const std::string& tenant_id, const events::v1::InvoicesSent& sent) {
  invoicing::v1::BatchGetInvoicesRequest request;
  *request.mutable_invoice_ids() = sent.invoice_ids();
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

absl::Status SentInvoicesHandler::Handle(const events::v1::EventEnvelope& envelope) {
  events::v1::InvoicesSent sent;
  if (!envelope.payload().UnpackTo(&sent)) return absl::OkStatus();  // not for us
  const std::string& tenant_id = envelope.tenant_id();
  if (!sent.archive()) return RecordNotArchived(envelope, sent);
  FACTFLOW_ASSIGN_OR_RETURN(auto invoices, Fetch(tenant_id, sent));
  std::vector<Rendered> rendered;
  std::vector<std::pair<std::string, std::string>> failures;       // invoice id, reason
  std::vector<std::pair<std::string, std::string>> file_failures;  // invoice id, reason
  for (auto& invoice : invoices) {
    auto document = ToDocument(invoice);
    // Both renderers refuse an inconsistent document (CheckConsistency), naming the field.
    auto pdf = document.ok() ? domain::RenderInvoicePdf(*document) : document.status();
    auto xml = pdf.ok() ? domain::WriteCiiD16B(*document) : pdf.status();
    if (!xml.ok()) {
      spdlog::error("invoice {} cannot be rendered: {}", invoice.number(), xml.status().ToString());
      metrics::Metrics::Get().CountFailure("invoice_render");
      failures.emplace_back(invoice.invoice_id(), xml.status().ToString());
      continue;
    }
    // The archive is the legal copy; the e-invoice file is a convenience for the operator. A
    // file that cannot be written is reported for this invoice and never blocks the others
    // (nor the other tenants sharing the partition).
    auto path = WriteEinvoiceFile(tenant_id, invoice.number(), *xml);
    if (!path.ok()) {
      spdlog::error("invoice {}: e-invoice file not written: {}", invoice.number(),
                    path.status().ToString());
      metrics::Metrics::Get().CountFailure("einvoice_file");
      file_failures.emplace_back(invoice.invoice_id(), std::string(path.status().message()));
    }
    rendered.push_back({std::move(invoice), std::move(*pdf), std::move(*xml),
                        path.ok() ? std::move(*path) : std::string()});
  }
  absl::Status status =
      outbox::ApplyOnce(runtime_.pool(), kConsumer, envelope, [&](pqxx::work& tx) {
        events::v1::InvoicesArchived archived;
        for (const Rendered& r : rendered) {
          const std::string& number = r.invoice.number();
          std::string retain = RetainUntil(r.invoice.issue_date());
          v1::ArchivedObject pdf =
              storage::StoreOnce(tx, tenant_id,
                                 {r.invoice.invoice_id(), number, "invoice-pdf", "application/pdf",
                                  number + ".pdf", r.pdf, retain});
          v1::ArchivedObject xml =
              storage::StoreOnce(tx, tenant_id,
                                 {r.invoice.invoice_id(), number, "einvoice-cii", "application/xml",
                                  number + ".xml", r.xml, retain});
          storage::RecordExchange(tx, tenant_id, r.invoice.invoice_id(), "ARCHIVE", "OK",
                                  absl::StrCat("PDF ", pdf.sha256(), ", CII ", xml.sha256()));
          events::v1::ArchivedInvoice* out = archived.add_invoices();
          out->set_invoice_id(r.invoice.invoice_id());
          out->set_invoice_number(number);
          out->set_pdf_object_id(pdf.object_id());
          out->set_pdf_sha256(pdf.sha256());
          out->set_pdf_size(pdf.size());
          out->set_xml_object_id(xml.object_id());
          out->set_xml_sha256(xml.sha256());
          out->set_einvoice_path(r.einvoice_path);
        }
        for (const auto& [invoice_id, reason] : failures) {
          storage::RecordExchange(tx, tenant_id, invoice_id, "ARCHIVE", "ERROR", reason);
        }
        for (const auto& [invoice_id, reason] : file_failures) {
          storage::RecordExchange(tx, tenant_id, invoice_id, "EINVOICE_FILE", "ERROR", reason);
        }
        if (archived.invoices_size() > 0) {
          outbox::Append(tx, kTopic,
                         outbox::MakeEnvelope(archived, {tenant_id, "invoice-selection",
                                                         archived.invoices(0).invoice_id(),
                                                         "chorus-dispatch", envelope.event_id()}));
        }
        return absl::OkStatus();
      });
  if (status.ok()) {
    runtime_.relay().Wake();
    spdlog::info("archived {} invoices (chunk {}/{}), {} failed", rendered.size(),
                 sent.chunk_index() + 1, sent.chunk_count(), failures.size());
  }
  return status;
}

}  // namespace factflow::dispatch
