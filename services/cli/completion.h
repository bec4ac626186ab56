#pragma once

// Shell completion for factflowctl: `factflowctl completion bash|zsh` prints a script that asks
// factflowctl itself for the candidates (`factflowctl __complete WORD...` prints the commands and
// options that may follow WORD...), so it always matches the installed binary.

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace factflow::cli {

// The hidden word that starts a completion request.
inline constexpr char kCompleteCommand[] = "__complete";

// Adds `completion bash|zsh`.
void AddCompletionCommand(CLI::App& app);

// The candidates after `words` (the words typed so far, the one being completed excluded): the
// subcommands of the command they reach, then its options, one per line.
std::string CompletionCandidates(const CLI::App& root, const std::vector<std::string>& words);

// The completion scripts.
std::string BashCompletionScript();
std::string ZshCompletionScript();

}  // namespace factflow::cli
