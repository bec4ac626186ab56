#include "storage/rows.h"

#include <optional>
#include <stdexcept>
#include <string>

#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"

namespace factflow::catalog_mapping::storage {

using domain::Article;
using domain::Party;
using domain::PostalAddress;

money::Decimal StoredDecimal(const pqxx::field& field) {
  std::optional<money::Decimal> value = money::Decimal::Parse(field.c_str());
  if (!value) {
    throw std::runtime_error(
        absl::StrCat("unreadable decimal in column ", field.name(), ": ", field.c_str()));
  }
  return *value;
}

// Columns in kArticleColumns order, starting at `first`.
Article ArticleFromRow(const pqxx::row& row, int first) {
  Article article;
  article.code = row[first].as<std::string>();
  article.label = row[first + 1].as<std::string>();
  article.unit_code = row[first + 2].as<std::string>();
  article.vat_rate = StoredDecimal(row[first + 3]);
  article.available_for_export = row[first + 4].as<bool>();
  article.family = row[first + 5].as<std::string>();
  if (!row[first + 6].is_null()) article.unit_price_excl_vat = StoredDecimal(row[first + 6]);
  return article;
}

PostalAddress AddressFromField(const pqxx::field& field) {
  PostalAddress address;
  if (field.is_null()) return address;
  nlohmann::json json = nlohmann::json::parse(field.c_str());
  auto text = [&](const char* key) { return json.value(key, std::string()); };
  address.line1 = text("line1");
  address.line2 = text("line2");
  address.line3 = text("line3");
  address.postal_code = text("postal_code");
  address.city = text("city");
  address.country_code = text("country_code");
  return address;
}

// Columns in kPartyColumns order.
Party PartyFromRow(const pqxx::row& row, int first) {
  Party party;
  party.code = row[first].as<std::string>();
  party.kind = row[first + 1].as<std::string>();
  party.name = row[first + 2].as<std::string>();
  party.family = row[first + 3].as<std::string>();
  party.billing_address = AddressFromField(row[first + 4]);
  party.delivery_address = AddressFromField(row[first + 5]);
  party.siret = row[first + 6].as<std::string>();
  party.vat_number = row[first + 7].as<std::string>();
  party.email = row[first + 8].as<std::string>();
  party.phone = row[first + 9].as<std::string>();
  party.export_to_chorus = row[first + 10].as<bool>();
  party.service_code = row[first + 11].as<std::string>();
  return party;
}

}  // namespace factflow::catalog_mapping::storage
