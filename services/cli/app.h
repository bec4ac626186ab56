#pragma once

// factflowctl as a function: builds the command line, runs the chosen command with the settings
// of the environment, and returns the exit code (0 success, 1 failure, 2 usage error). main()
// calls it; tests call it with their own arguments against in-process fake services.

namespace factflow::cli {

int RunFactflowctl(int argc, const char* const* argv);

}  // namespace factflow::cli
