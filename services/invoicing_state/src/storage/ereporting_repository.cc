#include "storage/ereporting_repository.h"

namespace factflow::invoicing::storage {

void ForEachInvoiceIssued(pqxx::work& tx, const std::string& tenant_id, const std::string& from,
                          const std::string& until, int page_size,
                          const std::function<void(const v1::Invoice&)>& visit) {
  // The smallest uuid: every invoice_id is greater.
  std::string after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    pqxx::result rows = tx.exec_params(
        "SELECT invoice_id::text, document, number FROM invoices "
        "WHERE tenant_id = $1 AND issue_date >= $2::date AND issue_date < $3::date "
        "AND invoice_id > $4::uuid ORDER BY invoice_id LIMIT $5",
        tenant_id, from, until, after, page_size);
    for (const pqxx::row& row : rows) {
      v1::Invoice invoice;
      pqxx::binarystring document(row[1]);
      invoice.ParseFromString(document.str());
      invoice.set_invoice_id(row[0].as<std::string>());
      invoice.set_number(row[2].as<std::string>());
      visit(invoice);
    }
    if (rows.size() < static_cast<size_t>(page_size)) return;
    after = rows[static_cast<int>(rows.size()) - 1][0].as<std::string>();
  }
}

}  // namespace factflow::invoicing::storage
