#pragma once

// Stores an upload's batch and its staged documents by COPY (issue 6): the batch row first, then
// the documents chunk after chunk as the upload is parsed (each chunk one COPY FROM STDIN into
// staged_documents, with the grid's derived columns of migration 0120), then the batch's counts,
// total and file issues. Everything happens in the caller's transaction, so a failure at any
// point (parse error, budget, cancel, database) leaves nothing half-written.
//
// Usage:
//   BatchWriter writer(tx, header);          // takes the tenant's next batch number
//   writer.Add(chunk_of_documents);          // as often as needed, positions increasing
//   v1::Batch stored = writer.Finish(rows_read, file_issues);
//
// Errors: libpqxx exceptions propagate to Pool::InTransaction (mapped there to a French status).
// Not thread-safe: one writer per transaction; no other statement may run on `tx` inside Add.

#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "factflow/importer/v1/importer.pb.h"
#include "money/decimal.h"
#include "storage/batch_repository.h"

namespace factflow::importer::storage {

class BatchWriter {
 public:
  // Inserts the batch row (status STAGED, counts zero until Finish). `header.rows_read` and
  // `header.file_issues` are ignored: Finish sets them.
  BatchWriter(pqxx::work& tx, const NewBatch& header);
  BatchWriter(const BatchWriter&) = delete;
  BatchWriter& operator=(const BatchWriter&) = delete;

  const std::string& batch_id() const { return batch_id_; }

  // Stores `documents` (batch_id set on each, content serialized) in one COPY.
  void Add(const std::vector<v1::GridDocument>& documents);

  // Sets the batch's counts (documents, valid ones, issues including the file's), total of the
  // valid documents, rows read and file issues; returns the stored batch.
  v1::Batch Finish(int rows_read, const std::vector<v1::Issue>& file_issues);

 private:
  pqxx::work& tx_;
  std::string tenant_id_;
  std::string batch_id_;
  int documents_ = 0;
  int valid_ = 0;
  int issues_ = 0;
  money::Decimal total_;
};

}  // namespace factflow::importer::storage
