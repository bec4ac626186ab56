#include "storage/article_mapping_repository.h"

#include <memory>
#include <pqxx/stream_to>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "staging/grid_values.h"
#include "storage/grid_repository.h"

namespace factflow::importer::storage {
namespace {

constexpr char kStage[] = "mapping_stage";
constexpr int kPage = 500;

std::string HexBytea(const std::string& bytes) {
  return absl::StrCat("\\x", absl::BytesToHexString(bytes));
}

// Maps the matching unmapped rows of `document`; returns how many.
int MapRows(v1::GridDocument& document, const std::string& external_code,
            const std::string& article_code, const std::string& vat_rate) {
  int changed = 0;
  for (v1::GridRow& row : *document.mutable_rows()) {
    if (row.mapping_status() == v1::MAPPING_STATUS_MAPPED) continue;
    if (row.seller_sku() != external_code && row.ean() != external_code) continue;
    row.set_mapping_status(v1::MAPPING_STATUS_MAPPED);
    row.set_article_code(article_code);
    row.mutable_vat_rate()->set_value(vat_rate);
    row.clear_default_vat_rate_applied();
    ++changed;
  }
  return changed;
}

}  // namespace

MappingResult MapUnmappedCode(pqxx::work& tx, const std::string& batch_id,
                              const std::string& external_code, const std::string& article_code,
                              const std::string& vat_rate) {
  tx.exec(absl::StrCat("CREATE TEMPORARY TABLE IF NOT EXISTS ", kStage,
                       " (document_id uuid PRIMARY KEY, content bytea NOT NULL, "
                       "search_text text NOT NULL, unmapped_rows integer NOT NULL, "
                       "unmapped_codes text NOT NULL, line_rates text NOT NULL) "
                       "ON COMMIT DROP"));
  MappingResult result;
  int64_t after = -1;
  const std::string codes = ArrayLiteral({external_code});
  while (true) {
    pqxx::result page = tx.exec_params(
        absl::StrCat("SELECT document_id::text, position, ", kDocumentColumns,
                     " FROM staged_documents WHERE batch_id = $1::uuid "
                     "AND unmapped_codes @> $2::text[] AND position > $3 "
                     "ORDER BY position LIMIT $4"),
        batch_id, codes, after, kPage);
    if (page.empty()) break;
    after = page.back()["position"].as<int64_t>();
    tx.exec(absl::StrCat("TRUNCATE ", kStage));
    int staged = 0;
    {
      pqxx::stream_to stream(tx, kStage,
                             std::vector<std::string>{"document_id", "content", "search_text",
                                                      "unmapped_rows", "unmapped_codes",
                                                      "line_rates"});
      for (const pqxx::row& row : page) {
        v1::GridDocument document = DocumentFromColumns(row);
        const int rows = MapRows(document, external_code, article_code, vat_rate);
        if (rows == 0) continue;
        result.changed_rows += rows;
        ++staged;
        DerivedColumns derived = Derive(document);
        document.clear_checked();
        stream << std::make_tuple(row[0].as<std::string>(),
                                  HexBytea(document.SerializeAsString()), derived.search_text,
                                  derived.unmapped_rows, ArrayLiteral(derived.unmapped_codes),
                                  ArrayLiteral(derived.line_rates));
      }
      stream.complete();
    }
    if (staged == 0) continue;
    result.changed_documents += staged;
    // The calculator's values are in the content now (DocumentFromColumns applied them), as
    // after an edit; series and shipping keep their columns.
    tx.exec_params(absl::StrCat(
                       "UPDATE staged_documents d SET content = s.content, "
                       "search_text = s.search_text, unmapped_rows = s.unmapped_rows, "
                       "unmapped_codes = s.unmapped_codes::text[], "
                       "line_rates = s.line_rates::numeric[], set_vat_rate = NULL, "
                       "set_payment_mode = NULL, set_article_code = NULL, "
                       "set_document_date = NULL, set_label = NULL FROM ",
                       kStage, " s WHERE d.batch_id = $1::uuid AND d.document_id = s.document_id"),
                   batch_id);
  }
  return result;
}

}  // namespace factflow::importer::storage
