#include "parse.h"

#include <array>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace factflow::cli {
namespace {

using invoicing::v1::InvoiceAction;
using invoicing::v1::SendState;

constexpr size_t kMaxInvoiceNumberLength = 35;  // BR-FR-01/02
constexpr int kMaxPadding = 20;

// Debian's Abseil has its own string_view, distinct from std::string_view.
absl::string_view Absl(std::string_view s) { return absl::string_view(s.data(), s.size()); }
std::string_view Std(absl::string_view s) { return std::string_view(s.data(), s.size()); }

bool IsInvoiceNumberChar(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '_' ||
         c == '/';
}

absl::Status SeriesError(std::string_view spec, std::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("série « ", std::string(spec),
                                                 " » : ", std::string(why),
                                                 " (forme attendue : CODE:PRÉFIXE:CHIFFRES, "
                                                 "par exemple FA:FA2026-:6)"));
}

absl::StatusOr<std::string> ParseDocumentKind(std::string_view text) {
  std::string kind = absl::AsciiStrToUpper(std::string(text));
  if (kind.empty() || kind == "INVOICE" || kind == "FACTURE") return std::string("INVOICE");
  if (kind == "CREDIT_NOTE" || kind == "AVOIR") return std::string("CREDIT_NOTE");
  return absl::InvalidArgumentError(absl::StrCat("type de document inconnu « ", std::string(text),
                                                 " » (INVOICE ou CREDIT_NOTE)"));
}

struct ActionName {
  std::string_view name;
  InvoiceAction action;
};

constexpr std::array<ActionName, 9> kActions = {{
    {"prepare", invoicing::v1::INVOICE_ACTION_PREPARE},
    {"hold", invoicing::v1::INVOICE_ACTION_PUT_ON_HOLD},
    {"keep-internal", invoicing::v1::INVOICE_ACTION_KEEP_INTERNAL},
    {"put-back", invoicing::v1::INVOICE_ACTION_PUT_BACK_ON_HOLD},
    {"send", invoicing::v1::INVOICE_ACTION_SEND},
    {"retrieve-chorus", invoicing::v1::INVOICE_ACTION_RETRIEVE_FOR_CHORUS},
    {"print", invoicing::v1::INVOICE_ACTION_PRINT},
    {"preview", invoicing::v1::INVOICE_ACTION_PREVIEW},
    {"print-bills", invoicing::v1::INVOICE_ACTION_PRINT_BILLS_OF_EXCHANGE},
}};

int64_t SecondsPerUnit(char unit) {
  switch (unit) {
    case 'd':
      return 86400;
    case 'h':
      return 3600;
    case 'm':
      return 60;
    case 's':
      return 1;
    default:
      return 0;
  }
}

}  // namespace

absl::StatusOr<invoicing::v1::NumberingSeries> ParseSeriesSpec(std::string_view spec) {
  std::vector<std::string> parts = absl::StrSplit(Absl(spec), ':');
  if (parts.size() < 3 || parts.size() > 4) return SeriesError(spec, "3 ou 4 parties attendues");
  const std::string& code = parts[0];
  const std::string& prefix = parts[1];
  if (code.empty()) return SeriesError(spec, "le code est vide");
  for (char c : code) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c))) {
      return SeriesError(spec, "le code ne contient que des lettres et des chiffres");
    }
  }
  for (char c : prefix) {
    if (!IsInvoiceNumberChar(c)) {
      return SeriesError(spec, "le préfixe n'admet que A-Z a-z 0-9 + - _ /");
    }
  }
  int padding = 0;
  if (!absl::SimpleAtoi(parts[2], &padding) || padding < 1 || padding > kMaxPadding) {
    return SeriesError(spec, "le nombre de chiffres doit être un entier de 1 à 20");
  }
  if (prefix.size() + static_cast<size_t>(padding) > kMaxInvoiceNumberLength) {
    return SeriesError(spec, "préfixe et compteur dépassent 35 caractères");
  }
  auto kind = ParseDocumentKind(parts.size() == 4 ? parts[3] : std::string());
  if (!kind.ok()) return SeriesError(spec, Std(kind.status().message()));

  invoicing::v1::NumberingSeries series;
  series.set_code(code);
  series.set_prefix(prefix);
  series.set_padding(padding);
  series.set_next_value(1);
  series.set_document_kind(*kind);
  return series;
}

