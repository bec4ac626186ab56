#pragma once

// Parties ("tiers"): customers, suppliers and contacts, with their billing and delivery
// addresses and the identifiers invoices need (SIRET, VAT number). Pure C++, no I/O.
//
// Thread safety: value types and reentrant functions.
//
// Errors: InvalidArgument naming every wrong field, what was wrong and how to fix it.

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace factflow::catalog_mapping::domain {

// The kinds of party, as the API spells them.
inline constexpr std::string_view kPartyClient = "CLIENT";
inline constexpr std::string_view kPartySupplier = "FOURNISSEUR";
inline constexpr std::string_view kPartyContact = "CONTACT";

struct PostalAddress {
  std::string line1;
  std::string line2;
  std::string line3;
  std::string postal_code;
  std::string city;
  std::string country_code;  // ISO 3166-1 alpha-2, upper case

  bool empty() const;
  friend bool operator==(const PostalAddress&, const PostalAddress&) = default;
};

struct Party {
  std::string code;
  std::string kind;
  std::string name;
  std::string family;
  PostalAddress billing_address;
  PostalAddress delivery_address;
  std::string siret;       // 14 digits, or empty
  std::string vat_number;  // e.g. FR32123456789, or empty
  std::string email;
  std::string phone;
  bool export_to_chorus = false;
  std::string service_code;  // Chorus Pro service code of a public buyer, or empty
};

// Validates and normalises a party as a caller sent it (field names in messages are
// "party.<field>"): trims texts, upper-cases the kind, country codes and VAT number, removes
// spaces from the SIRET and VAT number. Chorus Pro export needs a SIRET.
absl::StatusOr<Party> ValidateParty(const Party& draft);

}  // namespace factflow::catalog_mapping::domain
