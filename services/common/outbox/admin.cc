#include "outbox/admin.h"

#include "absl/strings/str_cat.h"
#include "outbox/outbox.h"

namespace factflow::outbox {
namespace {

using admin::v1::OutboxEvent;

constexpr size_t kMaxReasonBytes = 500;

constexpr char kColumns[] =
    "id, event_id::text, topic, event_type, octet_length(envelope), "
    "extract(epoch FROM created_at)::bigint, last_error, extract(epoch FROM last_error_at)::bigint, "
    "extract(epoch FROM parked_at)::bigint, parked_by, park_reason, "
    "extract(epoch FROM published_at)::bigint";

void SetTime(const pqxx::field& epoch, google::protobuf::Timestamp* out) {
  if (!epoch.is_null()) out->set_seconds(epoch.as<int64_t>());
}

OutboxEvent EventFromRow(const pqxx::row& row) {
  OutboxEvent event;
  event.set_id(row[0].as<int64_t>());
  event.set_event_id(row[1].as<std::string>());
  event.set_topic(row[2].as<std::string>());
  event.set_event_type(row[3].as<std::string>());
  event.set_size_bytes(row[4].as<int64_t>());
  SetTime(row[5], event.mutable_created_at());
  event.set_last_error(db::TextOrEmpty(row[6]));
  SetTime(row[7], event.mutable_last_error_at());
  SetTime(row[8], event.mutable_parked_at());
  event.set_parked_by(db::TextOrEmpty(row[9]));
  event.set_park_reason(db::TextOrEmpty(row[10]));
  SetTime(row[11], event.mutable_published_at());
  if (!row[11].is_null()) {
    event.set_state(admin::v1::OUTBOX_EVENT_STATE_PUBLISHED);
  } else if (!row[8].is_null()) {
    event.set_state(admin::v1::OUTBOX_EVENT_STATE_PARKED);
  } else if (!row[6].is_null()) {
    event.set_state(admin::v1::OUTBOX_EVENT_STATE_STUCK);
  } else {
    event.set_state(admin::v1::OUTBOX_EVENT_STATE_PENDING);
  }
  return event;
}

const char* FilterCondition(admin::v1::OutboxEventFilter filter) {
  switch (filter) {
    case admin::v1::OUTBOX_EVENT_FILTER_STUCK:
      return "parked_at IS NULL AND last_error IS NOT NULL";
    case admin::v1::OUTBOX_EVENT_FILTER_PARKED:
      return "parked_at IS NOT NULL";
    default:
      return "true";
  }
}

absl::Status NoSuchEvent(int64_t id) {
  return absl::NotFoundError(
      absl::StrCat("aucun événement n° ", id,
                   " dans la file d'envoi de ce dossier (factflowctl outbox list)"));
}

}  // namespace

absl::StatusOr<OutboxListing> ListOutboxEvents(db::Pool& pool, const std::string& tenant_id,
                                               admin::v1::OutboxEventFilter filter,
                                               std::optional<int64_t> after_id, int page_size,
                                               int64_t stuck_row) {
  OutboxListing listing;
  absl::Status status = pool.InTransaction([&](pqxx::work& tx) {
    listing = OutboxListing{};
    // The unpublished rows are few and indexed (outbox_unpublished): a keyset range over them.
    pqxx::result rows = tx.exec_params(
        absl::StrCat("SELECT ", kColumns,
                     " FROM outbox WHERE published_at IS NULL AND partition_key = $1 AND id > $2 "
                     "AND ",
                     FilterCondition(filter), " ORDER BY id LIMIT $3"),
        tenant_id, after_id.value_or(0), page_size + 1);
    for (const auto& row : rows) {
      if (static_cast<int>(listing.events.size()) == page_size) {
        listing.more = true;
        break;
      }
      listing.events.push_back(EventFromRow(row));
    }
    pqxx::row counts = tx.exec_params1(
        "SELECT count(*), count(*) FILTER (WHERE parked_at IS NOT NULL) FROM outbox "
        "WHERE published_at IS NULL AND partition_key = $1",
        tenant_id);
    listing.unpublished_count = counts[0].as<int64_t>();
    listing.parked_count = counts[1].as<int64_t>();
    listing.owns_stuck_row =
        stuck_row != 0 &&
        !tx.exec_params("SELECT FROM outbox WHERE id = $1 AND partition_key = $2", stuck_row,
                        tenant_id)
             .empty();
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return listing;
}

absl::StatusOr<OutboxEvent> ParkOutboxEvent(db::Pool& pool, const std::string& tenant_id,
                                            int64_t id, const std::string& operator_id,
                                            const std::string& reason) {
  if (id <= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("numéro d'événement invalide : ", id, " (un entier positif est attendu)"));
  }
  if (reason.empty()) {
    return absl::InvalidArgumentError(
        "le motif est obligatoire pour mettre un événement de côté (--reason)");
  }
  if (reason.size() > kMaxReasonBytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        "motif trop long : ", reason.size(), " octets (", kMaxReasonBytes, " au plus)"));
  }
  OutboxEvent event;
  absl::Status status = pool.InTransaction([&](pqxx::work& tx) -> absl::Status {
    pqxx::result current = tx.exec_params(
        "SELECT published_at IS NOT NULL FROM outbox WHERE id = $1 AND partition_key = $2 "
        "FOR UPDATE",
        id, tenant_id);
    if (current.empty()) return NoSuchEvent(id);
    if (current[0][0].as<bool>()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "l'événement n° ", id, " est déjà publié : il n'y a rien à mettre de côté"));
    }
    pqxx::row row = tx.exec_params1(
        absl::StrCat("UPDATE outbox SET parked_at = COALESCE(parked_at, now()), parked_by = $3, "
                     "park_reason = $4 WHERE id = $1 AND partition_key = $2 RETURNING ",
                     kColumns),
        id, tenant_id, operator_id, reason);
    event = EventFromRow(row);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return event;
}

