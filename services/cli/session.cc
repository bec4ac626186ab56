#include "session.h"

#include <iostream>

#include "absl/strings/str_cat.h"
#include "format.h"

namespace factflow::cli {

Session::Session() : settings_(Settings::FromEnvironment()), client_(settings_) {}

void Session::OnRun(CLI::App* command, std::function<absl::Status()> run) {
  command->callback([this, run = std::move(run)] { exit_code_ = ReportError(run()); });
}

void Session::OnRunWithExitCode(CLI::App* command, std::function<int()> run) {
  command->callback([this, run = std::move(run)] { exit_code_ = run(); });
}

int ReportError(const absl::Status& status) {
  if (status.ok()) return kExitOk;
  std::cout.flush();
  std::cerr << "erreur : " << status.message() << " (" << absl::StatusCodeToString(status.code())
            << ")\n";
  return kExitFailure;
}

void ThrowUsageError(const std::string& option, const std::string& message) {
  throw CLI::ValidationError(option, message);
}

void AddJsonFlag(CLI::App* command, bool* json) {
  command->add_flag("--json", *json, "Affiche la réponse en JSON (pour les scripts)");
}

void PrintJson(const google::protobuf::Message& message) {
  std::string json = ToJson(message);
  std::cout << json;
  if (json.empty() || json.back() != '\n') std::cout << '\n';
}

absl::Status AtStep(int step, const std::string& title, const absl::Status& status) {
  if (status.ok()) return status;
  return absl::Status(status.code(), absl::StrCat("étape ", step, " (", title,
                                                  ") : ", std::string(status.message())));
}

}  // namespace factflow::cli
