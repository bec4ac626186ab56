#pragma once

// Tenant ("dossier") operations shared by `factflowctl tenant ...` and `factflowctl job`.

#include <string>

#include "absl/status/statusor.h"
#include "client.h"
#include "factflow/invoicing/v1/invoicing.pb.h"

namespace factflow::cli {

// The tenant of the caller's token; NOT_FOUND when it has not been created yet.
absl::StatusOr<invoicing::v1::Tenant> GetTenant(Client& client);

// Creates the tenant of the caller's token (role admin); tenant_id defaults to the tenant of
// the minted token.
absl::StatusOr<invoicing::v1::Tenant> CreateTenant(Client& client, invoicing::v1::Tenant tenant);

// Activates the import format `format` for `tenant` unless it already is (GetTenant → add →
// UpdateTenant). *changed tells whether it had to.
absl::StatusOr<invoicing::v1::Tenant> EnsureFormatActivated(Client& client,
                                                            invoicing::v1::Tenant tenant,
                                                            const std::string& format,
                                                            bool* changed);

// The current calendar year in the local time zone (numbering series prefixes).
int CurrentYear();

// The tenant's settings in French, for operators.
std::string DescribeTenant(const invoicing::v1::Tenant& tenant);

}  // namespace factflow::cli
