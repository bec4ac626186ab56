// InvoiceService.DownloadPrint: the PDFs of a PRINT, PREVIEW or PRINT_BILLS_OF_EXCHANGE
// operation streamed as one ZIP (bills: the CFONB LCR remittance file "remise-LCR.txt" first)
// (domain/stored_zip.h), read back from print_files one keyset page at a time, so the memory
// held is one page of PDFs and the ZIP's central directory, whatever the size of the print.
//
// Why printing lives in invoicing-state (and not behind a chorus-dispatch RPC): the print date
// and operator are invoicing-state's legal record, written in the same transaction as the
// rendered PDF and the audit row; chorus-dispatch's renderer is a pure library
// (dispatch_domain), so linking it costs no network hop, no second copy of the invoices, and no
// cross-service call inside a transaction.

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/numbers.h"
#include "absl/time/time.h"
#include "db/pool.h"
#include "domain/cfonb_lcr.h"
#include "money/decimal.h"
#include "domain/send_state.h"
#include "domain/stored_zip.h"
#include "files/confined_path.h"
#include "grpc/call.h"
#include "grpc/invoice_service.h"
#include "grpc/roles.h"
#include "operations/print_chunk.h"
#include "storage/operation_repository.h"
#include "storage/print_repository.h"
#include "storage/tenant_repository.h"
#include "validation/fields.h"

namespace factflow::invoicing {
namespace {

// PDFs read per page (a PDF is tens of KiB: a page is a few MiB at most).
constexpr int kFilesPerPage = 50;
// Largest piece of the archive per message (under gRPC's default 4 MiB message limit).
constexpr size_t kMaxPiece = 1 << 20;
// The CFONB LCR remittance file in the ZIP of a bills operation.
constexpr char kRemittanceName[] = "remise-LCR.txt";

bool WriteInPieces(grpc::ServerWriter<v1::DownloadPrintChunk>* writer,
                   v1::DownloadPrintChunk& first, const std::string& bytes, bool& first_sent) {
  for (size_t at = 0; at < bytes.size() || !first_sent; at += kMaxPiece) {
    v1::DownloadPrintChunk piece = first_sent ? v1::DownloadPrintChunk() : first;
    piece.set_data(bytes.substr(std::min(at, bytes.size()), kMaxPiece));
    if (!writer->Write(piece)) return false;
    first_sent = true;
  }
  return true;
}

// The CFONB LCR remittance file of a bills operation: header (the tenant as remitter), the
// stored detail records numbered 2.. in selection order, total. Empty when no bill is an LCR.
// Read in keyset pages of records only; the file is 162 bytes a bill (at most 65 535 bills).
absl::StatusOr<std::string> Remittance(db::Pool& pool, const std::string& tenant_id,
                                       const v1::Operation& op) {
  std::string body;
  money::Decimal total;
  int64_t sequence = 1;
  int32_t after = -1;
  while (true) {
    std::vector<std::pair<int32_t, std::string>> page;
    FACTFLOW_RETURN_IF_ERROR(pool.InTransaction([&](pqxx::work& tx) {
      page = storage::CfonbRecordsAfter(tx, tenant_id, op.operation_id(), after, 1000);
      return absl::OkStatus();
    }));
    for (auto& [position, record] : page) {
      // Positions 5-12: the record's sequence number; 103-114: its amount in cents.
      std::string number = absl::StrCat(++sequence);
      record.replace(4, 8, std::string(8 - number.size(), '0') + number);
      int64_t cents = 0;
      if (!absl::SimpleAtoi(record.substr(102, 12), &cents)) {
        return absl::InternalError("enregistrement CFONB stocké illisible");
      }
      total += money::Decimal::FromCents(cents);
      absl::StrAppend(&body, record, domain::kCfonbRecordEnd);
      after = position;
    }
    if (page.size() < 1000) break;
  }
  if (body.empty()) return body;
  v1::Tenant tenant;
  FACTFLOW_RETURN_IF_ERROR(pool.InTransaction([&](pqxx::work& tx) -> absl::Status {
    FACTFLOW_ASSIGN_OR_RETURN(tenant, storage::LoadTenant(tx, tenant_id));
    return absl::OkStatus();
  }));
  FACTFLOW_ASSIGN_OR_RETURN(
      std::string header,
      domain::LcrHeaderRecord({tenant.company().name(), "", tenant.company().iban(),
                               absl::StrCat("R", op.operation_id().substr(0, 8)),
                               absl::FormatTime("%Y-%m-%d",
                                                absl::FromUnixSeconds(op.created_at().seconds()),
                                                absl::UTCTimeZone())}));
  FACTFLOW_ASSIGN_OR_RETURN(std::string footer, domain::LcrTotalRecord(total, sequence + 1));
  return absl::StrCat(header, domain::kCfonbRecordEnd, body, footer, domain::kCfonbRecordEnd);
}

absl::Status CheckPrintable(const v1::Operation& op) {
  if (op.kind() != storage::kKindAction || (op.action() != v1::INVOICE_ACTION_PRINT &&
                                            op.action() != v1::INVOICE_ACTION_PREVIEW &&
                                            op.action() != v1::INVOICE_ACTION_PRINT_BILLS_OF_EXCHANGE)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "l'opération ", op.operation_id(),
        " n'est pas une impression ni un aperçu : elle n'a pas produit de PDF"));
  }
  if (op.state() == v1::OPERATION_STATE_RUNNING) {
    return absl::FailedPreconditionError(
        absl::StrCat("impression en cours (", op.done() + op.refused(), " sur ", op.total(),
                     ") : téléchargez-la quand elle est terminée (factflowctl operations show ",
                     op.operation_id(), ")"));
  }
  if (op.state() == v1::OPERATION_STATE_FAILED) {
    return absl::FailedPreconditionError(
        absl::StrCat("l'impression a échoué : ", op.error()));
  }
  return absl::OkStatus();
}

}  // namespace

