#pragma once

// Reading articles and parties out of query rows, shared by the repositories of catalog-mapping:
// the column lists to SELECT (table aliases `a` and `p`) and the functions that read them back.
//
// Thread safety: reentrant functions.
//
// Errors: std::runtime_error for a stored value that cannot be read (a broken invariant,
// reported by the pool as Internal).

#include "db/pool.h"
#include "domain/article.h"
#include "domain/party.h"
#include "money/decimal.h"

namespace factflow::catalog_mapping::storage {

inline constexpr char kArticleColumns[] =
    "a.code, a.label, a.unit_code, a.vat_rate::text, a.available_for_export, a.family, "
    "a.unit_price_excl_vat::text";
inline constexpr int kArticleColumnCount = 7;

inline constexpr char kPartyColumns[] =
    "p.code, p.kind, p.name, p.family, p.billing_address::text, p.delivery_address::text, "
    "p.siret, p.vat_number, p.email, p.phone, p.export_to_chorus, p.service_code";
inline constexpr int kPartyColumnCount = 12;

money::Decimal StoredDecimal(const pqxx::field& field);
// Columns in kArticleColumns order, starting at `first`.
domain::Article ArticleFromRow(const pqxx::row& row, int first = 0);
// Columns in kPartyColumns order, starting at `first`.
domain::Party PartyFromRow(const pqxx::row& row, int first = 0);
// A stored address (JSON object, or NULL for none).
domain::PostalAddress AddressFromField(const pqxx::field& field);

}  // namespace factflow::catalog_mapping::storage
