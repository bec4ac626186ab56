#include "metrics/metrics.h"

#include <mutex>

#include "absl/strings/str_cat.h"
#include "prometheus/counter.h"
#include "prometheus/exposer.h"
#include "prometheus/gauge.h"
#include "prometheus/registry.h"
#include "prometheus/text_serializer.h"

namespace factflow::metrics {

struct Metrics::State {
  std::shared_ptr<prometheus::Registry> registry = std::make_shared<prometheus::Registry>();
  prometheus::Family<prometheus::Counter>& rpcs =
      prometheus::BuildCounter()
          .Name("factflow_rpc_total")
          .Help("gRPC calls handled, by method and status code")
          .Register(*registry);
  prometheus::Family<prometheus::Counter>& events =
      prometheus::BuildCounter()
          .Name("factflow_events_total")
          .Help("Events consumed, by consumer group and outcome")
          .Register(*registry);
  prometheus::Family<prometheus::Counter>& failures =
      prometheus::BuildCounter()
          .Name("factflow_failures_total")
          .Help("Work items that failed and need an operator, by kind")
          .Register(*registry);
  prometheus::Family<prometheus::Gauge>& pending =
      prometheus::BuildGauge()
          .Name("factflow_pending")
          .Help("Work items waiting for a retry, by kind")
          .Register(*registry);
  prometheus::Counter& published = prometheus::BuildCounter()
                                       .Name("factflow_outbox_published_total")
                                       .Help("Events relayed from the outbox to Kafka")
                                       .Register(*registry)
                                       .Add({});
  prometheus::Counter& publish_failures =
      prometheus::BuildCounter()
          .Name("factflow_outbox_publish_failures_total")
          .Help("Outbox relay rounds that could not publish a row (see factflow_outbox_stuck_row)")
          .Register(*registry)
          .Add({});
  prometheus::Gauge& stuck_row =
      prometheus::BuildGauge()
          .Name("factflow_outbox_stuck_row")
          .Help("Id of the outbox row the relay cannot publish; 0 while it publishes")
          .Register(*registry)
          .Add({});
  prometheus::Gauge& healthy = prometheus::BuildGauge()
                                   .Name("factflow_healthy")
                                   .Help("1 while the service reports SERVING")
                                   .Register(*registry)
                                   .Add({});
  std::mutex mutex;
  std::unique_ptr<prometheus::Exposer> exposer;
};

Metrics::Metrics() : state_(std::make_unique<State>()) {}
Metrics::~Metrics() = default;

Metrics& Metrics::Get() {
  static Metrics* metrics = new Metrics();  // never destroyed: used until the process exits
  return *metrics;
}

absl::Status Metrics::Serve(const std::string& address) {
  std::lock_guard lock(state_->mutex);
  try {
    state_->exposer = std::make_unique<prometheus::Exposer>(address);
  } catch (const std::exception& e) {
    return absl::UnavailableError(
        absl::StrCat("cannot serve metrics on ", address, ": ", e.what()));
  }
  state_->exposer->RegisterCollectable(state_->registry);
  return absl::OkStatus();
}

int Metrics::port() const {
  std::lock_guard lock(state_->mutex);
  if (!state_->exposer) return 0;
  auto ports = state_->exposer->GetListeningPorts();
  return ports.empty() ? 0 : ports.front();
}

void Metrics::CountRpc(std::string_view method, absl::StatusCode code) {
  state_->rpcs.Add({{"method", std::string(method)}, {"code", absl::StatusCodeToString(code)}})
      .Increment();
}

void Metrics::CountEvent(std::string_view consumer, std::string_view outcome) {
  state_->events.Add({{"consumer", std::string(consumer)}, {"outcome", std::string(outcome)}})
      .Increment();
}

void Metrics::CountPublished(int64_t events) {
  state_->published.Increment(static_cast<double>(events));
}

void Metrics::CountPublishFailure() { state_->publish_failures.Increment(); }

void Metrics::SetOutboxStuckRow(int64_t row_id) {
  state_->stuck_row.Set(static_cast<double>(row_id));
}

void Metrics::CountFailure(std::string_view what) {
  state_->failures.Add({{"what", std::string(what)}}).Increment();
}

void Metrics::SetPending(std::string_view what, int64_t count) {
  state_->pending.Add({{"what", std::string(what)}}).Set(static_cast<double>(count));
}

void Metrics::SetHealthy(bool healthy) { state_->healthy.Set(healthy ? 1 : 0); }

std::string Metrics::Render() const {
  return prometheus::TextSerializer().Serialize(state_->registry->Collect());
}

}  // namespace factflow::metrics
