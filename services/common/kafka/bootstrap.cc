#include "kafka/bootstrap.h"

#include <fstream>

#include "strings/absl_bridge.h"

namespace factflow::kafka {

std::string CurrentBootstrap(const KafkaSettings& settings) {
  if (!settings.bootstrap_file.empty()) {
    std::ifstream in(settings.bootstrap_file);
    std::string line;
    // A missing file is normal while the broker restarts: fall back to the fixed list.
    if (in && std::getline(in, line)) {
      std::string trimmed(TrimAscii(line));
      if (!trimmed.empty()) return trimmed;
    }
  }
  return settings.bootstrap_servers;
}

}  // namespace factflow::kafka
