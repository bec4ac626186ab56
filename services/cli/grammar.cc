#include "grammar.h"

#include <algorithm>

#include "parse.h"

namespace factflow::cli {
namespace {

// Global options of factflowctl that take a value (skipped when looking for the command).
bool IsGlobalOptionWithValue(const std::string& arg) {
  return arg == "--tenant" || arg == "--operator" || arg == "--stall-timeout";
}

CLI::App_p TakeSubcommand(CLI::App& parent, const std::string& name) {
  for (CLI::App* sub : parent.get_subcommands([](CLI::App*) { return true; })) {
    if (sub->get_name() == name) {
      CLI::App_p owned = parent.get_subcommand_ptr(sub);
      parent.remove_subcommand(sub);
      return owned;
    }
  }
  return nullptr;
}

// Moves every subcommand of `from` to `to` (keeping their names).
void HoistSubcommands(CLI::App& from, CLI::App& to) {
  for (CLI::App* sub : from.get_subcommands([](CLI::App*) { return true; })) {
    if (sub->get_name().empty()) continue;
    CLI::App_p owned = from.get_subcommand_ptr(sub);
    from.remove_subcommand(sub);
    to.add_subcommand(owned);
  }
  from.require_subcommand(0, 0);
}

// `noun`: a group of verbs. The existing top-level `list_name` command becomes its `list` verb,
// the subcommands of `old_group` (the singular form) and the `extra` commands join it.
void Regroup(CLI::App& root, const std::string& noun, const std::string& singular,
             const std::string& description, const std::vector<std::string>& extra) {
  CLI::App_p list = TakeSubcommand(root, noun);
  CLI::App_p old_group = TakeSubcommand(root, singular);
  if (!list && !old_group) return;
  CLI::App* group = root.add_subcommand(noun, description);
  group->require_subcommand(1);
  if (list) {
    HoistSubcommands(*list, *group);
    list->name("list");
    group->add_subcommand(list);
  }
  if (old_group) HoistSubcommands(*old_group, *group);
  for (const std::string& name : extra) {
    if (CLI::App_p command = TakeSubcommand(root, name)) group->add_subcommand(command);
  }
  group->alias(singular);
}

// `grid`: the listing `grid BATCH` becomes the `show` verb, joined by `check`, `edit`
// and `map` (registered as grid-check, grid-edit and grid-map by commands/grid_commands.cc).
void RegroupGrid(CLI::App& root) {
  CLI::App_p show = TakeSubcommand(root, "grid");
  if (!show) return;
  CLI::App* group = root.add_subcommand(
      "grid", "Grille de contrôle d'un lot : show (liste), check --filter, edit, map ; ex. factflowctl "
              "grid show 12");
  group->require_subcommand(1);
  show->name("show");
  group->add_subcommand(show);
  for (const auto& [from, to] : {std::pair<std::string, std::string>{"grid-check", "check"},
                                 std::pair<std::string, std::string>{"grid-edit", "edit"},
                                 std::pair<std::string, std::string>{"grid-map", "map"}}) {
    if (CLI::App_p command = TakeSubcommand(root, from)) {
      // Renamed once in the group: the root has its own `check`.
      group->add_subcommand(command);
      command->name(to);
    }
  }
}

bool IsGridVerb(const std::string& word) {
  return word == "show" || word == "check" || word == "edit" || word == "map" || word == "-h" ||
         word == "--help";
}

bool IsActionName(const std::string& word) {
  const std::vector<std::string>& names = ActionNames();
  return std::find(names.begin(), names.end(), word) != names.end();
}

bool OptionsOrNothing(const std::vector<std::string>& args, size_t at) {
  if (at >= args.size()) return true;
  const std::string& next = args[at];
  return !next.empty() && next[0] == '-' && next != "-h" && next != "--help";
}

}  // namespace

void ApplyNounVerbGrammar(CLI::App& root) {
  Regroup(root, "invoices", "invoice",
          "Factures : liste, détail, actions (envoi, impression...) ; ex. factflowctl invoices "
          "list --batch 12",
          {"action"});
  Regroup(root, "batches", "batch",
          "Lots d'intégration : liste et détail ; ex. factflowctl batches show 12", {});
  RegroupGrid(root);
}

std::vector<std::string> RewriteOldSpellings(std::vector<std::string> args) {
  size_t at = 0;
  while (at < args.size() && !args[at].empty() && args[at][0] == '-') {
    at += IsGlobalOptionWithValue(args[at]) ? 2 : 1;
  }
  if (at >= args.size()) return args;
  const std::string command = args[at];
  if (command == "action") {
    args[at] = "invoices";
    args.insert(args.begin() + static_cast<long>(at) + 1, "action");
  } else if ((command == "invoices" || command == "batches") && OptionsOrNothing(args, at + 1)) {
    args.insert(args.begin() + static_cast<long>(at) + 1, "list");
  } else if (command == "grid" && at + 1 < args.size() && !IsGridVerb(args[at + 1])) {
    args.insert(args.begin() + static_cast<long>(at) + 1, "show");
  } else if ((command == "invoices" || command == "invoice") && at + 1 < args.size() &&
             IsActionName(args[at + 1])) {
    args.insert(args.begin() + static_cast<long>(at) + 1, "action");
  }
  return args;
}

}  // namespace factflow::cli
