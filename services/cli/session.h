#pragma once

// What every factflowctl command shares: the settings and client of the run, how a command's
// outcome becomes the exit code, and the output helpers.
//
// Exit codes: 0 success; 1 the operation failed (stderr: "erreur : <message> (<CODE>)", CODE
// being the gRPC status code name); 2 usage error (reported by CLI11).

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

#include "absl/status/status.h"
#include "client.h"
#include "google/protobuf/message.h"

namespace factflow::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

class Session {
 public:
  // Settings from the environment; the client reads them lazily (after option parsing).
  Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  Settings& settings() { return settings_; }
  Client& client() { return client_; }

  // Runs `run` when `command` is selected; an error is reported and exits 1.
  void OnRun(CLI::App* command, std::function<absl::Status()> run);
  // Same, for commands that choose their exit code and their messages themselves.
  void OnRunWithExitCode(CLI::App* command, std::function<int()> run);
  int exit_code() const { return exit_code_; }

 private:
  Settings settings_;
  Client client_;
  int exit_code_ = kExitOk;
};

// 0 for OK; otherwise prints "erreur : <message> (<CODE>)" to stderr and returns 1.
int ReportError(const absl::Status& status);

// A usage error discovered after parsing (e.g. a missing selection): exit code 2 with `message`.
[[noreturn]] void ThrowUsageError(const std::string& option, const std::string& message);

// Adds -o,--output table|wide|json|yaml and --json (= -o json) to a command that prints
// records; `*json` becomes true for json and yaml (the command then calls PrintJson instead of
// drawing its table). The chosen format is also kept for the run (output.h: CurrentOutputFormat,
// which tells wide from table).
void AddJsonFlag(CLI::App* command, bool* json);
// Prints the message on stdout as JSON, or as YAML under -o yaml.
void PrintJson(const google::protobuf::Message& message);

// Converts a status into one that says which step of a longer run failed:
// "étape 3 (génération des factures) : <message>", same code.
absl::Status AtStep(int step, const std::string& title, const absl::Status& status);

}  // namespace factflow::cli
