#pragma once

// E-reporting (2026-2027 French reform, domain.md §6): the sales that are not e-invoiced —
// to consumers (B2C), and to businesses abroad (B2B international) — are reported to the tax
// administration as transaction data per period: daily totals per transaction category, VAT
// category and rate, with their number of operations (flux 10.3), and for services the payments
// received, per day and rate (flux 10.4). Sales to French businesses are e-invoiced instead and
// are left out.
//
// Transaction categories (the reform's codes): TLB1 goods subject to French VAT, TPS1 services
// subject to French VAT, TNT1 operations not subject to French VAT (export, intra-EU supply,
// OSS distance sales, franchise en base, reverse charge, outside the scope). A "MIXTE" invoice
// is reported under its goods code (TLB1); its payments are reported (the services share
// cannot be told apart).
//
// EReportingAggregator folds documents one at a time: memory grows with days x distinct
// (category, rate) keys of the period, never with the number of invoices. Credit notes count
// with negative amounts (and as operations). Amounts are exact decimals: the report reconciles
// to the cent with the invoices it was built from.
//
// Thread safety: value types; one aggregator per report, not shared between threads.

#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "money/decimal.h"

namespace factflow::invoicing::domain {

struct EReportingVatGroup {
  std::string category;  // UNTDID 5305: S, Z, E, AE, K, G, O.
  money::Decimal rate;
  money::Decimal basis;
  money::Decimal vat;
};

// What the report needs of one issued invoice or credit note.
struct EReportingDocument {
  std::string issue_date;  // YYYY-MM-DD.
  bool credit_note = false;
  bool business_buyer = false;  // SIREN, SIRET, VAT number or legal form known.
  std::string buyer_country;    // Where the goods go (delivery, else buyer address), ISO alpha-2.
  std::string operation_category;  // BT-23: B1/B2 goods, S1/S2 services, M1/M2 both.
  bool oss = false;                // Distance sale taxed in the destination member state.
  bool paid = false;               // Paid when issued (amount due 0): a payment on issue_date.
  std::vector<EReportingVatGroup> groups;
};

struct EReportingTotal {
  std::string date;
  std::string transaction_category;  // TLB1, TPS1, TNT1.
  std::string vat_category;
  money::Decimal rate;
  int64_t operations = 0;  // Documents with a group under this key (credit notes included).
  money::Decimal basis;
  money::Decimal vat;
};

struct EReportingPayment {
  std::string date;
  money::Decimal rate;
  money::Decimal amount;  // Basis + VAT received.
};

// True for the documents e-reporting covers: consumers, and businesses outside France.
bool IsEReported(const EReportingDocument& document);

class EReportingAggregator {
 public:
  // Folds `document` in when IsEReported; counts it as left out (e-invoiced) otherwise.
  void Add(const EReportingDocument& document);

  // Sorted by date, transaction category, VAT category, rate.
  std::vector<EReportingTotal> Totals() const;
  std::vector<EReportingPayment> Payments() const;  // Sorted by date, rate.

  int64_t reported_documents() const { return reported_; }
  int64_t excluded_documents() const { return excluded_; }
  money::Decimal total_basis() const { return total_basis_; }
  money::Decimal total_vat() const { return total_vat_; }

 private:
  using Key = std::tuple<std::string, std::string, std::string, int64_t>;
  std::map<Key, EReportingTotal> totals_;
  std::map<std::pair<std::string, int64_t>, EReportingPayment> payments_;
  int64_t reported_ = 0;
  int64_t excluded_ = 0;
  money::Decimal total_basis_;
  money::Decimal total_vat_;
};

}  // namespace factflow::invoicing::domain
