#pragma once

// Idempotent consumption: the inbox records (consumer, event id) in the same transaction as the
// effect of the event, so an event delivered twice (after a crash between the database commit
// and the Kafka offset commit) is applied once.

#include <functional>
#include <pqxx/pqxx>
#include <string_view>

#include "absl/status/status.h"
#include "db/pool.h"
#include "factflow/events/v1/envelope.pb.h"

namespace factflow::outbox {

// In `tx`: true when `consumer` had not processed the event yet (and records it now).
bool ClaimEvent(pqxx::work& tx, std::string_view consumer,
                const events::v1::EventEnvelope& envelope);

// Runs fn(tx) once per (consumer, event): in one transaction with the claim; a duplicate is
// skipped and returns OK. fn's non-OK status rolls everything back (claim included).
absl::Status ApplyOnce(db::Pool& pool, std::string_view consumer,
                       const events::v1::EventEnvelope& envelope,
                       const std::function<absl::Status(pqxx::work&)>& fn);

}  // namespace factflow::outbox
