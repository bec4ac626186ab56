#pragma once

// Where the broker is now: settings.bootstrap_file when it names a readable, non-empty file
// (a supervisor rewrites it when it restarts the devbroker on a new port), otherwise
// settings.bootstrap_servers. Used when a connection is built and when a lost connection is
// checked for a move.
//
// Thread safety: reentrant (reads the file on every call, no caching).

#include <string>

#include "kafka/config.h"

namespace factflow::kafka {

// The current bootstrap list (may be empty when neither source gives one).
std::string CurrentBootstrap(const KafkaSettings& settings);

}  // namespace factflow::kafka
