// ConnectorService.GetReceivedDocuments: the received orders and delivery notes, read by
// invoicing-state after a DocumentsReceived event (storage/received_documents.h).

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "domain/codes.h"
#include "domain/paging.h"
#include "grpc/access.h"
#include "grpc/connector_service.h"
#include "status/grpc_status.h"
#include "storage/received_documents.h"

namespace factflow::catalog_mapping::grpcapi {

grpc::Status ConnectorService::GetReceivedDocuments(
    grpc::ServerContext* context, const catalog::v1::GetReceivedDocumentsRequest* request,
    catalog::v1::GetReceivedDocumentsResponse* response) {
  return HandleRead(
      context, signer_, "ConnectorService.GetReceivedDocuments",
      [&](const auth::Principal& principal) -> absl::Status {
        FACTFLOW_ASSIGN_OR_RETURN(
            std::string connector,
            domain::NormalizeCode("connector_code", request->connector_code()));
        if (static_cast<size_t>(request->document_ids_size()) > storage::kMaxAskedDocuments) {
          return absl::InvalidArgumentError(absl::StrCat(
              "document_ids : ", request->document_ids_size(), " identifiants demandés, au plus ",
              storage::kMaxAskedDocuments, " par appel (ceux d'un événement DocumentsReceived)"));
        }
        std::vector<std::string> ids;
        for (int i = 0; i < request->document_ids_size(); ++i) {
          FACTFLOW_ASSIGN_OR_RETURN(
              std::string id, domain::NormalizeCode(absl::StrCat("document_ids[", i, "]"),
                                                    request->document_ids(i)));
          ids.push_back(std::move(id));
        }
        FACTFLOW_ASSIGN_OR_RETURN(
            domain::PageQuery page,
            domain::MakePageQuery(request->page().page_size(), request->page().page_token()));
        if (request->page().page_size() == 0) page.size = storage::kDefaultDocumentsPage;
        page.size = std::min(page.size, storage::kMaxDocumentsPage);
        FACTFLOW_ASSIGN_OR_RETURN(storage::StoredConnector stored,
                                  repository_.Get(principal.tenant_id, connector));
        FACTFLOW_ASSIGN_OR_RETURN(
            storage::ReceivedDocumentsPage read,
            storage::ReadReceivedDocuments(repository_.pool(), principal.tenant_id, connector,
                                           ids, request->include_quarantined(), page));
        for (const storage::ReceivedDocument& d : read.documents) {
          catalog::v1::ReceivedDocument* out = response->add_documents();
          out->set_connector_code(connector);
          out->set_document_id(d.document_id);
          out->set_kind(d.kind);
          out->mutable_document_date()->set_iso(d.date);
          out->set_customer_code(d.customer_code);
          out->set_payment_mode(d.payment_mode);
          out->mutable_total_incl_vat()->set_value(d.total_incl_vat);
          out->set_status(d.status);
          out->set_file_name(d.file_name);
          out->mutable_received_at()->set_seconds(d.received_at);
          out->set_company(stored.connector.reception_company);
          out->set_site(stored.connector.reception_site);
          out->set_depot(stored.connector.reception_depot);
          for (const storage::ReceivedLine& l : d.lines) {
            catalog::v1::ReceivedDocumentLine* line = out->add_lines();
            line->set_external_code(l.external_code);
            line->set_article_code(l.article_code);
            line->set_label(l.label);
            line->set_unit_code(l.unit_code);
            line->mutable_quantity()->set_value(l.quantity);
            line->mutable_unit_price_incl_vat()->set_value(l.unit_price_incl_vat);
            line->mutable_vat_rate()->set_value(l.vat_rate);
          }
        }
        response->set_next_page_token(read.next_page_token);
        for (std::string& id : read.not_found) response->add_not_found(std::move(id));
        return absl::OkStatus();
      });
}

}  // namespace factflow::catalog_mapping::grpcapi
