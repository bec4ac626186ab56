#pragma once

// factflowctl as a function: builds the command line, runs the chosen command with the settings
// of the environment, and returns the exit code (0 success, 1 failure, 2 usage error). main()
// calls it; tests call it with their own arguments against in-process fake services.

#include <CLI/CLI.hpp>

#include "session.h"

namespace factflow::cli {

// The command line as operators see it: every command registered and bound to `session`,
// regrouped noun then verb (grammar.h), help and labels in French (french_parser.h). Tests walk
// it to check every --help.
void BuildCommandLine(CLI::App& app, Session& session);

int RunFactflowctl(int argc, const char* const* argv);

}  // namespace factflow::cli
