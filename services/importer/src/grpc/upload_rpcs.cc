// Uploads (issue 6): UploadFile (the file in one message) and UploadFileStream (client
// streaming, the file in chunks) both go through StageUpload, which parses the file in segments
// of whole orders and stores each segment by COPY as it is parsed, in one transaction, so that
// the importer's memory does not grow with the export. Part of ImporterServiceImpl
// (importer_service.h).
#include <atomic>
#include <chrono>
#include <memory>

#include "absl/strings/str_cat.h"
#include "domain/fnac_segments.h"
#include "grpc/call.h"
#include "grpc/importer_service.h"
#include "hash/sha256.h"
#include "logging/logging.h"
#include "storage/batch_repository.h"
#include "storage/batch_writer.h"
#include "validation/fields.h"

namespace factflow::importer {
namespace {

constexpr char kFnacFormat[] = "fnac-orders-xlsx";
const std::initializer_list<std::string_view> kUploaders = {auth::kRoleOperator, auth::kRoleAdmin};

// One slot of the concurrent-upload limit, released on scope exit; ok() false when none was free.
class UploadSlot {
 public:
  UploadSlot(std::atomic<int>& in_flight, int limit) : in_flight_(in_flight) {
    acquired_ = in_flight_.fetch_add(1) < limit;
    if (!acquired_) in_flight_.fetch_sub(1);
  }
  ~UploadSlot() {
    if (acquired_) in_flight_.fetch_sub(1);
  }
  UploadSlot(const UploadSlot&) = delete;
  UploadSlot& operator=(const UploadSlot&) = delete;
  bool ok() const { return acquired_; }

