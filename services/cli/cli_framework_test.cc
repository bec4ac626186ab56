// factflowctl's framework: French parser messages, suggestions, the noun-verb grammar and its old
// spellings, completion, exit codes, and a walk over every command's --help that fails on
// English words in what operators read.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <set>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "app.h"
#include "completion.h"
#include "french_parser.h"
#include "grammar.h"
#include "parse.h"

namespace factflow::cli {
namespace {

using ::testing::HasSubstr;

struct CliRun {
  int code;
  std::string out;
  std::string err;
};

CliRun RunCli(std::vector<std::string> args) {
  args.insert(args.begin(), "factflowctl");
  std::vector<const char*> argv;
  for (const std::string& arg : args) argv.push_back(arg.c_str());
  testing::internal::CaptureStdout();
  testing::internal::CaptureStderr();
  int code = RunFactflowctl(static_cast<int>(argv.size()), argv.data());
  std::string out = testing::internal::GetCapturedStdout();
  std::string err = testing::internal::GetCapturedStderr();
  return {code, out, err};
}

TEST(Nearest, FindsTheTypo) {
  std::vector<std::string> commands = {"health", "tenant", "articles", "invoices", "batches"};
  EXPECT_EQ(Nearest("invoce", commands), "invoices");
  EXPECT_EQ(Nearest("batchs", commands), "batches");
  EXPECT_EQ(Nearest("helth", commands), "health");
  EXPECT_EQ(Nearest("art", commands), "articles") << "a prefix counts";
  EXPECT_EQ(Nearest("zzzzzzzz", commands), std::nullopt);
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3u);
  EXPECT_EQ(EditDistance("", "abc"), 3u);
}

TEST(TranslateParseError, CliElevenMessagesInFrench) {
  EXPECT_EQ(TranslateParseError("INVOICE is required"), "INVOICE est obligatoire");
  EXPECT_EQ(TranslateParseError("FILE: File does not exist: a.xlsx"),
            "FILE : le fichier « a.xlsx » n'existe pas");
  EXPECT_EQ(TranslateParseError("The following argument was not expected: foo"),
            "argument(s) inattendu(s) : foo");
  EXPECT_EQ(TranslateParseError("--out: 1 required TEXT missing"), "--out : valeur manquante");
  EXPECT_EQ(TranslateParseError("Could not convert: --stall-timeout = abc"),
            "--stall-timeout : la valeur « abc » n'est pas valide");
  // Our own French validation messages pass unchanged.
  EXPECT_EQ(TranslateParseError("--state: état « X » inconnu"), "--state: état « X » inconnu");
}

TEST(RewriteOldSpellings, KeepsTheOldCommandsWorking) {
  using V = std::vector<std::string>;
  EXPECT_EQ(RewriteOldSpellings(V{"invoices"}), (V{"invoices", "list"}));
  EXPECT_EQ(RewriteOldSpellings(V{"invoices", "--batch", "3"}),
            (V{"invoices", "list", "--batch", "3"}));
  EXPECT_EQ(RewriteOldSpellings(V{"--tenant", "acme", "batches", "--json"}),
            (V{"--tenant", "acme", "batches", "list", "--json"}));
  EXPECT_EQ(RewriteOldSpellings(V{"action", "send", "--batch", "3"}),
            (V{"invoices", "action", "send", "--batch", "3"}));
  EXPECT_EQ(RewriteOldSpellings(V{"invoices", "send", "--batch", "3"}),
            (V{"invoices", "action", "send", "--batch", "3"}));
  EXPECT_EQ(RewriteOldSpellings(V{"invoices", "--help"}), (V{"invoices", "--help"}));
  EXPECT_EQ(RewriteOldSpellings(V{"invoices", "show", "X"}), (V{"invoices", "show", "X"}));
  EXPECT_EQ(RewriteOldSpellings(V{"grid", "12", "--invalid"}), (V{"grid", "show", "12", "--invalid"}));
  EXPECT_EQ(RewriteOldSpellings(V{"grid", "edit", "12", "A-1"}), (V{"grid", "edit", "12", "A-1"}));
  EXPECT_EQ(RewriteOldSpellings(V{"grid", "check", "12"}), (V{"grid", "check", "12"}));
}

class CommandLine : public ::testing::Test {
 protected:
  CommandLine() : app_("factflowctl", "factflowctl") { BuildCommandLine(app_, session_); }
  Session session_;
  CLI::App app_;
};

TEST_F(CommandLine, NounThenVerb) {
  const CLI::App* invoices = app_.get_subcommand("invoices");
  for (const char* verb : {"list", "show", "action"}) {
    EXPECT_NO_THROW(invoices->get_subcommand(verb)) << verb;
  }
  EXPECT_TRUE(invoices->check_name("invoice")) << "old spelling kept as an alias";
  const CLI::App* batches = app_.get_subcommand("batches");
  EXPECT_NO_THROW(batches->get_subcommand("list"));
  EXPECT_NO_THROW(batches->get_subcommand("show"));
  for (const char* noun : {"parties", "exchanges", "articles", "archive", "tenant"}) {
    EXPECT_NO_THROW(app_.get_subcommand(noun)) << noun;
  }
  EXPECT_NO_THROW(app_.get_subcommand("articles")->get_subcommand("resolve"));
}

TEST_F(CommandLine, UnknownCommandsAndOptionsGetTheNearestName) {
  EXPECT_EQ(DiagnoseUnknown(app_, {"invoce", "list"}),
            "commande inconnue « invoce » pour « factflowctl » : vouliez-vous dire « invoices » ?");
  EXPECT_EQ(
      DiagnoseUnknown(app_, {"invoices", "lst"}),
      "commande inconnue « lst » pour « factflowctl invoices » : vouliez-vous dire « list » ?");
  EXPECT_EQ(DiagnoseUnknown(app_, {"invoices", "list", "--jsn"}),
            "option inconnue « --jsn » pour « factflowctl invoices list » : vouliez-vous dire "
            "« --json » ?");
  EXPECT_EQ(DiagnoseUnknown(app_, {"--tenant", "acme", "invoices", "list", "-o", "yaml"}),
            std::nullopt);
}

TEST_F(CommandLine, CompletionCandidatesFollowTheTree) {
  std::string top = CompletionCandidates(app_, {});
  EXPECT_THAT(top, HasSubstr("invoices\n"));
  EXPECT_THAT(top, HasSubstr("--tenant\n"));
  std::string verbs = CompletionCandidates(app_, {"invoices"});
  EXPECT_THAT(verbs, HasSubstr("list\n"));
  EXPECT_THAT(verbs, HasSubstr("show\n"));
  EXPECT_THAT(CompletionCandidates(app_, {"invoices", "list"}), HasSubstr("--output\n"));
}

// Every command that prints records offers -o and --json.
TEST_F(CommandLine, RecordCommandsOfferOutputFormats) {
  for (std::vector<std::string> path : std::vector<std::vector<std::string>>{{"invoices", "list"},
                                                                             {"invoices", "show"},
                                                                             {"batches", "list"},
                                                                             {"batches", "show"},
                                                                             {"articles", "list"},
                                                                             {"articles", "show"},
                                                                             {"parties", "list"},
                                                                             {"exchanges", "list"},
                                                                             {"archive", "list"},
                                                                             {"operations", "list"},
                                                                             {"tenant", "show"}}) {
    const CLI::App* command = &app_;
    for (const std::string& name : path) command = command->get_subcommand(name);
    EXPECT_NE(command->get_option_no_throw("-o"), nullptr) << absl::StrJoin(path, " ");
    EXPECT_NE(command->get_option_no_throw("--json"), nullptr) << absl::StrJoin(path, " ");
  }
}

// English words an operator must not read. Command and option names (the grammar, like kubectl's)
// and format names are not prose and are removed before the check.
const std::set<std::string>& EnglishWords() {
  static const std::set<std::string> kWords = {
      "the",         "is",       "are",      "was",      "were",       "of",          "to",
      "in",          "for",      "with",     "without",  "on",         "by",          "from",
      "and",         "or",       "not",      "be",       "this",       "that",        "it",
      "as",          "at",       "required", "requires", "subcommand", "subcommands", "usage",
      "positionals", "option",   "file",     "does",     "exist",      "expected",    "argument",
      "arguments",   "value",    "values",   "prints",   "shows",      "lists",       "default",
      "help",        "display",  "text",     "int",      "float",      "number",      "string",
      "boolean",     "needs",    "excludes", "env",      "must",       "should",      "can",
      "cannot",      "will",     "only",     "all",      "any",        "each",        "every",
      "more",        "less",     "than",     "then",     "when",       "if",          "else",
      "output",      "input",    "error",    "errors",   "warning",    "found",       "missing",
      "unknown",     "invalid",  "allowed",  "true",     "false",      "yes",         "directory",
      "path",        "exactly",  "least",    "most",     "following",  "into",        "your",
      "you",         "see",      "use",      "name",     "state",      "states",      "status",
      "run",         "runs",     "wait",     "waits",    "returns",    "starts",      "sets",
      "gets",        "creates",  "deletes",  "updates",  "checks",     "sends",       "print",
      "positional",  "commands", "command",  "flag",     "flags",      "optional",    "which",
      "where",       "how",      "what",     "after",    "before",     "until",       "per",
  };
  return kWords;
}

// Proper names, format names and values that operators type (allowed in help text).
const std::set<std::string>& AllowedNames() {
  static const std::set<std::string> kNames = {
      "fnac", "chorus", "pro",  "json", "yaml",  "wide",  "table", "bash", "zsh",  "pdf",
      "xml",  "cii",    "sha",  "uuid", "siret", "siren", "iban",  "bic",  "ean",  "sku",
      "xlsx", "csv",    "grpc", "host", "env",   "be",    "fr",    "port", "user", "id",
      "ged",  "un",     "ece",  "rec",  "eta",   "ok",    "http",  "https"};
  return kNames;
}

void CollectNames(const CLI::App& app, std::set<std::string>& names) {
  auto add_parts = [&names](const std::string& name) {
    for (absl::string_view part : absl::StrSplit(name, absl::ByAnyChar("-_"), absl::SkipEmpty())) {
      names.insert(absl::AsciiStrToLower(part));
    }
  };
  add_parts(app.get_name());
  for (const std::string& alias : app.get_aliases()) add_parts(alias);
  for (const CLI::Option* opt : app.get_options()) {
    for (const std::string& name : opt->get_lnames()) add_parts(name);
    for (const std::string& name : opt->get_snames()) add_parts(name);
    add_parts(opt->get_name(true, false));
    add_parts(opt->get_envname());
  }
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    CollectNames(*sub, names);
  }
}

