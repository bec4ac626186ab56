#include "outbox/admin_service.h"

#include "grpc/call.h"
#include "grpc/paging.h"
#include "metrics/metrics.h"
#include "outbox/admin.h"
#include "status/grpc_status.h"

namespace factflow::outbox {
namespace {

const std::initializer_list<std::string_view> kAdmins = {auth::kRoleAdmin};

}  // namespace

OutboxAdminService::OutboxAdminService(db::Pool& pool, Relay& relay,
                                       const auth::TokenSigner& signer)
    : pool_(pool), relay_(relay), signer_(signer) {}

void OutboxAdminService::AfterChange() {
  relay_.Wake();
  if (auto parked = CountParkedEvents(pool_); parked.ok()) {
    metrics::Metrics::Get().SetPending("outbox_parked", *parked);
  }
}

grpc::Status OutboxAdminService::ListOutboxEvents(grpc::ServerContext* context,
                                                  const admin::v1::ListOutboxEventsRequest* request,
                                                  admin::v1::ListOutboxEventsResponse* response) {
  return grpcutil::HandleRpc(
      context, signer_, "ListOutboxEvents", kAdmins,
      [&](const auth::Principal& principal) -> absl::Status {
        FACTFLOW_ASSIGN_OR_RETURN(grpcutil::KeysetPage page,
                                  grpcutil::ParseKeysetPage(request->page()));
        const int64_t stuck = relay_.stuck_row();
        FACTFLOW_ASSIGN_OR_RETURN(
            OutboxListing listing,
            outbox::ListOutboxEvents(pool_, principal.tenant_id, request->filter(), page.after,
                                     page.size, stuck));
        response->Clear();
        for (auto& event : listing.events) *response->add_events() = std::move(event);
        if (listing.more) {
          response->set_next_page_token(
              page.NextToken(page.size, response->events().rbegin()->id()));
        }
        response->set_unpublished_count(listing.unpublished_count);
        response->set_parked_count(listing.parked_count);
        // The relay is the service's, whichever tenant's row blocks it: say that it is stuck,
        // but name the row and the cause only to the tenant it belongs to.
        if (listing.owns_stuck_row) {
          response->set_relay_stuck_id(stuck);
          response->set_relay_error(relay_.stuck_reason());
        } else if (stuck != 0) {
          response->set_relay_error(
              "la publication des événements de ce service est bloquée par un événement d'un "
              "autre dossier ; l'exploitation en est avertie");
        }
        return absl::OkStatus();
      });
}

grpc::Status OutboxAdminService::RepublishOutboxEvents(
    grpc::ServerContext* context, const admin::v1::RepublishOutboxEventsRequest* request,
    admin::v1::RepublishOutboxEventsResponse* response) {
  return grpcutil::HandleRpc(
      context, signer_, "RepublishOutboxEvents", kAdmins,
      [&](const auth::Principal& principal) -> absl::Status {
        FACTFLOW_ASSIGN_OR_RETURN(
            int64_t marked, outbox::RepublishOutboxEvents(pool_, principal.tenant_id,
                                                          request->from_id(), request->to_id()));
        response->set_marked(marked);
        AfterChange();
        return absl::OkStatus();
      });
}

grpc::Status OutboxAdminService::ParkOutboxEvent(grpc::ServerContext* context,
                                                 const admin::v1::ParkOutboxEventRequest* request,
                                                 admin::v1::OutboxEvent* response) {
  return grpcutil::HandleRpc(
      context, signer_, "ParkOutboxEvent", kAdmins,
      [&](const auth::Principal& principal) -> absl::Status {
        FACTFLOW_ASSIGN_OR_RETURN(
            *response, outbox::ParkOutboxEvent(pool_, principal.tenant_id, request->id(),
                                               principal.operator_id, request->reason()));
        AfterChange();
        return absl::OkStatus();
      });
}

}  // namespace factflow::outbox
