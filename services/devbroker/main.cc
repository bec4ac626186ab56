// factflow-devbroker: the embedded Kafka-protocol broker for development, tests and demos.
//
//   factflow-devbroker [--brokers N] [--topic NAME:PARTITIONS]... [--bootstrap-file PATH]
//                      [--debug CONTEXTS]
//
// Prints one line "bootstrap=HOST:PORT[,HOST:PORT...]" on stdout once the brokers listen, writes
// the same address (without "bootstrap=") to --bootstrap-file if given, logs to stderr, and runs
// until SIGTERM or SIGINT, then stops the brokers, removes the bootstrap file and exits 0.
// The log lives in memory only: a restart starts from empty topics and no consumer groups.

#include <signal.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "broker.h"
#include "spdlog/sinks/stdout_color_sinks.h"
#include "spdlog/spdlog.h"

namespace {

using factflow::devbroker::MockCluster;
using factflow::devbroker::TopicSpec;

// Removes the bootstrap file on exit unless another devbroker has replaced it meanwhile, so a
// script never connects to an address that is gone.
void RemoveBootstrapFile(const std::string& path, const std::string& bootstrap) {
  std::ifstream in(path);
  std::stringstream content;
  content << in.rdbuf();
  if (in && content.str() == bootstrap + "\n") std::remove(path.c_str());
}

// Blocked before librdkafka starts its threads, so every thread inherits the mask and the
// signals are only ever taken by sigwait below.
sigset_t BlockTerminationSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return signals;
}

int Run(const MockCluster::Options& options, const std::string& bootstrap_file,
        const sigset_t& signals) {
  absl::StatusOr<std::unique_ptr<MockCluster>> cluster = MockCluster::Start(options);
  if (!cluster.ok()) {
    spdlog::critical("devbroker failed to start: {}", cluster.status().ToString());
    return 1;
  }
  const std::string& bootstrap = (*cluster)->bootstrap();
  if (!bootstrap_file.empty()) {
    if (absl::Status s = factflow::devbroker::WriteFileAtomically(bootstrap_file, bootstrap + "\n");
        !s.ok()) {
      spdlog::critical("devbroker failed to write the bootstrap file: {}", s.ToString());
      return 1;
    }
  }
  std::cout << "bootstrap=" << bootstrap << std::endl;
  spdlog::info("devbroker ready: {} broker(s) at {}{}", options.brokers, bootstrap,
               bootstrap_file.empty() ? "" : " (written to " + bootstrap_file + ")");

  int signal = 0;
  sigwait(&signals, &signal);
  spdlog::info("devbroker stopping on signal {}", signal);
  cluster->reset();
  if (!bootstrap_file.empty()) RemoveBootstrapFile(bootstrap_file, bootstrap);
  spdlog::info("devbroker stopped");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  spdlog::set_default_logger(spdlog::stderr_color_mt("devbroker"));

  CLI::App app{
      "Embedded Kafka-protocol broker (librdkafka mock cluster) for factflow development and "
      "tests. The brokers listen on 127.0.0.1 on ephemeral ports (librdkafka 2.0.2 cannot fix "
      "them): read the address from stdout or --bootstrap-file."};
  MockCluster::Options options;
  std::vector<std::string> topic_flags;
  std::string bootstrap_file;
  app.add_option("--brokers", options.brokers, "Number of brokers")
      ->default_val(1)
      ->check(CLI::Range(1, 16));
  app.add_option("--topic", topic_flags,
                 "NAME:PARTITIONS to create, repeatable; replaces the default set "
                 "(factflow.{importer,invoicing,dispatch,catalog}.v1:3)");
  app.add_option("--bootstrap-file", bootstrap_file,
                 "Also write the bootstrap address to this file (atomically; removed on exit)");
  app.add_option("--debug", options.debug,
                 "librdkafka debug contexts for the brokers, e.g. mock,protocol");
  CLI11_PARSE(app, argc, argv);

  if (topic_flags.empty()) {
    options.topics = factflow::devbroker::DefaultTopics();
  }
  for (const std::string& flag : topic_flags) {
    absl::StatusOr<TopicSpec> topic = factflow::devbroker::ParseTopicSpec(flag);
    if (!topic.ok()) {
      spdlog::critical("{}", topic.status().ToString());
      return 2;
    }
    options.topics.push_back(*std::move(topic));
  }
  if (!options.debug.empty()) spdlog::set_level(spdlog::level::debug);

  const sigset_t signals = BlockTerminationSignals();
  return Run(options, bootstrap_file, signals);
}
