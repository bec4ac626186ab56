#pragma once

// The normalized invoice the rule engine judges: what an EN 16931 invoice (or credit note) says
// about its parties, lines, VAT breakdown, totals and payment, plus the few facts of the French
// context a rule needs (the buyer's kind, the seller's VAT regime, Chorus Pro requirements).
// Every service that judges a document (importer grid, PREPARE, Chorus export, send) maps its own
// representation to this one, so the same invoice gets the same verdict everywhere.
//
// Conventions: UTF-8 text, an empty string means "absent"; dates are ISO "YYYY-MM-DD"; amounts
// are factflow::money::Decimal as issued (cents, unit prices up to 4 decimals); country codes are
// ISO 3166-1 alpha-2. Plain value types, no behaviour.

#include <string>
#include <vector>

#include "money/decimal.h"

namespace factflow::rules {

using ::factflow::money::Decimal;

struct Address {
  std::string line1;
  std::string line2;
  std::string line3;
  std::string postal_code;
  std::string city;
  std::string country_code;  // ISO 3166-1 alpha-2.
};

struct Party {
  std::string name;                // BT-27 / BT-44.
  std::string legal_form;          // BT-33 part: "SAS", "SARL", ...
  std::string siren;               // BT-30 / BT-47, scheme 0002.
  std::string siret;               // BT-29 / BT-46, scheme 0009.
  std::string vat_number;          // BT-31 / BT-48.
  std::string electronic_address;  // BT-34 / BT-49.
  std::string electronic_address_scheme;
  Address address;                 // BG-5 / BG-8.
};

// The seller's legal identity beyond EN 16931 (French mandatory mentions).
struct SellerLegal {
  // "RCS Paris 812 345 676", "RM 75 ...", or "dispensé d'immatriculation".
  std::string registration;
  std::string share_capital;  // Display text, "10 000 €"; empty for a sole trader.
  bool vat_franchise_293b = false;  // Under the "franchise en base" (art. 293 B du CGI).
};

// Who the buyer is decides the mention set and the e-invoicing channel.
enum class BuyerKind { kConsumer, kBusiness, kPublicEntity };

// What the public buyer requires on Chorus Pro (from its structure's settings).
struct ChorusContext {
  bool destined = false;  // The document goes to Chorus Pro: the CHORUS rules apply.
  bool service_code_required = false;
  bool commitment_required = false;
};

struct Line {
  int line_number = 0;   // BT-126.
  std::string label;     // BT-153.
  Decimal quantity;      // BT-129.
  std::string unit_code; // BT-130.
  Decimal unit_net_price;  // BT-146.
  Decimal net_amount;      // BT-131.
  std::string vat_category;  // BT-151: S, Z, E, AE, K, G, O.
  Decimal vat_rate;          // BT-152, percent.
  // The rate is the tenant's default because the article is not mapped (FF-TAUX-DEFAUT).
  bool default_rate_applied = false;
};

struct VatGroup {
  std::string category;  // BT-118.
  Decimal rate;          // BT-119.
  Decimal basis;         // BT-116.
  Decimal vat_amount;    // BT-117.
  std::string exemption_reason;       // BT-120.
  std::string exemption_reason_code;  // BT-121, VATEX-...
};

struct Invoice {
  std::string type_code = "380";  // BT-3: 380 invoice, 381 credit note.
  std::string number;             // BT-1.
  std::string issue_date;         // BT-2.
  std::string due_date;           // BT-9.
  std::string delivery_date;      // BT-72.
  std::string currency = "EUR";   // BT-5.
  Party seller;
  SellerLegal seller_legal;
  Party buyer;
  BuyerKind buyer_kind = BuyerKind::kConsumer;
  bool has_delivery_address = false;
  Address delivery_address;              // BG-15.
  std::string delivery_siret;            // BT-71 (scheme 0009), the deliver-to location.
  std::string operation_category;        // BT-23 "cadre de facturation": B1, S1, M1, B2, ...
  bool vat_on_debits = false;            // BT-8: VAT paid on debits (tax point = issue date).
  // Distance sale under the OSS: the member state whose rates the S lines bear; empty otherwise.
  std::string oss_country;
  // Tenant setting: distance sales to EU consumers are above the EU threshold (OSS applies).
  bool oss_above_threshold = false;
  std::string buyer_reference;           // BT-10 (Chorus Pro service code).
  std::string purchase_order_reference;  // BT-13 when no commitment number: the purchase order.
  std::string commitment_number;         // BT-13 on Chorus Pro ("n° d'engagement").
  std::string preceding_invoice_number;  // BT-25.
  std::string payment_means_code;        // BT-81 (UNCL 4461).
  std::string payee_iban;                // BT-84.
  std::string payment_terms;             // BT-20.
  bool late_penalty_mention = false;       // Note PMD: late-payment penalty rate.
  bool recovery_indemnity_mention = false; // Note PMT: the 40 EUR fixed indemnity.
  ChorusContext chorus;
  std::vector<Line> lines;
  std::vector<VatGroup> vat_breakdown;
  Decimal total_net;       // BT-109 (= BT-106, no document allowances or charges).
  Decimal total_vat;       // BT-110.
  Decimal total_with_vat;  // BT-112.
  Decimal prepaid_amount;  // BT-113.
  Decimal amount_due;      // BT-115.
};

}  // namespace factflow::rules
