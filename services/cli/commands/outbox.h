#pragma once

// factflowctl outbox list | republish | park --service S: the repair of a service's outbox
// (factflow.admin.v1.OutboxAdmin, role admin), in its own header so that adding it rebuilds
// only app.cc.

#include <CLI/CLI.hpp>

#include "session.h"

namespace factflow::cli {

void AddOutboxCommands(CLI::App& app, Session& session);

}  // namespace factflow::cli
