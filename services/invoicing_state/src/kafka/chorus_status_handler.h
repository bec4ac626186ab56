#pragma once

// Consumes chorus-dispatch's ChorusStatusChanged (factflow.dispatch.v1): each invoice's new
// status on Chorus Pro (deposited, rejected with the field to fix, made available, ... paid)
// becomes an entry of its audit trail (action CHORUS_STATUS), once per event (inbox).
//
// Thread safety: Handle is called by one consumer thread.

#include "absl/status/status.h"
#include "factflow/events/v1/envelope.pb.h"
#include "runtime/runtime.h"

namespace factflow::invoicing {

class ChorusStatusHandler {
 public:
  static constexpr char kConsumer[] = "invoicing-state.chorus-status";

  explicit ChorusStatusHandler(runtime::Runtime& runtime) : runtime_(runtime) {}

  // OK for events of other types (not for this consumer); errors of the database otherwise.
  absl::Status Handle(const events::v1::EventEnvelope& envelope);

 private:
  runtime::Runtime& runtime_;
};

}  // namespace factflow::invoicing
