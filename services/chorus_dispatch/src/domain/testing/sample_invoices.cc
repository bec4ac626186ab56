#include "domain/testing/sample_invoices.h"

#include <cstdlib>
#include <map>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"

namespace factflow::dispatch::domain::testing {
namespace {

Party Seller() {
  return {.name = "Atelier Lumière",
          .legal_form = "SAS",
          .share_capital = "10 000 €",
          .siren = "732829320",
          .siret = "73282932000074",
          .vat_number = "FR44732829320",
          .address = {.line1 = "12 rue des Archives",
                      .line2 = "Bâtiment B",
                      .postal_code = "75004",
                      .city = "Paris",
                      .country_code = "FR"},
          .email = "facturation@atelier-lumiere.fr",
          .phone = "+33 1 42 00 00 00"};
}

Party PublicBuyer() {
  return {.name = "Ville de Lyon — Direction des bâtiments",
          .siren = "216901231",
          .siret = "21690123100011",
          .vat_number = "FR60216901231",
          .address = {.line1 = "1 place de la Comédie",
                      .postal_code = "69001",
                      .city = "Lyon",
                      .country_code = "FR"}};
}

InvoiceLine Line(int number, const char* code, const char* label, const char* quantity,
                 const char* unit_code, const char* unit_price, const char* rate) {
  Decimal net = (D(quantity) * D(unit_price)).RoundedToCents();
  return {.line_number = number,
          .article_code = code,
          .label = label,
          .quantity = D(quantity),
          .unit_code = unit_code,
          .unit_net_price = D(unit_price),
          .net_amount = net,
          .vat_category_code = "S",
          .vat_rate = D(rate)};
}

std::vector<InvoiceNote> FrenchB2bNotes() {
  return {{"PMD",
           "Pénalités de retard : trois fois le taux d'intérêt légal, exigibles dès le "
           "lendemain de la date d'échéance."},
          {"PMT", "Indemnité forfaitaire pour frais de recouvrement : 40 €."},
          {"AAB", "Pas d'escompte pour paiement anticipé."}};
}

}  // namespace

Decimal D(const char* text) {
  std::optional<Decimal> value = Decimal::Parse(text);
  if (!value.has_value()) std::abort();
  return *value;
}

void ComputeTotals(InvoiceDocument& doc) {
  std::map<std::string, std::string> reasons;
  for (const VatBreakdown& group : doc.vat_breakdown) {
    reasons[group.category_code] = group.exemption_reason;
  }
  std::map<std::pair<std::string, int64_t>, Decimal> basis;
  doc.total_net = Decimal();
  for (const InvoiceLine& line : doc.lines) {
    basis[{line.vat_category_code, line.vat_rate.raw()}] += line.net_amount;
    doc.total_net += line.net_amount;
  }
  doc.vat_breakdown.clear();
  doc.total_vat = Decimal();
  for (const auto& [key, amount] : basis) {
    Decimal rate = Decimal::FromRaw(key.second);
    Decimal vat = (amount * rate).DividedBy(Decimal::FromUnits(100), 2);
    doc.vat_breakdown.push_back({.category_code = key.first,
                                 .rate = rate,
                                 .basis = amount,
                                 .vat_amount = vat,
                                 .exemption_reason = reasons[key.first]});
    doc.total_vat += vat;
  }
  doc.total_with_vat = doc.total_net + doc.total_vat;
  doc.amount_due = doc.total_with_vat - doc.prepaid_amount;
}

InvoiceDocument SampleInvoice() {
  InvoiceDocument doc{.type_code = kTypeCodeInvoice,
                      .number = "F2024-00042",
                      .issue_date = "2024-01-15",
                      .delivery_date = "2024-01-12",
                      .due_date = "2024-02-14",
                      .seller = Seller(),
                      .buyer = PublicBuyer(),
                      .buyer_reference = "SERV-BATIMENTS",
                      .commitment_number = "EJ-2024-000123",
                      .has_delivery = true,
                      .delivery = {.name = "Ville de Lyon — Atelier municipal",
                                   .siret = "21690123100029",
                                   .address = {.line1 = "12 rue de l'Industrie",
                                               .postal_code = "69009",
                                               .city = "Lyon",
                                               .country_code = "FR"}},
                      .payment_means_code = "58",
                      .payee_iban = "FR76 3000 6000 0112 3456 7890 189",
                      .payee_bic = "AGRIFRPP",
                      .payment_terms_text = "Paiement à 30 jours par virement.",
                      .notes = FrenchB2bNotes(),
                      .source_reference = "FNAC-8H2K4L"};
  doc.lines = {
      Line(1, "LAMP-LED-01", "Lampe de bureau LED « Orion »", "30", "H87", "39.90", "20"),
      Line(2, "AMP-E27-3", "Ampoule E27 (lot de 3)", "5", "H87", "7.4917", "20"),
      Line(3, "LIV-ECL-INT", "Livre : L'éclairage intérieur", "1", "H87", "28.44", "5.5"),
      Line(4, "LIV-GUIDE-NRJ", "Guide pratique — Économies d'énergie", "3", "H87", "12.32", "5.5"),
      Line(5, "PORT", "Frais de port", "1", "C62", "8.25", "20"),
  };
  ComputeTotals(doc);
  return doc;
}

InvoiceDocument SampleCreditNote() {
  InvoiceDocument doc = SampleInvoice();
  doc.type_code = kTypeCodeCreditNote;
  doc.number = "AV2024-00007";
  doc.issue_date = "2024-01-20";
  doc.due_date.clear();
  doc.preceding_invoice_number = "F2024-00042";
  doc.preceding_invoice_date = "2024-01-15";
  doc.payment_terms_text = "Remboursement par virement sous 15 jours.";
  doc.lines = {
      Line(1, "LIV-GUIDE-NRJ", "Retour : Guide pratique — Économies d'énergie", "2", "H87", "12.32",
           "5.5"),
      Line(2, "LAMP-LED-01", "Retour : Lampe de bureau LED « Orion »", "1", "H87", "39.90", "20"),
  };
  ComputeTotals(doc);
  return doc;
}

InvoiceDocument SampleExemptInvoice() {
  InvoiceDocument doc = SampleInvoice();
  doc.number = "F2024-00043";
  doc.seller.legal_form = "EI";
  doc.seller.share_capital.clear();
  doc.lines = {Line(1, "", "Prestation de conseil en éclairage", "2.5", "HUR", "80", "0")};
  doc.lines[0].vat_category_code = "E";
  doc.vat_breakdown = {
      {.category_code = "E", .exemption_reason = "TVA non applicable, art. 293 B du CGI"}};
  ComputeTotals(doc);
  return doc;
}

InvoiceDocument SampleInvoiceWithLines(int line_count) {
  InvoiceDocument doc = SampleInvoice();
  doc.lines.clear();
  for (int i = 1; i <= line_count; ++i) {
    std::string code = absl::StrCat("ART-", i);
    std::string label = absl::StrCat("Article de démonstration n° ", i,
                                     i % 7 == 0 ? " avec un libellé particulièrement long qui doit "
                                                  "passer à la ligne dans la colonne Désignation"
                                                : "");
    doc.lines.push_back(
        Line(i, code.c_str(), label.c_str(), "2", "H87", "10.05", i % 3 == 0 ? "5.5" : "20"));
  }
  ComputeTotals(doc);
  return doc;
}

InvoiceDocument WithReformIdentifiers(InvoiceDocument doc, const char* category) {
  doc.seller.electronic_address = "732829320";
  doc.seller.electronic_address_scheme = "0225";
  doc.buyer.electronic_address = "216901231";
  doc.buyer.electronic_address_scheme = "0225";
  // The order's delivery address (reform path) replaces the sample's Chorus deliver-to party:
  // an invoice carries one or the other (the writer prefers the Chorus party, with its SIRET).
  doc.has_delivery = false;
  doc.has_delivery_address = true;
  doc.delivery_party_name = "Médiathèque";
  doc.delivery_address = {"30 boulevard Vivier-Merle", "", "", "69003", "Lyon", "FR"};
  doc.operation_category = category;
  doc.vat_on_debits = true;
  return doc;
}

}  // namespace factflow::dispatch::domain::testing