// Words of `text` (ASCII letters; a word with an accent or other non-ASCII letter is French;
// an identifier with an underscore, such as the enum value AVAILABLE_FOR_EXPORT or the variable
// FACTFLOW_TOKEN, is a name the operator types as is, not English prose).
std::vector<std::string> AsciiWords(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  bool non_ascii = false;
  auto flush = [&] {
    if (!word.empty() && !non_ascii && word.find('_') == std::string::npos) {
      words.push_back(absl::AsciiStrToLower(word));
    }
    word.clear();
    non_ascii = false;
  };
  for (unsigned char c : text) {
    if (absl::ascii_isalpha(c) || c == '_') {
      word.push_back(static_cast<char>(c));
    } else if (c >= 0x80) {
      non_ascii = true;
      word.push_back(static_cast<char>(c));
    } else {
      flush();
    }
  }
  flush();
  return words;
}

TEST_F(CommandLine, EveryHelpIsFrench) {
  std::set<std::string> names;
  CollectNames(app_, names);
  for (const std::string& action : ActionNames()) {
    for (absl::string_view part : absl::StrSplit(action, '-')) names.insert(std::string(part));
  }
  int commands = 0;
  std::function<void(const CLI::App&, const std::string&)> walk = [&](const CLI::App& app,
                                                                      const std::string& path) {
    ++commands;
    std::string help = app.help();
    for (const std::string& word : AsciiWords(help)) {
      if (names.count(word) || AllowedNames().count(word)) continue;
      EXPECT_EQ(EnglishWords().count(word), 0u)
          << "English word « " << word << " » in the help of « " << path << " »:\n"
          << help;
    }
    for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
      walk(*sub, path + " " + sub->get_name());
    }
  };
  walk(app_, "factflowctl");
  EXPECT_GT(commands, 25);
}

