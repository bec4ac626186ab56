#include "french_parser.h"

#include <algorithm>
#include <map>
#include <regex>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace factflow::cli {
namespace {

constexpr char kCommandsGroup[] = "Commandes";

// CLI11's value type names and validator descriptions, in French.
std::string FrenchTypeName(const std::string& english) {
  static const std::map<std::string, std::string> kTypes = {
      {"TEXT", "TEXTE"},
      {"INT", "ENTIER"},
      {"UINT", "ENTIER"},
      {"FLOAT", "NOMBRE"},
      {"NUMBER", "NOMBRE"},
      {"BOOLEAN", "BOOLÉEN"},
      {"FILE", "FICHIER"},
      {"DIR", "DOSSIER"},
      {"PATH(existing)", "CHEMIN"},
      {"PATH(non-existing)", "CHEMIN"},
      {"POSITIVE", "POSITIF"},
      {"NONNEGATIVE", "POSITIF OU NUL"},
      {"ENUM", "CHOIX"},
  };
  std::vector<std::string> parts;
  for (absl::string_view part : absl::StrSplit(english, ':')) {
    auto it = kTypes.find(std::string(part));
    parts.push_back(it == kTypes.end() ? std::string(part) : it->second);
  }
  return absl::StrJoin(parts, ":");
}

class FrenchFormatter : public CLI::Formatter {
 public:
  FrenchFormatter() {
    label("Usage", "Utilisation");
    label("OPTIONS", "OPTIONS");
    label("SUBCOMMAND", "COMMANDE");
    label("SUBCOMMANDS", "COMMANDES");
    label("Positionals", "Paramètres");
    label("REQUIRED", "OBLIGATOIRE");
    label("Env", "Variable");
    label("Needs", "Requiert");
    label("Excludes", "Exclut");
    column_width(34);
  }

  // Same layout as CLI11's, with French type names and labels.
  std::string make_option_opts(const CLI::Option* opt) const override {
    std::ostringstream out;
    if (!opt->get_option_text().empty()) return " " + opt->get_option_text();
    if (opt->get_type_size() != 0) {
      if (!opt->get_type_name().empty()) out << " " << FrenchTypeName(opt->get_type_name());
      if (!opt->get_default_str().empty()) out << "=" << opt->get_default_str();
      if (opt->get_expected_max() == CLI::detail::expected_max_vector_size) {
        out << " ...";
      } else if (opt->get_expected_min() > 1) {
        out << " x " << opt->get_expected();
      }
      if (opt->get_required()) out << " " << get_label("REQUIRED");
    }
    if (!opt->get_envname().empty()) {
      out << " (" << get_label("Env") << " " << opt->get_envname() << ")";
    }
    return out.str();
  }
};

void FrenchiseCommand(CLI::App& app, const std::shared_ptr<CLI::Formatter>& formatter) {
  app.formatter(formatter);
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    if (!sub->get_group().empty()) sub->group(kCommandsGroup);
    FrenchiseCommand(*sub, formatter);
  }
}

struct Rule {
  std::regex english;
  std::string french;  // std::regex_replace format ($1, $2...)
};

const std::vector<Rule>& Rules() {
  static const std::vector<Rule> kRules = {
      {std::regex("^A subcommand is required$"), "une commande est attendue"},
      {std::regex("^Requires at least ([0-9]+) subcommands?$"),
       "au moins $1 commande(s) attendue(s)"},
      {std::regex("^Requires at most ([0-9]+) subcommands?.*$"),
       "au plus $1 commande(s) permise(s)"},
      {std::regex("^The following arguments? (was|were) not expected: (.*)$"),
       "argument(s) inattendu(s) : $2"},
      {std::regex("^(.+): File does not exist: (.*)$"), "$1 : le fichier « $2 » n'existe pas"},
      {std::regex("^(.+): File is actually a directory: (.*)$"),
       "$1 : « $2 » est un dossier, pas un fichier"},
      {std::regex("^(.+): Directory does not exist: (.*)$"), "$1 : le dossier « $2 » n'existe pas"},
      {std::regex("^(.+): Directory is actually a file: (.*)$"),
       "$1 : « $2 » est un fichier, pas un dossier"},
      {std::regex("^(.+): Path does not exist: (.*)$"), "$1 : le chemin « $2 » n'existe pas"},
      {std::regex("^(.+): Path already exists: (.*)$"), "$1 : le chemin « $2 » existe déjà"},
      {std::regex("^(.+): Value (.*) not in range (.*) to (.*)$"),
       "$1 : la valeur « $2 » n'est pas comprise entre $3 et $4"},
      {std::regex("^(.+): Failed parsing number \\((.*)\\)$"), "$1 : « $2 » n'est pas un nombre"},
      {std::regex("^(.+): Failed parsing (.*) as a (.*)$"), "$1 : « $2 » n'est pas un nombre"},
      {std::regex("^(.+): Value (.*) could not be converted.*$"),
       "$1 : la valeur « $2 » n'est pas valide"},
      {std::regex("^Could not convert: (.+) = (.*)$"), "$1 : la valeur « $2 » n'est pas valide"},
      {std::regex("^The value (.*) is not an allowed value for (.+)$"),
       "$2 : « $1 » n'est pas une valeur permise"},
      {std::regex("^(.+): ([0-9]+) required (.*) missing$"), "$1 : valeur manquante"},
      {std::regex("^Expected exactly ([0-9]+) arguments? to (.+), got ([0-9]+)$"),
       "$2 attend exactement $1 valeur(s), $3 reçue(s)"},
      {std::regex("^Expected at least ([0-9]+) arguments? to (.+), got ([0-9]+)$"),
       "$2 attend au moins $1 valeur(s), $3 reçue(s)"},
      {std::regex("^(.+): At least ([0-9]+) required but received ([0-9]+)$"),
       "$1 attend au moins $2 valeur(s), $3 reçue(s)"},
      {std::regex("^(.+): At Most ([0-9]+) required but received ([0-9]+)$"),
       "$1 attend au plus $2 valeur(s), $3 reçue(s)"},
      {std::regex("^(.+) requires (.+)$"), "$1 exige $2"},
      {std::regex("^(.+) excludes (.+)$"), "$1 est incompatible avec $2"},
      {std::regex("^(.+): Too many positional arguments.*$"), "$1 : trop d'arguments"},
      {std::regex("^(.+) not found$"), "$1 introuvable"},
      {std::regex("^(.+) is required$"), "$1 est obligatoire"},
      {std::regex("^(.+) is required .*$"), "$1 est obligatoire"},
  };
  return kRules;
}

