#include "storage/issue_staging.h"

#include <pqxx/stream_to>
#include <tuple>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "logging/logging.h"
#include "storage/chained_audit.h"

namespace factflow::invoicing::storage {
namespace {

constexpr char kStage[] = "issue_stage";
// Audit rows chained and COPYed per round trip.
constexpr int64_t kAuditPage = 10000;

// bytea in COPY text format (libpqxx escapes the backslash).
std::string HexBytea(const std::string& bytes) {
  return absl::StrCat("\\x", absl::BytesToHexString(bytes));
}

}  // namespace

IssueStaging::IssueStaging(pqxx::work& tx) : tx_(tx) {
  // Temporary: never WAL-logged, invisible to other sessions, gone with the transaction.
  tx_.exec(absl::StrCat("CREATE TEMPORARY TABLE ", kStage,
                        " (ord bigint PRIMARY KEY, invoice_id uuid NOT NULL, "
                        "type_code text NOT NULL, issue_date date NOT NULL, "
                        "source_external_id text NOT NULL, buyer_name text NOT NULL, "
                        "total_with_vat numeric(18, 2) NOT NULL, document bytea NOT NULL) "
                        "ON COMMIT DROP"));
}

IssueStaging::~IssueStaging() = default;

void IssueStaging::Open() {
  stream_ = std::make_unique<pqxx::stream_to>(
      tx_, kStage,
      std::vector<std::string>{"ord", "invoice_id", "type_code", "issue_date", "source_external_id",
                               "buyer_name", "total_with_vat", "document"});
}

void IssueStaging::Add(const v1::Invoice& invoice) {
  *stream_ << std::make_tuple(count_, invoice.invoice_id(), invoice.type_code(),
                              invoice.issue_date(), invoice.source_external_id(),
                              invoice.buyer().name(), invoice.total_with_vat().value(),
                              HexBytea(invoice.SerializeAsString()));
  ++count_;
}

void IssueStaging::Finish() {
  stream_->complete();
  stream_.reset();
}

absl::Status IssueStaging::Number(const IssuedBlock& block) {
  const domain::NumberingSeries& series = block.series;
  const int64_t last_value = block.first_value + count_ - 1;
  auto first_number = domain::FormatNumber(series, block.first_value);
  if (!first_number.ok()) return first_number.status();
  // Every number of the block is at most as long as the last one: checking it checks them all.
  auto last_number = domain::FormatNumber(series, last_value);
  if (!last_number.ok()) return last_number.status();
  // The number as domain::FormatNumber writes it: prefix + value zero-filled to `padding`
  // digits (lpad alone would cut a longer value).
  tx_.exec_params(
      absl::StrCat(
          "INSERT INTO invoices (invoice_id, tenant_id, series_code, sequence_value, number, "
          "type_code, issue_date, send_state, batch_id, batch_number, generation_id, "
          "source_external_id, buyer_name, total_with_vat, document, created_by, "
          "invoice_template) "
          "SELECT invoice_id, $1, $2, v, $3 || lpad(v::text, greatest($4, length(v::text)), '0'), "
          "type_code, issue_date, $5, NULLIF($6, '')::uuid, $7, NULLIF($8, '')::uuid, "
          "source_external_id, buyer_name, total_with_vat, document, $9, $11 "
          "FROM (SELECT *, $10::bigint + ord AS v FROM ",
          kStage, ") s ORDER BY ord"),
      block.tenant_id, series.code, series.prefix, series.padding, block.send_state, block.batch_id,
      block.batch_number, block.generation_id, block.operator_id, block.first_value,
      block.invoice_template);
  pqxx::result ends = tx_.exec_params(
      "SELECT number FROM invoices WHERE tenant_id = $1 AND series_code = $2 "
      "AND sequence_value IN ($3, $4) ORDER BY sequence_value",
      block.tenant_id, series.code, block.first_value, last_value);
  if (ends.empty() || ends.front()[0].as<std::string>() != *first_number ||
      ends.back()[0].as<std::string>() != *last_number) {
    return absl::InternalError(absl::StrCat("set-based numbering wrote ",
                                            ends.empty() ? "nothing" : ends.front()[0].c_str(),
                                            " where ", *first_number, " was expected"));
  }
  // The ISSUE audit rows, chained here and COPYed a page at a time (memory stays bounded).
  ChainedAuditWriter audit(tx_, block.tenant_id);
  const std::string detail_prefix = absl::StrCat("lot ", block.batch_number, ", commande ");
  const std::string& correlation_id = logging::Current().correlation_id;
  std::vector<AuditDraft> drafts;
  for (int64_t begin = 0; begin < count_; begin += kAuditPage) {
    drafts.clear();
    for (const auto& row : tx_.exec_params(
             absl::StrCat("SELECT invoice_id::text, source_external_id FROM ", kStage,
                          " WHERE ord >= $1 AND ord < $2 ORDER BY ord"),
             begin, begin + kAuditPage)) {
      drafts.push_back({row[0].as<std::string>(), block.operator_id, "ISSUE", block.send_state,
                        absl::StrCat(detail_prefix, row[1].c_str()),
                        correlation_id});
    }
    audit.Append(drafts);
  }
  return absl::OkStatus();
}

std::vector<std::string> IssueStaging::Ids(int64_t begin, int64_t end) {
  std::vector<std::string> ids;
  ids.reserve(static_cast<size_t>(end - begin));
  for (const auto& row : tx_.exec_params(absl::StrCat("SELECT invoice_id::text FROM ", kStage,
                                                      " WHERE ord >= $1 AND ord < $2 ORDER BY ord"),
                                         begin, end)) {
    ids.push_back(row[0].as<std::string>());
  }
  return ids;
}

}  // namespace factflow::invoicing::storage
