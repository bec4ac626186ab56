#pragma once

// factflowctl's grammar, noun then verb as in kubectl and gh (`invoices list`, `batches show`),
// built over the commands as the command files register them, and the old spellings
// (`invoices --batch 3`, `invoice show`, `batch show`, `action send`) kept as aliases for one
// release by rewriting the command line before parsing.

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace factflow::cli {

// Regroups the registered top-level commands under their nouns: `invoices` (list) becomes
// `invoices list`, `invoice show` becomes `invoices show`, `action` becomes `invoices action`,
// `batches` becomes `batches list`, `batch show` becomes `batches show`. Subcommands other
// registrations attached to a moved command are hoisted to its noun. Commands that are absent
// are skipped. Call once every command is registered.
void ApplyNounVerbGrammar(CLI::App& root);

// The command line with the old spellings rewritten to the current ones (arguments without the
// program name; global options before the command are kept in place):
//   invoices [OPTIONS]      -> invoices list [OPTIONS]
//   invoices ACTION ...     -> invoices action ACTION ...   (ACTION: send, print, prepare...)
//   action ACTION ...       -> invoices action ACTION ...
//   batches [OPTIONS]       -> batches list [OPTIONS]
// (`invoice` and `batch` are aliases of `invoices` and `batches`.)
std::vector<std::string> RewriteOldSpellings(std::vector<std::string> args);

}  // namespace factflow::cli
