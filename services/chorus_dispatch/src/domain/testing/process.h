#pragma once

// Helpers for tests that check outputs with command-line tools (poppler-utils, the e-invoice
// validator): temporary files and shell commands with captured output.

#include <string>

namespace factflow::dispatch::domain::testing {

struct CommandResult {
  int exit_code = -1;  // -1 when the command could not run or was killed by a signal.
  std::string output;  // stdout and stderr, interleaved.
};

// Runs `command` with /bin/sh, capturing stdout and stderr.
CommandResult RunCommand(const std::string& command);

// Single-quotes `text` for /bin/sh.
std::string ShellQuote(const std::string& text);

// Writes `content` to a file named `name` in this process's temporary directory (removed at
// exit unless FACTFLOW_KEEP_TEST_FILES is set) and returns its path.
std::string WriteTempFile(const std::string& name, const std::string& content);

}  // namespace factflow::dispatch::domain::testing
