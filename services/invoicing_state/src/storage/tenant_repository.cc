#include "storage/tenant_repository.h"

#include "absl/strings/str_cat.h"

namespace factflow::invoicing::storage {
namespace {

std::string SettingsBytes(const v1::Tenant& tenant) {
  v1::Tenant settings = tenant;
  settings.clear_series();
  settings.clear_created_at();
  return settings.SerializeAsString();
}

v1::NumberingSeries SeriesFromRow(const pqxx::row& row) {
  v1::NumberingSeries series;
  series.set_code(row["code"].as<std::string>());
  series.set_prefix(row["prefix"].as<std::string>());
  series.set_padding(row["padding"].as<int>());
  series.set_document_kind(row["document_kind"].as<std::string>());
  series.set_next_value(row["next_value"].as<int64_t>());
  return series;
}

void InsertSeries(pqxx::work& tx, const std::string& tenant_id, const v1::NumberingSeries& s) {
  tx.exec_params(
      "INSERT INTO numbering_series (tenant_id, code, prefix, padding, document_kind, next_value) "
      "VALUES ($1, $2, $3, $4, $5, $6)",
      tenant_id, s.code(), s.prefix(), s.padding(), s.document_kind(),
      s.next_value() > 0 ? s.next_value() : 1);
}

}  // namespace

absl::StatusOr<v1::Tenant> LoadTenant(pqxx::work& tx, const std::string& tenant_id) {
  pqxx::result rows = tx.exec_params(
      "SELECT settings, extract(epoch FROM created_at)::bigint FROM tenants WHERE tenant_id = $1",
      tenant_id);
  if (rows.empty()) {
    return absl::NotFoundError(absl::StrCat(
        "dossier « ", tenant_id, " » inconnu : créez-le avec « factflowctl tenant create »"));
  }
  v1::Tenant tenant;
  pqxx::binarystring settings(rows[0][0]);
  if (!tenant.ParseFromString(settings.str())) {
    return absl::InternalError(
        absl::StrCat("stored settings of tenant ", tenant_id, " are corrupt"));
  }
  tenant.set_tenant_id(tenant_id);
  tenant.mutable_created_at()->set_seconds(rows[0][1].as<int64_t>());
  for (const auto& row : tx.exec_params(
           "SELECT code, prefix, padding, document_kind, next_value FROM numbering_series "
           "WHERE tenant_id = $1 ORDER BY code",
           tenant_id)) {
    *tenant.add_series() = SeriesFromRow(row);
  }
  return tenant;
}

absl::Status InsertTenant(pqxx::work& tx, const v1::Tenant& tenant) {
  std::string settings = SettingsBytes(tenant);
  pqxx::result inserted = tx.exec_params(
      "INSERT INTO tenants (tenant_id, settings) VALUES ($1, $2) ON CONFLICT DO NOTHING",
      tenant.tenant_id(), pqxx::binarystring(settings.data(), settings.size()));
  if (inserted.affected_rows() == 0) {
    return absl::AlreadyExistsError(
        absl::StrCat("le dossier « ", tenant.tenant_id(), " » existe déjà"));
  }
  for (const auto& series : tenant.series()) InsertSeries(tx, tenant.tenant_id(), series);
  return absl::OkStatus();
}

absl::Status UpdateTenant(pqxx::work& tx, const v1::Tenant& tenant) {
  std::string settings = SettingsBytes(tenant);
  pqxx::result updated =
      tx.exec_params("UPDATE tenants SET settings = $2, updated_at = now() WHERE tenant_id = $1",
                     tenant.tenant_id(), pqxx::binarystring(settings.data(), settings.size()));
  if (updated.affected_rows() == 0) {
    return absl::NotFoundError(absl::StrCat("dossier « ", tenant.tenant_id(), " » inconnu"));
  }
  for (const auto& series : tenant.series()) {
    pqxx::result existing = tx.exec_params(
        "SELECT code, prefix, padding, document_kind, next_value FROM numbering_series "
        "WHERE tenant_id = $1 AND code = $2",
        tenant.tenant_id(), series.code());
    if (existing.empty()) {
      InsertSeries(tx, tenant.tenant_id(), series);
      continue;
    }
    v1::NumberingSeries stored = SeriesFromRow(existing[0]);
    if (stored.prefix() != series.prefix() || stored.padding() != series.padding()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "la série ", series.code(), " existe déjà avec le préfixe « ", stored.prefix(),
          " » : une série de numérotation ne se modifie pas, créez-en une nouvelle"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<domain::NumberingSeries> LockSeries(pqxx::work& tx, const std::string& tenant_id,
                                                   const std::string& code) {
  pqxx::result rows = tx.exec_params(
      "SELECT code, prefix, padding, next_value FROM numbering_series "
      "WHERE tenant_id = $1 AND code = $2 FOR UPDATE",
      tenant_id, code);
  if (rows.empty()) {
    return absl::NotFoundError(
        absl::StrCat("série de numérotation « ", code, " » inconnue pour ce dossier"));
  }
  domain::NumberingSeries series;
  series.code = rows[0][0].as<std::string>();
  series.prefix = rows[0][1].as<std::string>();
  series.padding = rows[0][2].as<int>();
  series.next_value = rows[0][3].as<int64_t>();
  return series;
}

void SetNextValue(pqxx::work& tx, const std::string& tenant_id, const std::string& code,
                  int64_t next_value) {
  tx.exec_params("UPDATE numbering_series SET next_value = $3 WHERE tenant_id = $1 AND code = $2",
                 tenant_id, code, next_value);
}

}  // namespace factflow::invoicing::storage
