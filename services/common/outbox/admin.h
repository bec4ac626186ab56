#pragma once

// Repairing an outbox by hand: what an administrator sees and does when the relay cannot
// publish an event (outbox.h, Relay). Storage functions over db::Pool, used by the OutboxAdmin
// gRPC service every service serves (admin_service.h) and by the tests.
//
// Every function is scoped to one tenant: it only sees and changes the rows whose partition key
// (the record key, which is the tenant id) is `tenant_id`.
//
// - List: the unpublished events (pending, stuck: the relay recorded a failure, parked), in id
//   order, by keyset pages, with the relay's last error for each.
// - Park: sets one unpublished event aside (who, when, why). The relay skips parked rows, so the
//   events behind it flow again. A parked event is never deleted (outbox_keep_unpublished).
// - Republish: clears the published and parked marks of one event or an id range, so the relay
//   sends them again in id order (consumers deduplicate with their inbox). An event over the
//   size limit is refused: it can never be published, it stays parked.
//
// Errors (French messages, for the operator): InvalidArgument for a bad id, range or missing
// reason; NotFound when the tenant has no such event; FailedPrecondition when parking a
// published event or republishing one over the size limit; database errors as db::Pool maps
// them.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "db/pool.h"
#include "factflow/admin/v1/outbox_admin.pb.h"

namespace factflow::outbox {

struct OutboxListing {
  std::vector<admin::v1::OutboxEvent> events;  // at most page_size, ids ascending
  bool more = false;                           // another page follows
  int64_t unpublished_count = 0;               // the tenant's, whole outbox
  int64_t parked_count = 0;
  bool owns_stuck_row = false;                 // the relay's stuck row (if given) is the tenant's
};

// stuck_row: the relay's (Relay::stuck_row(), 0 if none), to tell whether it is the tenant's.
absl::StatusOr<OutboxListing> ListOutboxEvents(db::Pool& pool, const std::string& tenant_id,
                                               admin::v1::OutboxEventFilter filter,
                                               std::optional<int64_t> after_id, int page_size,
                                               int64_t stuck_row = 0);

absl::StatusOr<admin::v1::OutboxEvent> ParkOutboxEvent(db::Pool& pool,
                                                       const std::string& tenant_id, int64_t id,
                                                       const std::string& operator_id,
                                                       const std::string& reason);

// to_id 0 means from_id alone. Returns how many events were marked.
absl::StatusOr<int64_t> RepublishOutboxEvents(db::Pool& pool, const std::string& tenant_id,
                                              int64_t from_id, int64_t to_id);

// The number of parked events over every tenant (for the factflow_pending{what="outbox_parked"}
// gauge).
absl::StatusOr<int64_t> CountParkedEvents(db::Pool& pool);

}  // namespace factflow::outbox
