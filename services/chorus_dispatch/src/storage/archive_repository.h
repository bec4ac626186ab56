#pragma once

// The write-once archive and the exchange log in chorus-dispatch's database. Every function
// takes the caller's transaction and is scoped by tenant.

#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "factflow/dispatch/v1/dispatch.pb.h"

namespace factflow::dispatch::storage {

struct NewObject {
  std::string invoice_id;
  std::string invoice_number;
  std::string kind;        // "invoice-pdf" | "einvoice-cii"
  std::string media_type;  // "application/pdf" | "application/xml"
  std::string file_name;
  std::string content;
  std::string retain_until;  // YYYY-MM-DD
};

// Stores the object unless the invoice already has one of that kind (write once): returns the
// object as archived — the earlier one, if any, so a replayed event reports the same hash.
v1::ArchivedObject StoreOnce(pqxx::work& tx, const std::string& tenant_id, const NewObject& object);

// StoreOnce for many objects with one multi-row INSERT and one SELECT (the archive's batched
// storage): returns the objects as archived, in the order given. Precondition: no two objects
// share (invoice_id, kind).
std::vector<v1::ArchivedObject> StoreAllOnce(pqxx::work& tx, const std::string& tenant_id,
                                             const std::vector<NewObject>& objects);

std::vector<v1::ArchivedObject> ListObjects(pqxx::work& tx, const std::string& tenant_id,
                                            const std::string& invoice_id);
absl::StatusOr<v1::ArchivedObject> LoadObject(pqxx::work& tx, const std::string& tenant_id,
                                              const std::string& object_id);

void RecordExchange(pqxx::work& tx, const std::string& tenant_id, const std::string& invoice_id,
                    const std::string& kind, const std::string& status, const std::string& detail);
struct NewExchange {
  std::string invoice_id;
  std::string kind;
  std::string status;
  std::string detail;
};
// RecordExchange for many exchanges, with one multi-row INSERT.
void RecordExchanges(pqxx::work& tx, const std::string& tenant_id,
                     const std::vector<NewExchange>& exchanges);

std::vector<v1::Exchange> ListExchanges(pqxx::work& tx, const std::string& tenant_id,
                                        const std::string& invoice_id);

// Render failures (render_failures table): recorded per invoice, retried until resolved.
struct RenderFailure {
  std::string tenant_id;
  std::string invoice_id;
};
// Records (or counts again) a failure of the invoice's rendering.
void RecordRenderFailure(pqxx::work& tx, const std::string& tenant_id,
                         const std::string& invoice_id, const std::string& invoice_number,
                         const std::string& error);
// Marks the invoice's failure, if any, resolved (it was archived).
void ResolveRenderFailure(pqxx::work& tx, const std::string& tenant_id,
                          const std::string& invoice_id);
// ResolveRenderFailure for many invoices, with one UPDATE.
void ResolveRenderFailures(pqxx::work& tx, const std::string& tenant_id,
                           const std::vector<std::string>& invoice_ids);
// The unresolved failures, least recently tried first, at most `limit`.
std::vector<RenderFailure> PendingRenderFailures(pqxx::work& tx, int limit);
int64_t CountPendingRenderFailures(pqxx::work& tx);

}  // namespace factflow::dispatch::storage
