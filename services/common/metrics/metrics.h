#pragma once

// Prometheus metrics of a service process, served as text on their own port
// (FACTFLOW_METRICS_ADDRESS, GET /metrics), apart from the gRPC port:
//
//   factflow_rpc_total{method, code}             RPCs handled, by gRPC status code
//   factflow_events_total{consumer, outcome}     events consumed: applied | retried | dead_letter
//   factflow_outbox_published_total             events relayed from the outbox to Kafka
//   factflow_outbox_publish_failures_total      relay rounds that could not publish a row
//   factflow_outbox_stuck_row                    id of the outbox row the relay cannot publish
//                                                (0 while it publishes)
//   factflow_healthy                             1 while the service reports SERVING
//   factflow_failures_total{what}                work items that failed and need an operator
//                                                (e.g. what=invoice_render, einvoice_file)
//   factflow_pending{what}                       work items waiting for a retry (e.g.
//                                                what=invoice_render): alert when above 0
//
// Metrics are process-wide (one registry per process, as Prometheus clients do). Thread-safe.

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace factflow::metrics {

class Metrics {
 public:
  // The process's metrics.
  static Metrics& Get();

  // Serves /metrics on `address` ("host:port", port 0 picks one). Unavailable if it cannot bind.
  absl::Status Serve(const std::string& address);
  // The bound port, 0 when not serving.
  int port() const;

  void CountRpc(std::string_view method, absl::StatusCode code);
  void CountEvent(std::string_view consumer, std::string_view outcome);
  void CountPublished(int64_t events);
  void CountPublishFailure();
  void SetOutboxStuckRow(int64_t row_id);
  void SetHealthy(bool healthy);
  // One failed work item of kind `what` (a short snake_case name): alert on its rate.
  void CountFailure(std::string_view what);
  // The number of work items of kind `what` waiting for a retry.
  void SetPending(std::string_view what, int64_t count);

  // The text exposition of every metric (what /metrics serves).
  std::string Render() const;

  ~Metrics();

 private:
  Metrics();
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace factflow::metrics
