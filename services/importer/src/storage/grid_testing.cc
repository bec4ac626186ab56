#include "storage/grid_testing.h"

#include <stdexcept>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "money/decimal_wire.h"
#include "staging/grid_builder.h"
#include "storage/batch_repository.h"

namespace factflow::importer::storage::testing {

v1::GridDocument SyntheticOrder(int i) {
  v1::GridDocument document;
  document.set_document_id(absl::StrFormat("00000000-0000-4000-8000-%012d", i + 1));
  document.set_position(i + 1);
  document.set_external_id(absl::StrFormat("FNAC-%06d", i + 1));
  document.set_document_date(absl::StrFormat("2026-11-%02d", 1 + i % 28));
  document.mutable_buyer()->set_last_name(absl::StrFormat("Client%d", i));
  document.set_payment_mode("FNAC Marketplace");
  const int rows = i % 2 == 0 ? 2 : 3;
  for (int r = 0; r < rows; ++r) {
    v1::GridRow* row = document.add_rows();
    row->set_source_row(i * 3 + r + 2);
    row->set_label(r == 0 ? "Roman" : "Disque");
    row->set_seller_sku(absl::StrFormat("SKU-%d", (i * 7 + r) % 5000));
    row->set_article_code(row->seller_sku());
    row->set_mapping_status(r == 1 ? v1::MAPPING_STATUS_UNMAPPED : v1::MAPPING_STATUS_MAPPED);
    row->mutable_quantity()->set_value(absl::StrCat(1 + r));
    row->mutable_unit_price_incl_vat()->set_value(r == 0 ? "9.99" : "15.50");
    row->mutable_shipping_incl_vat()->set_value(r == 0 ? "3.49" : "0");
    row->mutable_vat_rate()->set_value(r == 0 ? "5.50" : "20.00");
  }
  document.set_valid(i % 50 != 0);
  document.set_checked(document.valid());
  *document.mutable_total_incl_vat() = money::ToWire(DocumentTotal(document), 2);
  return document;
}

std::string InsertSyntheticBatch(db::Pool& pool, const std::string& tenant_id, int orders) {
  std::vector<v1::GridDocument> documents;
  documents.reserve(orders);
  for (int i = 0; i < orders; ++i) documents.push_back(SyntheticOrder(i));
  NewBatch batch{tenant_id, "fnac-orders-xlsx", "commandes.xlsx", "synthetic", orders * 5 / 2,
                 {},        {},                 "test"};
  std::string batch_id;
  absl::Status status = pool.InTransaction([&](pqxx::work& tx) {
    batch_id = InsertBatch(tx, batch, documents).batch_id();
    return absl::OkStatus();
  });
  if (!status.ok()) throw std::runtime_error(std::string(status.message()));
  return batch_id;
}

}  // namespace factflow::importer::storage::testing