absl::StatusOr<absl::Duration> ParseDuration(std::string_view text) {
  auto invalid = [&] {
    return absl::InvalidArgumentError(absl::StrCat("durée invalide « ", std::string(text),
                                                   " » (exemples : 12h, 30m, 1h30m, 2d, 45s)"));
  };
  absl::string_view rest = absl::StripAsciiWhitespace(Absl(text));
  if (rest.empty()) return invalid();
  int64_t seconds = 0;
  while (!rest.empty()) {
    size_t digits = 0;
    while (digits < rest.size() && absl::ascii_isdigit(static_cast<unsigned char>(rest[digits]))) {
      ++digits;
    }
    if (digits == 0 || digits == rest.size() || digits > 9) return invalid();
    int64_t count = 0;
    if (!absl::SimpleAtoi(rest.substr(0, digits), &count)) return invalid();
    int64_t unit = SecondsPerUnit(rest[digits]);
    if (unit == 0) return invalid();
    seconds += count * unit;
    rest.remove_prefix(digits + 1);
  }
  if (seconds <= 0) return invalid();
  return absl::Seconds(seconds);
}

const std::vector<std::string>& ActionNames() {
  static const auto* names = [] {
    auto* v = new std::vector<std::string>();
    for (const ActionName& a : kActions) v->emplace_back(a.name);
    return v;
  }();
  return *names;
}

absl::StatusOr<InvoiceAction> ParseAction(std::string_view name) {
  std::string lower = absl::AsciiStrToLower(std::string(name));
  for (const ActionName& a : kActions) {
    if (a.name == lower) return a.action;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("action inconnue « ", std::string(name),
                   " » (actions : ", absl::StrJoin(ActionNames(), ", "), ")"));
}

bool IsFinalAction(InvoiceAction action) {
  return action == invoicing::v1::INVOICE_ACTION_SEND ||
         action == invoicing::v1::INVOICE_ACTION_RETRIEVE_FOR_CHORUS;
}

absl::StatusOr<SendState> ParseSendState(std::string_view name) {
  std::string upper = absl::AsciiStrToUpper(std::string(name));
  for (char& c : upper) {
    if (c == '-') c = '_';
  }
  SendState state;
  if (!upper.empty() && invoicing::v1::SendState_Parse("SEND_STATE_" + upper, &state) &&
      state != invoicing::v1::SEND_STATE_UNSPECIFIED) {
    return state;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("état d'envoi inconnu « ", std::string(name),
                   " » (EN_ATTENTE, PRET, ENVOYE ou CONSERVE_INTERNE)"));
}

std::vector<SendState> AllSendStates() {
  return {invoicing::v1::SEND_STATE_EN_ATTENTE, invoicing::v1::SEND_STATE_PRET,
          invoicing::v1::SEND_STATE_ENVOYE, invoicing::v1::SEND_STATE_CONSERVE_INTERNE};
}

absl::StatusOr<std::pair<std::string, std::string>> ParseAssignment(std::string_view text) {
  size_t eq = text.find('=');
  if (eq == std::string_view::npos || eq == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("« ", std::string(text),
                     " » : forme attendue CODE_EXTERNE=ARTICLE (ARTICLE vide : efface)"));
  }
  return std::make_pair(std::string(absl::StripAsciiWhitespace(Absl(text.substr(0, eq)))),
                        std::string(absl::StripAsciiWhitespace(Absl(text.substr(eq + 1)))));
}

std::vector<std::string> SplitList(std::string_view text) {
  std::vector<std::string> items;
  for (absl::string_view item : absl::StrSplit(Absl(text), ',')) {
    item = absl::StripAsciiWhitespace(item);
    if (!item.empty()) items.emplace_back(item);
  }
  return items;
}

bool LooksLikeUuid(std::string_view text) {
  if (text.size() != 36) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? text[i] != '-' : !absl::ascii_isxdigit(static_cast<unsigned char>(text[i]))) {
      return false;
    }
  }
  return true;
}

bool IsDigits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace factflow::cli
