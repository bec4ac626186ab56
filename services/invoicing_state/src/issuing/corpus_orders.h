#pragma once

// Test-only: the marketplace orders and tenant the rule corpus and the reform identifier tests
// build invoices from (BuildInvoice), as the importer would approve them.

#include <string>

#include "factflow/importer/v1/importer.pb.h"
#include "factflow/invoicing/v1/invoicing.pb.h"

namespace factflow::invoicing {

// A French SAS bookshop, RCS, capital, SIREN/SIRET/VAT and IBAN; under the franchise on demand.
inline v1::Tenant CorpusTenant(bool franchise) {
  v1::Tenant tenant;
  v1::CompanyIdentity& c = *tenant.mutable_company();
  c.set_name("Librairie du Marais");
  c.set_legal_form("SAS");
  c.set_share_capital("10 000 €");
  c.set_registration("RCS Paris 732 829 320");
  c.set_siren("732829320");
  c.set_siret("73282932000074");
  c.set_vat_number("FR44732829320");
  c.mutable_address()->set_line1("12 rue des Archives");
  c.mutable_address()->set_postal_code("75004");
  c.mutable_address()->set_city("Paris");
  c.mutable_address()->set_country_code("FR");
  c.set_iban("FR7630006000011234567890189");
  tenant.mutable_legal_mentions()->set_vat_exempt_293b(franchise);
  tenant.mutable_legal_mentions()->set_operation_category("BIENS");
  return tenant;
}

inline common::v1::PostalAddress Address(const char* line1, const char* postal_code,
                                         const char* city, const char* country) {
  common::v1::PostalAddress address;
  address.set_line1(line1);
  address.set_postal_code(postal_code);
  address.set_city(city);
  address.set_country_code(country);
  return address;
}

inline void AddLine(importer::v1::ApprovedDocument& doc, const std::string& label,
                    const char* quantity, const std::string& price, const char* rate,
                    bool shipping = false) {
  importer::v1::ApprovedLine* line = doc.add_lines();
  line->set_article_code(shipping ? "PORT" : "SKU-" + std::to_string(doc.lines_size()));
  line->set_label(label);
  line->mutable_quantity()->set_value(quantity);
  line->mutable_unit_price_incl_vat()->set_value(price);
  line->mutable_vat_rate()->set_value(rate);
  line->set_is_shipping(shipping);
}

// A consumer order (or a company's, by name) of two books, a game and shipping, 2026-11-28.
inline importer::v1::ApprovedDocument Order(const std::string& id, const char* company,
                                            const common::v1::PostalAddress& address) {
  importer::v1::ApprovedDocument doc;
  doc.set_external_id(id);
  doc.set_document_date("2026-11-28");
  doc.mutable_buyer()->set_last_name("Martin");
  doc.mutable_buyer()->set_first_name("Camille");
  doc.mutable_buyer()->set_company(company);
  *doc.mutable_billing_address() = address;
  *doc.mutable_delivery_address() = address;
  doc.set_payment_mode("Carte bancaire");
  AddLine(doc, "Roman de la rentrée", "2", "21.10", "5.50");
  AddLine(doc, "Jeu de société", "1", "36.00", "20.00");
  AddLine(doc, "Frais de port", "1", "4.99", "20.00", true);
  return doc;
}

// A business buyer known by its identifiers (empty ones omitted).
inline importer::v1::ApprovedDocument CompanyOrder(const std::string& id, const char* company,
                                                   const common::v1::PostalAddress& address,
                                                   const char* siren, const char* siret,
                                                   const char* vat_number) {
  importer::v1::ApprovedDocument doc = Order(id, company, address);
  doc.mutable_buyer()->set_siren(siren);
  doc.mutable_buyer()->set_siret(siret);
  doc.mutable_buyer()->set_vat_number(vat_number);
  return doc;
}

}  // namespace factflow::invoicing