absl::StatusOr<int64_t> RepublishOutboxEvents(db::Pool& pool, const std::string& tenant_id,
                                              int64_t from_id, int64_t to_id) {
  if (to_id == 0) to_id = from_id;
  if (from_id <= 0 || to_id < from_id) {
    return absl::InvalidArgumentError(absl::StrCat(
        "intervalle d'événements invalide : ", from_id, " à ", to_id,
        " (des entiers positifs, le premier au plus égal au dernier)"));
  }
  int64_t marked = 0;
  absl::Status status = pool.InTransaction([&](pqxx::work& tx) -> absl::Status {
    pqxx::row found = tx.exec_params1(
        "SELECT count(*), min(id) FILTER (WHERE octet_length(envelope) > $4) FROM outbox "
        "WHERE partition_key = $1 AND id BETWEEN $2 AND $3",
        tenant_id, from_id, to_id, static_cast<int64_t>(kMaxEnvelopeBytes));
    if (found[0].as<int64_t>() == 0) {
      if (from_id == to_id) return NoSuchEvent(from_id);
      return absl::NotFoundError(absl::StrCat("aucun événement de ", from_id, " à ", to_id,
                                              " dans la file d'envoi de ce dossier"));
    }
    if (!found[1].is_null()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "l'événement n° ", found[1].as<int64_t>(), " dépasse la taille maximale d'un événement (",
          kMaxEnvelopeBytes, " octets) : il ne pourra jamais être publié ; laissez-le de côté "
                             "(factflowctl outbox park)"));
    }
    // Clearing the failure too: the relay records it again if the cause is still there.
    marked = tx.exec_params(
                   "UPDATE outbox SET published_at = NULL, parked_at = NULL, parked_by = NULL, "
                   "park_reason = NULL, last_error = NULL, last_error_at = NULL "
                   "WHERE partition_key = $1 AND id BETWEEN $2 AND $3",
                   tenant_id, from_id, to_id)
                 .affected_rows();
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return marked;
}

absl::StatusOr<int64_t> CountParkedEvents(db::Pool& pool) {
  int64_t count = 0;
  absl::Status status = pool.InTransaction([&](pqxx::work& tx) {
    count = tx.exec1("SELECT count(*) FROM outbox WHERE published_at IS NULL "
                     "AND parked_at IS NOT NULL")[0]
                .as<int64_t>();
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return count;
}

}  // namespace factflow::outbox
