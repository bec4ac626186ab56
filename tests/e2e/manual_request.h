#pragma once

// A manual invoice request for the e2e tests of issue 9 (print, processing): one line of
// 2 × `price` HT at 20 %, a French B2B buyer "Client <i> SARL" in Lyon, paid by transfer.

#include <string>

#include "absl/strings/str_cat.h"
#include "factflow/invoicing/v1/invoicing.pb.h"

namespace factflow::e2e {

inline invoicing::v1::CreateInvoiceRequest ManualInvoiceRequest(int i,
                                                               const char* price = "38.40") {
  invoicing::v1::CreateInvoiceRequest request;
  auto* buyer = request.mutable_buyer();
  buyer->set_name(absl::StrCat("Client ", i, " SARL"));
  buyer->set_siren("732829320");
  buyer->mutable_address()->set_line1("4 rue des Tanneurs");
  buyer->mutable_address()->set_postal_code("69002");
  buyer->mutable_address()->set_city("Lyon");
  invoicing::v1::ManualLine* line = request.add_lines();
  line->set_label("Pose de parquet (m²)");
  line->mutable_quantity()->set_value("2");
  line->mutable_unit_price()->set_value(price);
  line->mutable_vat_rate()->set_value("20");
  request.set_price_basis(invoicing::v1::PRICE_BASIS_EXCL_VAT);
  request.set_payment_mode(invoicing::v1::PAYMENT_MODE_VIREMENT);
  return request;
}

}  // namespace factflow::e2e
