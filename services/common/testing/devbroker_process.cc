#include "testing/devbroker_process.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "testing/test_database.h"

namespace factflow::testing {
namespace {

std::string ReadFirstLine(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

}  // namespace

DevBrokerProcess::DevBrokerProcess(const std::string& bootstrap_file) {
  const std::string binary = RequireEnv("FACTFLOW_BIN_DIR") + "/factflow-devbroker";
  const std::string previous = ReadFirstLine(bootstrap_file);
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("cannot fork the devbroker");
  if (pid_ == 0) {
    execl(binary.c_str(), binary.c_str(), "--bootstrap-file", bootstrap_file.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (true) {
    address_ = ReadFirstLine(bootstrap_file);
    if (!address_.empty() && address_ != previous) return;
    if (std::chrono::steady_clock::now() > deadline) {
      Kill();
      throw std::runtime_error("the devbroker " + binary + " did not write " + bootstrap_file);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

DevBrokerProcess::~DevBrokerProcess() { Kill(SIGTERM); }

void DevBrokerProcess::Kill(int signal) {
  if (pid_ <= 0) return;
  kill(pid_, signal);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

}  // namespace factflow::testing
