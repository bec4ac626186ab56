#pragma once

// Storage of tenant import profiles (migration 0220): one row per tenant and profile name, the
// definition kept as the factflow.importer.v1.ImportProfile that SaveImportProfile validated.
//
// Thread safety: free functions on the caller's transaction.

#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "factflow/importer/v1/importer.pb.h"

namespace factflow::importer::storage {

// At most this many profiles per tenant (SaveImportProfile refuses one more).
inline constexpr int kMaxProfilesPerTenant = 100;

// The profile with updated_by/updated_at filled, or nullopt.
std::optional<v1::ImportProfile> LoadProfile(pqxx::work& tx, const std::string& tenant_id,
                                             const std::string& name);
// Every profile of the tenant, by name (at most kMaxProfilesPerTenant).
std::vector<v1::ImportProfile> ListProfiles(pqxx::work& tx, const std::string& tenant_id);
int CountProfiles(pqxx::work& tx, const std::string& tenant_id);
// Inserts or replaces; returns the stored profile (with updated_by/updated_at).
v1::ImportProfile SaveProfile(pqxx::work& tx, const std::string& tenant_id,
                              const v1::ImportProfile& profile, const std::string& operator_id);
// True when a profile was deleted.
bool DeleteProfile(pqxx::work& tx, const std::string& tenant_id, const std::string& name);

}  // namespace factflow::importer::storage
