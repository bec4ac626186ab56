#pragma once

// For integration tests that must kill a broker: a private factflow-devbroker process (from
// FACTFLOW_BIN_DIR, set by ./factflow test) writing its address to a bootstrap file, as the
// stack's supervisor runs it. Never the shared test broker, which other tests use meanwhile.
//
// Thread safety: one test thread owns it.

#include <sys/types.h>

#include <string>

namespace factflow::testing {

class DevBrokerProcess {
 public:
  // Starts the devbroker and waits (up to 20 s) until it wrote an address other than the one
  // the file held before. Throws std::runtime_error (failing the test) otherwise.
  explicit DevBrokerProcess(const std::string& bootstrap_file);
  // Stops it (SIGTERM) if it still runs.
  ~DevBrokerProcess();

  DevBrokerProcess(const DevBrokerProcess&) = delete;
  DevBrokerProcess& operator=(const DevBrokerProcess&) = delete;

  // Sends `signal` and waits for the process. SIGKILL (the default) is a crash: the bootstrap
  // file keeps naming the dead address.
  void Kill(int signal = 9);

  const std::string& address() const { return address_; }

 private:
  pid_t pid_ = -1;
  std::string address_;
};

}  // namespace factflow::testing
