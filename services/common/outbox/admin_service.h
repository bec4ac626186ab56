#pragma once

// factflow.admin.v1.OutboxAdmin: the outbox repair RPCs (admin.h) that every service serves for
// its own outbox, registered by runtime::Runtime. Role admin only; scoped to the token's tenant.
// The listing also carries the relay's state: why it cannot publish (the reason the service is
// NOT_SERVING) and the row it is stuck on. Errors: admin.h's, PermissionDenied without the role.
//
// A park or republish wakes the relay so that the events behind the row flow at once, and
// refreshes the factflow_pending{what="outbox_parked"} gauge.

#include "auth/token.h"
#include "db/pool.h"
#include "factflow/admin/v1/outbox_admin.grpc.pb.h"
#include "outbox/outbox.h"

namespace factflow::outbox {

class OutboxAdminService final : public admin::v1::OutboxAdmin::Service {
 public:
  // All three must outlive the service.
  OutboxAdminService(db::Pool& pool, Relay& relay, const auth::TokenSigner& signer);

  grpc::Status ListOutboxEvents(grpc::ServerContext* context,
                                const admin::v1::ListOutboxEventsRequest* request,
                                admin::v1::ListOutboxEventsResponse* response) override;
  grpc::Status RepublishOutboxEvents(grpc::ServerContext* context,
                                     const admin::v1::RepublishOutboxEventsRequest* request,
                                     admin::v1::RepublishOutboxEventsResponse* response) override;
  grpc::Status ParkOutboxEvent(grpc::ServerContext* context,
                               const admin::v1::ParkOutboxEventRequest* request,
                               admin::v1::OutboxEvent* response) override;

 private:
  // After a change: wake the relay, refresh the parked gauge.
  void AfterChange();

  db::Pool& pool_;
  Relay& relay_;
  const auth::TokenSigner& signer_;
};

}  // namespace factflow::outbox
