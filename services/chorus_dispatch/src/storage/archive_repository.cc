#include "storage/archive_repository.h"

#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "hash/sha256.h"
#include "logging/logging.h"

namespace factflow::dispatch::storage {
namespace {

constexpr char kColumns[] =
    "object_id, invoice_id, invoice_number, kind, media_type, sha256, size, file_name, "
    "extract(epoch FROM stored_at)::bigint, retain_until::text";

v1::ArchivedObject FromRow(const pqxx::row& row) {
  v1::ArchivedObject object;
  object.set_object_id(row[0].as<std::string>());
  object.set_invoice_id(row[1].as<std::string>());
  object.set_invoice_number(row[2].as<std::string>());
  object.set_kind(row[3].as<std::string>());
  object.set_media_type(row[4].as<std::string>());
  object.set_sha256(row[5].as<std::string>());
  object.set_size(row[6].as<int64_t>());
  object.set_file_name(row[7].as<std::string>());
  object.mutable_stored_at()->set_seconds(row[8].as<int64_t>());
  object.set_retain_until(row[9].as<std::string>());
  return object;
}

}  // namespace

std::vector<v1::ArchivedObject> StoreAllOnce(pqxx::work& tx, const std::string& tenant_id,
                                             const std::vector<NewObject>& objects) {
  if (objects.empty()) return {};
  const std::string tenant = tx.quote(tenant_id);
  std::vector<std::string> values;
  std::vector<std::string> keys;
  values.reserve(objects.size());
  for (const NewObject& object : objects) {
    values.push_back(absl::StrCat(
        "(", tx.quote(logging::NewUuid()), "::uuid, ", tenant, ", ", tx.quote(object.invoice_id),
        "::uuid, ", tx.quote(object.invoice_number), ", ", tx.quote(object.kind), ", ",
        tx.quote(object.media_type), ", ", tx.quote(hash::Sha256Hex(object.content)), ", ",
        object.content.size(), ", ", tx.quote(object.file_name), ", ",
        tx.quote_raw(reinterpret_cast<const unsigned char*>(object.content.data()),
                     object.content.size()),
        ", ", tx.quote(object.retain_until), "::date)"));
    keys.push_back(absl::StrCat("(", tx.quote(object.invoice_id), "::uuid, ",
                                tx.quote(object.kind), ")"));
  }
  tx.exec(absl::StrCat(
      "INSERT INTO archive_objects (object_id, tenant_id, invoice_id, invoice_number, kind, "
      "media_type, sha256, size, file_name, content, retain_until) VALUES ",
      absl::StrJoin(values, ", "), " ON CONFLICT (tenant_id, invoice_id, kind) DO NOTHING"));
  // The archived copies (the earlier one for a replay), put back in the order given.
  std::map<std::pair<std::string, std::string>, v1::ArchivedObject> stored;
  for (const auto& row : tx.exec(absl::StrCat(
           "SELECT ", kColumns, " FROM archive_objects WHERE tenant_id = ", tenant,
           " AND (invoice_id, kind) IN (", absl::StrJoin(keys, ", "), ")"))) {
    v1::ArchivedObject object = FromRow(row);
    stored[{object.invoice_id(), object.kind()}] = std::move(object);
  }
  std::vector<v1::ArchivedObject> out;
  out.reserve(objects.size());
  for (const NewObject& object : objects) out.push_back(stored[{object.invoice_id, object.kind}]);
  return out;
}

v1::ArchivedObject StoreOnce(pqxx::work& tx, const std::string& tenant_id,
                             const NewObject& object) {
  return StoreAllOnce(tx, tenant_id, {object}).front();
}

std::vector<v1::ArchivedObject> ListObjects(pqxx::work& tx, const std::string& tenant_id,
                                            const std::string& invoice_id) {
  std::vector<v1::ArchivedObject> objects;
  for (const auto& row :
       tx.exec_params(absl::StrCat("SELECT ", kColumns,
                                   " FROM archive_objects WHERE tenant_id = $1 AND "
                                   "invoice_id = $2::uuid ORDER BY kind"),
                      tenant_id, invoice_id)) {
    objects.push_back(FromRow(row));
  }
  return objects;
}

absl::StatusOr<v1::ArchivedObject> LoadObject(pqxx::work& tx, const std::string& tenant_id,
                                              const std::string& object_id) {
  pqxx::result rows =
      tx.exec_params(absl::StrCat("SELECT ", kColumns,
                                  ", content FROM archive_objects WHERE tenant_id = $1 AND "
                                  "object_id = $2::uuid"),
                     tenant_id, object_id);
  if (rows.empty())
    return absl::NotFoundError(absl::StrCat("objet d'archive ", object_id, " introuvable"));
  v1::ArchivedObject object = FromRow(rows[0]);
  pqxx::binarystring content(rows[0][10]);
  object.set_content(content.str());
  return object;
}

void RecordExchange(pqxx::work& tx, const std::string& tenant_id, const std::string& invoice_id,
                    const std::string& kind, const std::string& status, const std::string& detail) {
  RecordExchanges(tx, tenant_id, {{invoice_id, kind, status, detail}});
}

void RecordExchanges(pqxx::work& tx, const std::string& tenant_id,
                     const std::vector<NewExchange>& exchanges) {
  if (exchanges.empty()) return;
  const std::string tenant = tx.quote(tenant_id);
  std::vector<std::string> values;
  values.reserve(exchanges.size());
  for (const NewExchange& e : exchanges) {
    values.push_back(absl::StrCat("(", tx.quote(logging::NewUuid()), "::uuid, ", tenant, ", ",
                                  tx.quote(e.invoice_id), "::uuid, ", tx.quote(e.kind), ", ",
                                  tx.quote(e.status), ", ", tx.quote(e.detail), ")"));
  }
  tx.exec(absl::StrCat(
      "INSERT INTO exchanges (exchange_id, tenant_id, invoice_id, kind, status, detail) VALUES ",
      absl::StrJoin(values, ", ")));
}

std::vector<v1::Exchange> ListExchanges(pqxx::work& tx, const std::string& tenant_id,
                                        const std::string& invoice_id) {
  std::vector<v1::Exchange> exchanges;
  for (const auto& row : tx.exec_params(
           "SELECT exchange_id, kind, status, detail, extract(epoch FROM at)::bigint FROM "
           "exchanges WHERE tenant_id = $1 AND invoice_id = $2::uuid ORDER BY at",
           tenant_id, invoice_id)) {
    v1::Exchange exchange;
    exchange.set_exchange_id(row[0].as<std::string>());
    exchange.set_kind(row[1].as<std::string>());
    exchange.set_status(row[2].as<std::string>());
    exchange.set_detail(row[3].as<std::string>());
    exchange.mutable_at()->set_seconds(row[4].as<int64_t>());
    exchanges.push_back(std::move(exchange));
  }
  return exchanges;
}

void RecordRenderFailure(pqxx::work& tx, const std::string& tenant_id,
                         const std::string& invoice_id, const std::string& invoice_number,
                         const std::string& error) {
  tx.exec_params(
      "INSERT INTO render_failures (tenant_id, invoice_id, invoice_number, last_error) "
      "VALUES ($1, $2::uuid, $3, $4) ON CONFLICT (tenant_id, invoice_id) DO UPDATE SET "
      "attempts = render_failures.attempts + 1, last_error = EXCLUDED.last_error, "
      "last_failed_at = now(), resolved_at = NULL",
      tenant_id, invoice_id, invoice_number, error);
}

void ResolveRenderFailure(pqxx::work& tx, const std::string& tenant_id,
                          const std::string& invoice_id) {
  ResolveRenderFailures(tx, tenant_id, {invoice_id});
}

void ResolveRenderFailures(pqxx::work& tx, const std::string& tenant_id,
                           const std::vector<std::string>& invoice_ids) {
  if (invoice_ids.empty()) return;
  std::vector<std::string> quoted;
  quoted.reserve(invoice_ids.size());
  for (const auto& id : invoice_ids) quoted.push_back(absl::StrCat(tx.quote(id), "::uuid"));
  tx.exec_params(absl::StrCat("UPDATE render_failures SET resolved_at = now() "
                              "WHERE tenant_id = $1 AND resolved_at IS NULL AND invoice_id IN (",
                              absl::StrJoin(quoted, ", "), ")"),
                 tenant_id);
}

std::vector<RenderFailure> PendingRenderFailures(pqxx::work& tx, int limit) {
  std::vector<RenderFailure> pending;
  for (const auto& row :
       tx.exec_params("SELECT tenant_id, invoice_id FROM render_failures WHERE resolved_at IS NULL "
                      "ORDER BY last_failed_at LIMIT $1",
                      limit)) {
    pending.push_back({row[0].as<std::string>(), row[1].as<std::string>()});
  }
  return pending;
}

int64_t CountPendingRenderFailures(pqxx::work& tx) {
  return tx.exec1("SELECT count(*) FROM render_failures WHERE resolved_at IS NULL")[0]
      .as<int64_t>();
}

}  // namespace factflow::dispatch::storage
