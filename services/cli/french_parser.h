#pragma once

// French for CLI11, without patching it: a help formatter with French labels and type names,
// the translation of CLI11's own (English) parse errors, and "did you mean" suggestions for
// unknown commands and options (Levenshtein distance). Operators read only French; CLI11's text
// is English, so every message it produces goes through TranslateParseError before printing.

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace factflow::cli {

// CLI11's help formatter with French labels ("Utilisation", "OBLIGATOIRE", "COMMANDE") and
// French value types (TEXTE, ENTIER, NOMBRE, FICHIER...).
std::shared_ptr<CLI::Formatter> MakeFrenchFormatter();

// Applies the French formatter and the "Commandes" group title to `root` and every command
// below it. Call once every command is registered.
void FrenchiseTree(CLI::App& root);

// One of CLI11's parse error messages ("INVOICE is required", "File does not exist: x", "The
// following argument was not expected: --jsn"...) in French. Text that matches no known English
// form (our own French validation messages) is returned unchanged.
std::string TranslateParseError(std::string_view message);

// Levenshtein distance between two byte strings.
size_t EditDistance(std::string_view a, std::string_view b);
// The candidate nearest to `word` when it is close enough to be a plausible typo (distance at
// most 2, or a third of the word's length for long words; a candidate starting with `word` also
// counts), else nullopt. Ties go to the first candidate.
std::optional<std::string> Nearest(std::string_view word,
                                   const std::vector<std::string>& candidates);

// Looks at the command line `args` (without the program name) against the command tree: the
// first unknown command or option, reported in French with the nearest known name, e.g.
// "commande inconnue « invoce » : vouliez-vous dire « invoices » ?". nullopt when every command
// and option is known (the error is then another one, reported by CLI11).
std::optional<std::string> DiagnoseUnknown(const CLI::App& root,
                                           const std::vector<std::string>& args);

// The command reached by following `args` down the tree (names and aliases); `root` when none.
const CLI::App* DeepestCommand(const CLI::App& root, const std::vector<std::string>& args);

// Names (not aliases) of the visible subcommands of `app`, and the long/short names of its
// options and of its parents' fall-through options ("--tenant", "-o"...).
std::vector<std::string> SubcommandNames(const CLI::App& app);
std::vector<std::string> OptionNames(const CLI::App& app);

}  // namespace factflow::cli
