#include "completion.h"

#include <iostream>
#include <memory>

#include "absl/strings/str_cat.h"
#include "french_parser.h"

namespace factflow::cli {

std::string CompletionCandidates(const CLI::App& root, const std::vector<std::string>& words) {
  const CLI::App* command = DeepestCommand(root, words);
  std::string out;
  for (const std::string& name : SubcommandNames(*command)) absl::StrAppend(&out, name, "\n");
  for (const std::string& name : OptionNames(*command)) {
    if (name.size() > 2) absl::StrAppend(&out, name, "\n");  // long names only
  }
  return out;
}

std::string BashCompletionScript() {
  return R"SH(# factflowctl completion for bash: source <(factflowctl completion bash)
_factflowctl_complete() {
  local cur="${COMP_WORDS[COMP_CWORD]}"
  local IFS=$'\n'
  local candidates
  candidates="$(factflowctl __complete "${COMP_WORDS[@]:1:COMP_CWORD-1}" 2>/dev/null)"
  COMPREPLY=($(compgen -W "${candidates}" -- "${cur}"))
}
complete -o default -F _factflowctl_complete factflowctl
)SH";
}

std::string ZshCompletionScript() {
  return R"SH(#compdef factflowctl
# factflowctl completion for zsh: source <(factflowctl completion zsh) (after compinit)
_factflowctl() {
  local -a candidates
  candidates=("${(@f)$(factflowctl __complete "${(@)words[2,CURRENT-1]}" 2>/dev/null)}")
  compadd -- "${candidates[@]}"
}
compdef _factflowctl factflowctl
)SH";
}

void AddCompletionCommand(CLI::App& app) {
  auto shell = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand(
      "completion", "Script de complétion du shell ; ex. source <(factflowctl completion bash)");
  cmd->add_option("SHELL", *shell, "bash ou zsh")->required();
  cmd->callback([shell] {
    if (*shell == "bash") {
      std::cout << BashCompletionScript();
    } else if (*shell == "zsh") {
      std::cout << ZshCompletionScript();
    } else {
      throw CLI::ValidationError(
          "SHELL", absl::StrCat("shell « ", *shell, " » non pris en charge : bash ou zsh"));
    }
  });
}

}  // namespace factflow::cli
