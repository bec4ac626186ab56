#pragma once

// Connection settings shared by the Kafka producer and consumer.
//
// Thread safety: a plain value type.

#include <map>
#include <string>

namespace factflow::kafka {

struct KafkaSettings {
  // Comma-separated host:port list (librdkafka `bootstrap.servers`). Required unless
  // bootstrap_file names a readable, non-empty file.
  std::string bootstrap_servers;
  // Optional: a file whose first line is the bootstrap list, rewritten by whoever restarts the
  // broker (the devbroker cannot keep its port across restarts). When set and readable it wins
  // over bootstrap_servers, and the producer and consumer re-read it when they lose the broker
  // and rebuild their connection on the new address.
  std::string bootstrap_file;
  // Shown in broker logs and metrics (librdkafka `client.id`); e.g. "invoicing-state-1".
  std::string client_id;
  // Longest time the broker holds an empty fetch. Kept low because the devbroker (librdkafka's
  // mock cluster) delays every empty fetch by exactly this much, which adds to event latency.
  int fetch_wait_max_ms = 10;
  // How long the producer keeps retrying a message before reporting it failed.
  int message_timeout_ms = 30000;
  // Any other librdkafka property (e.g. "security.protocol", "session.timeout.ms"). Applied
  // last, so it can override the defaults the producer and consumer set. The same settings may
  // serve both; librdkafka then logs a harmless CONFWARN for a property of the other kind.
  // Against the devbroker, set "session.timeout.ms" low (e.g. 6000, with
  // "heartbeat.interval.ms" 500): the mock cluster waits (session timeout - 1 s) before
  // re-forming a group whose last member just left, i.e. 44 s with the default 45 s.
  std::map<std::string, std::string> extra;
};

}  // namespace factflow::kafka
