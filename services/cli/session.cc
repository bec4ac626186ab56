#include "session.h"

#include <iostream>

#include "absl/strings/str_cat.h"
#include "format.h"
#include "output.h"

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
  command
      ->add_option_function<std::string>(
          "-o,--output",
          [json](const std::string& name) {
            absl::StatusOr<OutputFormat> format = ParseOutputFormat(name);
            if (!format.ok()) ThrowUsageError("-o", std::string(format.status().message()));
            SetOutputFormat(*format);
            *json = MachineOutput();
          },
          "Format de sortie : table (défaut), wide (colonnes en plus), json ou yaml (pour les "
          "scripts, champs décrits dans le README)")
      ->type_name("FORMAT");
  command->add_flag_callback(
      "--json",
      [json] {
        SetOutputFormat(OutputFormat::kJson);
        *json = true;
      },
      "Comme -o json");
}

void PrintJson(const google::protobuf::Message& message) {
  std::string text =
      CurrentOutputFormat() == OutputFormat::kYaml ? ToYaml(message) : ToJson(message);
  std::cout << text;
  if (text.empty() || text.back() != '\n') std::cout << '\n';
}

absl::Status AtStep(int step, const std::string& title, const absl::Status& status) {
  if (status.ok()) return status;
  return absl::Status(status.code(), absl::StrCat("étape ", step, " (", title,
                                                  ") : ", std::string(status.message())));
}

}  // namespace factflow::cli
