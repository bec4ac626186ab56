#include "domain/party.h"

#include <algorithm>
#include <array>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "domain/codes.h"

namespace factflow::catalog_mapping::domain {
namespace {

constexpr std::array<std::string_view, 3> kPartyKinds = {kPartyClient, kPartySupplier,
                                                         kPartyContact};

std::string Upper(std::string_view text) {
  return absl::AsciiStrToUpper(std::string(TrimSpaces(text)));
}

// SIRET and VAT numbers are often written in groups ("123 456 789 00012").
std::string WithoutSpaces(std::string_view text) {
  return absl::StrReplaceAll(std::string(text), {{" ", ""}, {"\u00a0", ""}, {".", ""}});
}

bool AllOf(std::string_view text, bool (*predicate)(unsigned char)) {
  return std::all_of(text.begin(), text.end(),
                     [&](char c) { return predicate(static_cast<unsigned char>(c)); });
}

absl::StatusOr<std::string> NormalizeKind(std::string_view text) {
  std::string kind = Upper(text);
  if (std::find(kPartyKinds.begin(), kPartyKinds.end(), kind) == kPartyKinds.end()) {
    return absl::InvalidArgumentError(
        absl::StrCat("party.kind « ", Excerpt(TrimSpaces(text)),
                     " » n'est pas un type de tiers : utilisez CLIENT, FOURNISSEUR ou CONTACT"));
  }
  return kind;
}

absl::StatusOr<std::string> NormalizeSiret(std::string_view text) {
  std::string siret = WithoutSpaces(text);
  if (siret.empty()) return siret;
  if (siret.size() != 14 || !AllOf(siret, absl::ascii_isdigit)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "party.siret « ", Excerpt(TrimSpaces(text)),
        " » n'est pas un SIRET : donnez les 14 chiffres (SIREN de 9 chiffres suivi du NIC de 5 "
        "chiffres), ou laissez-le vide"));
  }
  return siret;
}

absl::StatusOr<std::string> NormalizeVatNumber(std::string_view text) {
  std::string vat = Upper(WithoutSpaces(text));
  if (vat.empty()) return vat;
  if (vat.size() < 4 || vat.size() > 16 || !AllOf(vat.substr(0, 2), absl::ascii_isupper) ||
      !AllOf(vat.substr(2), absl::ascii_isalnum)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "party.vat_number « ", Excerpt(TrimSpaces(text)),
        " » n'est pas un numéro de TVA intracommunautaire : donnez le préfixe pays de 2 lettres "
        "et le numéro, par exemple FR32123456789, ou laissez-le vide"));
  }
  return vat;
}

absl::StatusOr<std::string> NormalizeEmail(std::string_view text) {
  std::string email(TrimSpaces(text));
  if (email.empty()) return email;
  size_t at = email.find('@');
  bool valid = at != std::string::npos && at > 0 && at + 1 < email.size() &&
               email.find('@', at + 1) == std::string::npos &&
               email.find(' ') == std::string::npos && email.size() <= 254;
  if (!valid) {
    return absl::InvalidArgumentError(absl::StrCat(
        "party.email « ", Excerpt(email),
        " » n'est pas une adresse électronique : écrivez-la sous la forme nom@exemple.fr"));
  }
  return email;
}

absl::StatusOr<std::string> NormalizeCountryCode(std::string_view field, std::string_view text) {
  std::string code = Upper(text);
  if (code.empty() || (code.size() == 2 && AllOf(code, absl::ascii_isupper))) return code;
  return absl::InvalidArgumentError(
      absl::StrCat(std::string(field), " « ", Excerpt(TrimSpaces(text)),
                   " » n'est pas un code pays ISO 3166-1 alpha-2 : utilisez par exemple FR, BE, "
                   "DE"));
}

PostalAddress NormalizeAddress(std::string_view name, const PostalAddress& address,
                               Problems& problems) {
  auto field = [&](std::string_view part) {
    return absl::StrCat("party.", std::string(name), ".", std::string(part));
  };
  auto text = [&](std::string_view part, const std::string& value) {
    return problems.Take(NormalizeText(field(part), value, /*required=*/false));
  };
  PostalAddress normalized;
  normalized.line1 = text("line1", address.line1);
  normalized.line2 = text("line2", address.line2);
  normalized.line3 = text("line3", address.line3);
  normalized.postal_code = problems.Take(
      NormalizeText(field("postal_code"), address.postal_code, /*required=*/false, 16));
  normalized.city = text("city", address.city);
  normalized.country_code =
      problems.Take(NormalizeCountryCode(field("country_code"), address.country_code));
  return normalized;
}

}  // namespace

bool PostalAddress::empty() const { return *this == PostalAddress(); }

absl::StatusOr<Party> ValidateParty(const Party& draft) {
  Problems problems;
  Party party;
  party.code = problems.Take(NormalizeCode("party.code", draft.code));
  party.kind = problems.Take(NormalizeKind(draft.kind));
  party.name = problems.Take(NormalizeText("party.name", draft.name, /*required=*/true));
  party.family = problems.Take(
      NormalizeText("party.family", draft.family, /*required=*/false, kMaxCodeLength));
  party.billing_address = NormalizeAddress("billing_address", draft.billing_address, problems);
  party.delivery_address = NormalizeAddress("delivery_address", draft.delivery_address, problems);
  party.siret = problems.Take(NormalizeSiret(draft.siret));
  party.vat_number = problems.Take(NormalizeVatNumber(draft.vat_number));
  party.email = problems.Take(NormalizeEmail(draft.email));
  party.phone = problems.Take(NormalizeText("party.phone", draft.phone, /*required=*/false, 32));
  party.export_to_chorus = draft.export_to_chorus;
  party.service_code = problems.Take(NormalizeText("party.service_code", draft.service_code,
                                                   /*required=*/false, 100));
  if (party.export_to_chorus && WithoutSpaces(draft.siret).empty()) {
    problems.Add(
        "party.export_to_chorus est coché mais party.siret est vide : Chorus Pro identifie "
        "l'acheteur par son SIRET ; donnez-le, ou décochez export_to_chorus");
  }
  if (absl::Status status = problems.Finish(); !status.ok()) return status;
  return party;
}

}  // namespace factflow::catalog_mapping::domain
