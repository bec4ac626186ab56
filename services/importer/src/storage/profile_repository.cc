#include "storage/profile_repository.h"

namespace factflow::importer::storage {
namespace {

constexpr char kColumns[] = "definition, updated_by, extract(epoch FROM updated_at)::bigint";

v1::ImportProfile FromRow(const pqxx::row& row) {
  v1::ImportProfile profile;
  pqxx::binarystring bytes(row[0]);
  profile.ParseFromString(bytes.str());
  profile.set_updated_by(row[1].as<std::string>());
  profile.mutable_updated_at()->set_seconds(row[2].as<int64_t>());
  return profile;
}

}  // namespace

std::optional<v1::ImportProfile> LoadProfile(pqxx::work& tx, const std::string& tenant_id,
                                             const std::string& name) {
  pqxx::result rows = tx.exec_params(
      std::string("SELECT ") + kColumns +
          " FROM import_profiles WHERE tenant_id = $1 AND name = $2",
      tenant_id, name);
  if (rows.empty()) return std::nullopt;
  return FromRow(rows[0]);
}

std::vector<v1::ImportProfile> ListProfiles(pqxx::work& tx, const std::string& tenant_id) {
  pqxx::result rows = tx.exec_params(std::string("SELECT ") + kColumns +
                                         " FROM import_profiles WHERE tenant_id = $1 "
                                         "ORDER BY name LIMIT $2",
                                     tenant_id, kMaxProfilesPerTenant);
  std::vector<v1::ImportProfile> profiles;
  profiles.reserve(rows.size());
  for (const pqxx::row& row : rows) profiles.push_back(FromRow(row));
  return profiles;
}

int CountProfiles(pqxx::work& tx, const std::string& tenant_id) {
  return tx.exec_params1("SELECT count(*) FROM import_profiles WHERE tenant_id = $1", tenant_id)[0]
      .as<int>();
}

v1::ImportProfile SaveProfile(pqxx::work& tx, const std::string& tenant_id,
                              const v1::ImportProfile& profile, const std::string& operator_id) {
  v1::ImportProfile definition = profile;
  definition.clear_updated_by();
  definition.clear_updated_at();
  const std::string bytes = definition.SerializeAsString();
  pqxx::row row = tx.exec_params1(
      std::string("INSERT INTO import_profiles (tenant_id, name, definition, updated_by) "
                  "VALUES ($1, $2, $3, $4) ON CONFLICT (tenant_id, name) DO UPDATE SET "
                  "definition = EXCLUDED.definition, updated_by = EXCLUDED.updated_by, "
                  "updated_at = now() RETURNING ") +
          kColumns,
      tenant_id, profile.name(), pqxx::binarystring(bytes.data(), bytes.size()), operator_id);
  return FromRow(row);
}

bool DeleteProfile(pqxx::work& tx, const std::string& tenant_id, const std::string& name) {
  return tx.exec_params("DELETE FROM import_profiles WHERE tenant_id = $1 AND name = $2",
                        tenant_id, name)
             .affected_rows() > 0;
}

}  // namespace factflow::importer::storage