bool IsVisible(const CLI::App* app) {
  return !app->get_name().empty() && !app->get_group().empty();
}

const CLI::App* FindSubcommand(const CLI::App& app, const std::string& name) {
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    if (!sub->get_name().empty() && sub->check_name(name)) return sub;
  }
  return nullptr;
}

// The option `name` ("--json", "-o") of `app` or of a parent it falls through to.
const CLI::Option* FindOption(const CLI::App& app, const std::string& name) {
  for (const CLI::App* at = &app; at != nullptr; at = at->get_parent()) {
    if (const CLI::Option* opt = at->get_option_no_throw(name)) return opt;
    if (!at->get_fallthrough()) break;
  }
  return nullptr;
}

std::string CommandPath(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* at = &app; at != nullptr; at = at->get_parent()) {
    names.push_back(at->get_name());
  }
  std::reverse(names.begin(), names.end());
  return absl::StrJoin(names, " ");
}

std::string Suggest(const std::optional<std::string>& nearest, const CLI::App& app) {
  if (nearest) return absl::StrCat(" : vouliez-vous dire « ", *nearest, " » ?");
  return absl::StrCat(" (aide : ", CommandPath(app), " --help)");
}

}  // namespace

std::shared_ptr<CLI::Formatter> MakeFrenchFormatter() {
  return std::make_shared<FrenchFormatter>();
}

void FrenchiseTree(CLI::App& root) { FrenchiseCommand(root, MakeFrenchFormatter()); }

std::string TranslateParseError(std::string_view message) {
  std::string text(message);
  for (const Rule& rule : Rules()) {
    if (std::regex_match(text, rule.english)) {
      return std::regex_replace(text, rule.english, rule.french);
    }
  }
  return text;
}

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::optional<std::string> Nearest(std::string_view word,
                                   const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  size_t best_distance = std::max<size_t>(2, word.size() / 3) + 1;
  for (const std::string& candidate : candidates) {
    size_t distance = EditDistance(word, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  if (best || word.size() < 3) return best;
  for (const std::string& candidate : candidates) {
    if (candidate.rfind(word, 0) == 0) return candidate;
  }
  return std::nullopt;
}

std::vector<std::string> SubcommandNames(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    if (IsVisible(sub)) names.push_back(sub->get_name());
  }
  return names;
}

std::vector<std::string> OptionNames(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* at = &app; at != nullptr; at = at->get_parent()) {
    for (const CLI::Option* opt : at->get_options()) {
      for (const std::string& name : opt->get_lnames()) names.push_back("--" + name);
      for (const std::string& name : opt->get_snames()) names.push_back("-" + name);
    }
    if (!at->get_fallthrough()) break;
  }
  return names;
}

const CLI::App* DeepestCommand(const CLI::App& root, const std::vector<std::string>& args) {
  const CLI::App* current = &root;
  for (const std::string& arg : args) {
    if (arg == "--") break;
    if (const CLI::App* sub = FindSubcommand(*current, arg)) current = sub;
  }
  return current;
}

std::optional<std::string> DiagnoseUnknown(const CLI::App& root,
                                           const std::vector<std::string>& args) {
  const CLI::App* current = &root;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") break;
    if (arg.size() > 1 && arg[0] == '-' && !(arg[1] >= '0' && arg[1] <= '9')) {
      std::string name = arg.substr(0, arg.find('='));
      if (name.size() > 2 && name[1] != '-') name = name.substr(0, 2);  // -ojson
      const CLI::Option* opt = FindOption(*current, name);
      if (opt == nullptr) {
        return absl::StrCat("option inconnue « ", name, " » pour « ", CommandPath(*current), " »",
                            Suggest(Nearest(name, OptionNames(*current)), *current));
      }
      bool inline_value = arg.find('=') != std::string::npos || (name != arg && name[1] != '-');
      if (opt->get_type_size() != 0 && !inline_value) ++i;  // its value
      continue;
    }
    if (const CLI::App* sub = FindSubcommand(*current, arg)) {
      current = sub;
      continue;
    }
    bool takes_positionals =
        !current->get_options([](const CLI::Option* o) { return o->get_positional(); }).empty();
    if (!takes_positionals && !SubcommandNames(*current).empty()) {
      return absl::StrCat("commande inconnue « ", arg, " » pour « ", CommandPath(*current), " »",
                          Suggest(Nearest(arg, SubcommandNames(*current)), *current));
    }
  }
  return std::nullopt;
}

}  // namespace factflow::cli
