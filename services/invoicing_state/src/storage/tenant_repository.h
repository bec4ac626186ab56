#pragma once

// Tenants and their numbering series in invoicing-state's database. Every function takes the
// caller's transaction; libpqxx exceptions propagate to Pool::InTransaction, which converts them.

#include <optional>
#include <pqxx/pqxx>
#include <string>

#include "absl/status/statusor.h"
#include "domain/numbering.h"
#include "factflow/invoicing/v1/invoicing.pb.h"

namespace factflow::invoicing::storage {

// The tenant with its series, or NotFound.
absl::StatusOr<v1::Tenant> LoadTenant(pqxx::work& tx, const std::string& tenant_id);

// Inserts a new tenant and its series. AlreadyExists when the tenant exists.
absl::Status InsertTenant(pqxx::work& tx, const v1::Tenant& tenant);

// Replaces the settings; adds series that do not exist yet. Existing series keep their prefix,
// padding and counter (FailedPrecondition when the request changes them).
absl::Status UpdateTenant(pqxx::work& tx, const v1::Tenant& tenant);

// Locks the series row for the rest of the transaction (gapless allocation); NotFound if absent.
absl::StatusOr<domain::NumberingSeries> LockSeries(pqxx::work& tx, const std::string& tenant_id,
                                                   const std::string& code);

void SetNextValue(pqxx::work& tx, const std::string& tenant_id, const std::string& code,
                  int64_t next_value);

}  // namespace factflow::invoicing::storage
