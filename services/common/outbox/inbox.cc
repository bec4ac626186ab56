#include "outbox/inbox.h"

#include "spdlog/spdlog.h"

namespace factflow::outbox {

bool ClaimEvent(pqxx::work& tx, std::string_view consumer,
                const events::v1::EventEnvelope& envelope) {
  return tx.exec_params(
               "INSERT INTO inbox (consumer, event_id, event_type) VALUES ($1, $2, $3) "
               "ON CONFLICT DO NOTHING",
               std::string(consumer), envelope.event_id(), envelope.event_type())
             .affected_rows() == 1;
}

absl::Status ApplyOnce(db::Pool& pool, std::string_view consumer,
                       const events::v1::EventEnvelope& envelope,
                       const std::function<absl::Status(pqxx::work&)>& fn) {
  return pool.InTransaction([&](pqxx::work& tx) -> absl::Status {
    if (!ClaimEvent(tx, consumer, envelope)) {
      spdlog::info("{}: event {} ({}) already applied, skipped", consumer, envelope.event_id(),
                   envelope.event_type());
      return absl::OkStatus();
    }
    return fn(tx);
  });
}

}  // namespace factflow::outbox