grpc::Status InvoiceServiceImpl::DownloadPrint(
    grpc::ServerContext* context, const v1::DownloadPrintRequest* request,
    grpc::ServerWriter<v1::DownloadPrintChunk>* writer) {
  return grpcutil::HandleRpc(
      context, runtime_.signer(), "DownloadPrint", kReaders,
      [&](const auth::Principal& principal) -> absl::Status {
        const std::string& operation_id = request->operation_id();
        FACTFLOW_RETURN_IF_ERROR(validation::CheckUuid("operation_id", operation_id));
        v1::Operation op;
        FACTFLOW_RETURN_IF_ERROR(runtime_.pool().InTransaction([&](pqxx::work& tx) {
          absl::StatusOr<v1::Operation> loaded =
              storage::LoadOperation(tx, principal.tenant_id, operation_id);
          if (!loaded.ok()) return loaded.status();
          op = *std::move(loaded);
          return absl::OkStatus();
        }));
        FACTFLOW_RETURN_IF_ERROR(CheckPrintable(op));

        const bool bills = op.action() == v1::INVOICE_ACTION_PRINT_BILLS_OF_EXCHANGE;
        v1::DownloadPrintChunk first;
        first.set_file_name(absl::StrCat(op.action() == v1::INVOICE_ACTION_PREVIEW ? "apercu-"
                                         : bills                                    ? "traites-"
                                                                                    : "impression-",
                                         operation_id, ".zip"));
        first.set_file_count(op.done());
        bool first_sent = false;
        domain::StoredZipWriter zip;
        // The remittance file first: a refusal (the tenant's IBAN) comes before any byte.
        if (bills) {
          FACTFLOW_ASSIGN_OR_RETURN(std::string remittance,
                                    Remittance(runtime_.pool(), principal.tenant_id, op));
          if (!remittance.empty()) {
            FACTFLOW_ASSIGN_OR_RETURN(std::string entry, zip.Add(kRemittanceName, remittance));
            if (!WriteInPieces(writer, first, entry, first_sent)) return absl::OkStatus();
          }
        }
        int32_t after = -1;
        while (true) {
          if (context->IsCancelled()) return absl::CancelledError("téléchargement interrompu");
          std::vector<storage::PrintFile> page;
          FACTFLOW_RETURN_IF_ERROR(runtime_.pool().InTransaction([&](pqxx::work& tx) {
            page = storage::PrintFilesAfter(tx, principal.tenant_id, operation_id, after,
                                            kFilesPerPage);
            return absl::OkStatus();
          }));
          for (const storage::PrintFile& file : page) {
            FACTFLOW_ASSIGN_OR_RETURN(
                std::string entry,
                zip.Add(absl::StrCat(files::SafeFileName(file.number), ".pdf"), file.pdf));
            if (!WriteInPieces(writer, first, entry, first_sent)) return absl::OkStatus();
            after = file.position;
          }
          if (static_cast<int>(page.size()) < kFilesPerPage) break;
        }
        if (after < 0 && op.done() > 0) {
          return absl::NotFoundError(
              "les PDF de cette impression ne sont plus conservés (supprimés après deux jours) : "
              "relancez l'impression (une réimpression porte la mention DUPLICATA)");
        }
        WriteInPieces(writer, first, zip.Finish(), first_sent);
        return absl::OkStatus();
      });
}

}  // namespace factflow::invoicing
