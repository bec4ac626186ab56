#pragma once

// The already-computed invoice (or credit note) that chorus-dispatch renders as EN 16931 CII XML
// and as a PDF. Plain value structs: the invoicing service computes every amount and rounding;
// this library never recomputes them, it only checks that they are consistent (CheckConsistency).
//
// Conventions for every text field: UTF-8, and an empty string means "absent" (the same
// convention as proto3 strings, so mapping from the wire is a plain copy). Dates are ISO
// "YYYY-MM-DD". Amounts are factflow::money::Decimal, already rounded to the cent except unit
// prices (up to 4 decimals), quantities and VAT rates.
//
// Thread safety: value types; CheckConsistency only reads its argument and may run concurrently.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "money/decimal.h"

namespace factflow::dispatch::domain {

using ::factflow::money::Decimal;

// UNTDID 1001 document type codes (BT-3) handled by factflow.
inline constexpr int kTypeCodeInvoice = 380;
inline constexpr int kTypeCodeCreditNote = 381;

struct PostalAddress {
  std::string line1;
  std::string line2;
  std::string line3;
  std::string postal_code;
  std::string city;
  std::string country_code;  // ISO 3166-1 alpha-2, e.g. "FR".
};

// Seller or buyer.
struct Party {
  std::string name;
  std::string legal_form;     // e.g. "SAS", "SARL", "EI".
  std::string share_capital;  // Display text, e.g. "10 000 €"; empty when not applicable.
  std::string siren;          // 9 digits.
  std::string siret;          // 14 digits; the legal registration id written to the XML.
  std::string vat_number;     // Intra-community VAT number, e.g. "FR44732829320".
  PostalAddress address;
  std::string email;
  std::string phone;
  // "RCS Paris 812 345 676", "RM ...", or "dispensé d'immatriculation" (seller).
  std::string registration;
  // BT-34 / BT-49 and its EAS scheme ("0225" the reform's directory, SIREN-based; "EM" e-mail).
  std::string electronic_address;
  std::string electronic_address_scheme;
};

struct InvoiceLine {
  int line_number = 0;  // BT-126, positive and unique within the document.
  std::string article_code;
  std::string label;
  Decimal quantity;
  std::string unit_code = "C62";  // UN/ECE rec. 20: "C62" unit, "H87" piece.
  Decimal unit_net_price;         // Up to 4 decimals.
  Decimal net_amount;             // Rounded to the cent.
  // UNCL 5305: "S" standard, "Z" zero rated, "E" exempt, "AE" reverse charge,
  // "K" intra-community, "G" export, "O" outside the scope of VAT.
  std::string vat_category_code = "S";
  Decimal vat_rate;  // Percent, e.g. 20 or 5.5; 0 for every category but "S".
};

// One VAT breakdown group (BG-23), one per distinct (category_code, rate) of the lines.
struct VatBreakdown {
  std::string category_code;
  Decimal rate;
  Decimal basis;
  Decimal vat_amount;
  // Required for E, AE, K, G and O, e.g. "TVA non applicable, art. 293 B du CGI".
  std::string exemption_reason;
  std::string exemption_reason_code;  // VATEX code, e.g. "VATEX-EU-132"; optional.
};

// Invoice note (BG-1). French mandatory mentions travel as notes: subject "PMT" for the 40 EUR
// recovery indemnity, "PMD" for the late-payment penalty rate, "AAB" for the early-payment
// discount ("Pas d'escompte pour paiement anticipé").
struct InvoiceNote {
  std::string subject_code;  // UNTDID 4451, optional.
  std::string text;
};

struct InvoiceDocument {
  int type_code = kTypeCodeInvoice;  // kTypeCodeInvoice or kTypeCodeCreditNote.
  std::string number;                // At most 35 characters of A-Z a-z 0-9 + - _ / (BR-FR-01/02).
  std::string issue_date;
  std::string delivery_date;  // Optional.
  std::string order_date;     // Marketplace order date, shown as "Date de commande"; optional.
  std::string due_date;       // Required for invoices, optional for credit notes.
  std::string currency = "EUR";
  Party seller;
  Party buyer;
  std::string buyer_reference;           // BT-10, Chorus Pro service code; optional.
  // BT-13 is the commitment number when there is one, else the purchase order number; Chorus
  // Pro takes only one of the two (seed 003, rule CHORUS-11).
  std::string purchase_order_reference;  // The buyer's purchase order number; optional.
  std::string commitment_number;         // Chorus Pro "n° d'engagement"; optional.
  // The deliver-to party (BG-13): name (BT-70), SIRET (BT-71, scheme 0009), address (BG-15).
  bool has_delivery = false;
  Party delivery;
  std::string preceding_invoice_number;  // BT-25, the invoice a credit note cancels.
  std::string preceding_invoice_date;    // BT-26, optional.
  // UNCL 4461: "30" credit transfer, "58" SEPA credit transfer, "20" cheque, "48" card,
  // "10" cash. The IBAN is required for "30" and "58".
  std::string payment_means_code;
  std::string payee_iban;
  std::string payee_bic;
  std::string payment_terms_text;
  std::vector<InvoiceNote> notes;
  std::vector<InvoiceLine> lines;
  std::vector<VatBreakdown> vat_breakdown;
  Decimal total_net;             // BT-106 = BT-109 (no document-level allowances or charges).
  Decimal total_vat;             // BT-110.
  Decimal total_with_vat;        // BT-112.
  Decimal prepaid_amount;        // BT-113.
  Decimal amount_due;            // BT-115.
  std::string source_reference;  // Where the sale came from, e.g. a marketplace order id.
  // Printed at the top of every page of the PDF when set: "DUPLICATA" on a reprint (the
  // invoice was printed before). Not part of the e-invoice.
  std::string copy_mark;
  // BG-13/BG-15, only when the goods go elsewhere than the buyer's address (or for K).
  bool has_delivery_address = false;
  std::string delivery_party_name;  // BT-70.
  PostalAddress delivery_address;
  // BT-23 "cadre de facturation": B1 goods, S1 services, M1 both (B2/S2/M2 already paid).
  std::string operation_category;
  // VAT on debits: BT-8 = "5" (invoice date) in every VAT breakdown group.
  bool vat_on_debits = false;
};

// Verifies that `doc` can be issued as is. Required and well formed: type code (380/381),
// number (BR-FR-01/02 charset), issue date, due date (invoices only), ISO dates, currency,
// preceding invoice number (credit notes), seller name, address (line1, postal code, city),
// country and SIREN or SIRET, seller VAT number when a line is standard rated, buyer name and
// country, at least one line with a positive unique number, a label, a unit and a known VAT
// category with a matching rate, an exemption reason for E/AE/K/G/O groups, an IBAN for credit
// transfers ("30", "58"). And the EN 16931 arithmetic holds to the cent:
//   - every amount except unit prices and quantities has at most 2 decimals;
//   - sum of line net amounts = total_net (BR-CO-10);
//   - one breakdown group per (category, rate) of the lines, whose basis = sum of its line net
//     amounts (BR-S-08 and siblings), and whose VAT = basis x rate / 100 rounded to the cent
//     (BR-CO-17);
//   - total_vat = sum of breakdown VAT (BR-CO-14);
//   - total_with_vat = total_net + total_vat (BR-CO-15);
//   - amount_due = total_with_vat - prepaid_amount (BR-CO-16).
// Returns OK, or InvalidArgument listing every problem found, each naming its field
// (e.g. "total_net: 1308.12 != sum of lines[].net_amount 1308.11 (BR-CO-10)").
absl::Status CheckConsistency(const InvoiceDocument& doc);

}  // namespace factflow::dispatch::domain