 private:
  std::atomic<int>& in_flight_;
  bool acquired_ = false;
};

// What can be refused before any byte of the file is read.
absl::Status CheckUploadRequest(const v1::UploadFileRequest& request) {
  // The format itself is checked by CheckFormatActivated and ParseUpload (FNAC or a tenant
  // profile "profil:<name>").
  FACTFLOW_RETURN_IF_ERROR(validation::CheckText("file_name", request.file_name(), 255));
  return CheckPreferences(request.preferences());
}

absl::Status TooLarge(const v1::UploadFileRequest& request, int64_t size, int64_t maximum) {
  return absl::InvalidArgumentError(absl::StrCat(request.file_name(),
                                                 " : fichier trop volumineux (", size,
                                                 " octets, maximum ", maximum, ")"));
}

}  // namespace

grpc::Status ImporterServiceImpl::UploadFile(grpc::ServerContext* context,
                                             const v1::UploadFileRequest* request,
                                             v1::UploadFileResponse* response) {
  return grpcutil::HandleRpc(
      context, runtime_.signer(), "UploadFile", kUploaders,
      [&](const auth::Principal& principal) -> absl::Status {
        FACTFLOW_RETURN_IF_ERROR(CheckUploadRequest(*request));
        return StageUpload(context, principal, *request, request->content(), response);
      });
}

grpc::Status ImporterServiceImpl::UploadFileStream(
    grpc::ServerContext* context, grpc::ServerReader<v1::UploadFileChunk>* reader,
    v1::UploadFileResponse* response) {
  return grpcutil::HandleRpc(
      context, runtime_.signer(), "UploadFileStream", kUploaders,
      [&](const auth::Principal& principal) -> absl::Status {
        v1::UploadFileChunk chunk;
        if (!reader->Read(&chunk) || !chunk.has_header()) {
          return absl::InvalidArgumentError(
              "envoi de fichier : le premier message doit décrire le fichier (format, nom, "
              "options), les suivants porter son contenu");
        }
        const v1::UploadFileRequest header = chunk.header();
        FACTFLOW_RETURN_IF_ERROR(CheckUploadRequest(header));
        if (!header.content().empty()) {
          return absl::InvalidArgumentError(absl::StrCat(
              header.file_name(), " : le contenu du fichier vient dans les messages suivants, "
                                  "pas dans l'en-tête de l'envoi"));
        }
        std::string content;
        while (reader->Read(&chunk)) {
          if (!chunk.has_data()) {
            return absl::InvalidArgumentError(absl::StrCat(
                header.file_name(), " : un seul en-tête par envoi, en premier message"));
          }
          const int64_t size = static_cast<int64_t>(content.size() + chunk.data().size());
          if (size > settings_.max_upload_bytes) {
            return TooLarge(header, size, settings_.max_upload_bytes);
          }
          content += chunk.data();
        }
        if (context->IsCancelled()) {
          return absl::CancelledError(absl::StrCat(header.file_name(), " : envoi annulé"));
        }
        return StageUpload(context, principal, header, content, response);
      });
}

absl::Status ImporterServiceImpl::StageUpload(grpc::ServerContext* context,
                                              const auth::Principal& principal,
                                              const v1::UploadFileRequest& request,
                                              std::string_view content,
                                              v1::UploadFileResponse* response) {
  if (static_cast<int64_t>(content.size()) > settings_.max_upload_bytes) {
    return TooLarge(request, static_cast<int64_t>(content.size()), settings_.max_upload_bytes);
  }
  UploadSlot slot(uploads_in_flight_, settings_.max_concurrent_uploads);
  if (!slot.ok()) {
    return absl::ResourceExhaustedError(absl::StrCat(
        request.file_name(), " : déjà ", settings_.max_concurrent_uploads,
        " fichiers en cours de lecture sur ce service ; réessayez dans quelques instants"));
  }
  FACTFLOW_RETURN_IF_ERROR(CheckFormatActivated(principal.tenant_id, request.format()));
  FACTFLOW_ASSIGN_OR_RETURN(v1::ImportPreferences preferences,
                            EffectivePreferences(principal.tenant_id, request));
  domain::XlsxLimits limits = settings_.upload_limits;
  limits.stop_requested = [context] {
    return context->IsCancelled() || std::chrono::system_clock::now() > context->deadline();
  };
  const storage::NewBatch header{principal.tenant_id,
                                 request.format(),
                                 request.file_name(),
                                 hash::Sha256Hex(content),
                                 0,
                                 {},
                                 preferences,
                                 principal.operator_id};
  return runtime_.pool().InTransaction([&](pqxx::work& tx) -> absl::Status {
    // Refused before any parse: a file already integrated costs one indexed lookup.
    if (auto duplicate = storage::FindDuplicate(tx, principal.tenant_id, header.file_sha256);
        duplicate && !request.allow_duplicate()) {
      return absl::AlreadyExistsError(absl::StrCat(
          request.file_name(), " : ce fichier a déjà été intégré (lot n° ", *duplicate,
          ") ; annulez ce lot ou forcez l'intégration avec factflowctl upload --allow-duplicate"));
    }
    if (request.save_preferences()) storage::SavePreferences(tx, principal.tenant_id, preferences);
    // Orders spread over the file make the parse start again: back to here, nothing stored.
    tx.exec("SAVEPOINT upload_segments");
    auto writer = std::make_unique<storage::BatchWriter>(tx, header);
    auto store = [&](domain::ParsedExport&& segment, int64_t first_position) -> absl::Status {
      FACTFLOW_ASSIGN_OR_RETURN(ArticleMapping mapping,
                                ResolveArticles(principal.tenant_id, ExternalCodes(segment)));
      writer->Add(BuildGrid(segment, mapping, preferences, first_position));
      return absl::OkStatus();
    };
    auto restart = [&]() -> absl::Status {
      writer.reset();
      tx.exec("ROLLBACK TO SAVEPOINT upload_segments");
      writer = std::make_unique<storage::BatchWriter>(tx, header);
      return absl::OkStatus();
    };
    if (request.format() != kFnacFormat) {
      // A tenant profile (CSV or xlsx): parsed whole, within the same budgets, then stored by
      // the same COPY writer.
      FACTFLOW_ASSIGN_OR_RETURN(domain::ParsedExport whole,
                                ParseUpload(principal.tenant_id, request, content, limits));
      std::vector<v1::Issue> issues;
      for (const auto& issue : whole.file_issues) issues.push_back(ToProto(issue));
      const int rows_read = static_cast<int>(whole.rows_read);
      FACTFLOW_RETURN_IF_ERROR(store(std::move(whole), 1));
      *response->mutable_batch() = writer->Finish(rows_read, issues);
      return absl::OkStatus();
    }
    FACTFLOW_ASSIGN_OR_RETURN(
        domain::SegmentedExport parsed,
        domain::ParseFnacExportInSegments(request.file_name(), content, limits,
                                          domain::kUploadOrdersPerSegment, store, restart));
    if (parsed.reread) {
      spdlog::info("upload {}: orders not contiguous, the sheet was read twice",
                   request.file_name());
    }
    std::vector<v1::Issue> file_issues;
    file_issues.reserve(parsed.file_issues.size());
    for (const auto& issue : parsed.file_issues) file_issues.push_back(ToProto(issue));
    *response->mutable_batch() = writer->Finish(static_cast<int>(parsed.rows_read), file_issues);
    return absl::OkStatus();
  });
}

}  // namespace factflow::importer