TEST(Exit, VersionHelpUsageAndTypos) {
  CliRun version = RunCli({"--version"});
  EXPECT_EQ(version.code, 0);
  EXPECT_THAT(version.out, HasSubstr("factflowctl "));

  CliRun help = RunCli({"invoices", "--help"});
  EXPECT_EQ(help.code, 0);
  EXPECT_THAT(help.out, HasSubstr("Utilisation"));
  EXPECT_THAT(help.out, HasSubstr("Commandes:"));

  CliRun typo = RunCli({"invoce"});
  EXPECT_EQ(typo.code, 2);
  EXPECT_THAT(typo.err, HasSubstr("vouliez-vous dire « invoices » ?"));

  CliRun missing = RunCli({"invoices", "show"});
  EXPECT_EQ(missing.code, 2);
  EXPECT_THAT(missing.err, HasSubstr("erreur : INVOICE est obligatoire"));
  EXPECT_THAT(missing.err, HasSubstr("Aide : factflowctl invoices show --help"));

  CliRun no_verb = RunCli({"tenant"});
  EXPECT_EQ(no_verb.code, 2);
  EXPECT_THAT(no_verb.err, HasSubstr("une commande est attendue après « factflowctl tenant » : "));

  CliRun bad_format = RunCli({"invoices", "list", "-o", "xml"});
  EXPECT_EQ(bad_format.code, 2);
  EXPECT_THAT(bad_format.err, HasSubstr("format de sortie « xml » inconnu"));

  CliRun shell = RunCli({"completion", "fish"});
  EXPECT_EQ(shell.code, 2);
  EXPECT_THAT(shell.err, HasSubstr("shell « fish » non pris en charge"));

  CliRun bash = RunCli({"completion", "bash"});
  EXPECT_EQ(bash.code, 0);
  EXPECT_THAT(bash.out, HasSubstr("complete -o default -F _factflowctl_complete factflowctl"));
}

}  // namespace
}  // namespace factflow::cli
