#pragma once

// Invoice amounts consistent with EN 16931 (BR-CO-10..17, BR-S-08/09, BR-E-08/09/10) from draft
// lines priced either VAT-inclusive (marketplace sales: what the consumer paid) or VAT-exclusive
// (manual and ETA documents).
//
// VAT-inclusive rule (keeps what the customer paid exact to the cent):
//   per line   gross          = round2(quantity x unit_price)
//              net_amount     = round2(gross / (1 + rate/100))
//              unit_net_price = round4(unit_price / (1 + rate/100))
//   per group  basis          = sum of the net_amount of its lines   (BR-S-08, BR-E-08)
//              vat_amount     = sum of the gross of its lines - basis
//   invoice    total_with_vat = sum of every line's gross            (the rows of the file)
// VAT-exclusive rule:
//   per line   net_amount     = round2(quantity x unit_price),  unit_net_price = unit_price
//   per group  vat_amount     = round2(basis x rate/100)
// Every rounding is a single rounding of the exact value, half away from zero.
//
// In both cases total_net = sum of net_amount (BR-CO-10, BR-CO-13 with no document allowances
// or charges), total_vat = sum of vat_amount (BR-CO-14), total_with_vat = total_net + total_vat
// (BR-CO-15), amount_due = total_with_vat (BR-CO-16, nothing prepaid).
//
// BR-CO-17 / BR-S-09: the validators accept a group's VAT that differs from
// round2(basis x rate/100) by less than one currency unit (the CII BR-CO-17 by at most one; the
// UBL BR-CO-17 and BR-S-09 strictly less). With VAT-inclusive prices the difference is the sum of
// the lines' rounding errors times (1 + rate/100), at most 0.005 x 1.2 = 0.006 per line at 20 %,
// so in practice a few cents; only an invoice with well over a hundred lines all rounding the
// same way can reach 1.00. ComputeInvoice refuses such an invoice (FailedPrecondition) rather
// than produce an XML that Chorus Pro or a PDP would reject. For a line with quantity not 1,
// net_amount comes from the gross and may differ by a few cents from quantity x unit_net_price;
// EN 16931 has no rule tying them (BT-131 is the reference amount).
//
// Thread safety: pure functions on values; safe to call concurrently.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "money/decimal.h"

namespace factflow::invoicing::domain {

// What a draft line's unit price includes. One basis per invoice: EN 16931 computes a VAT group
// either from the consumer prices or from the net basis, never from a mix of both.
enum class PriceBasis { kInclVat, kExclVat };

// UNTDID 5305 VAT category codes: S standard or reduced rate; Z zero rated; and at rate 0 with
// an exemption reason: E exempt (e.g. franchise en base), AE reverse charge, K intra-EU supply,
// G export outside the EU, O outside the scope of VAT (see domain/vat_treatment.h).
inline constexpr std::string_view kVatCategoryStandard = "S";
inline constexpr std::string_view kVatCategoryExempt = "E";
// Exemption reason (BT-120) and mandatory mention for sellers under the franchise en base.
inline constexpr std::string_view kFranchiseEnBaseReason = "TVA non applicable, art. 293 B du CGI";

struct DraftLine {
  std::string article_code;
  std::string label;        // BT-153, must not be blank (BR-25)
  money::Decimal quantity;  // > 0
  // Price of one unit, including VAT for PriceBasis::kInclVat, excluding it for kExclVat. >= 0.
  // Shipping is an ordinary line (quantity 1, price = shipping paid).
  money::Decimal unit_price;
  money::Decimal vat_rate;        // percent: 0, 0.9, 1.05, 2.1, 5.5, 8.5, 10, 13 or 20
  std::string vat_category_code;  // "S" when vat_rate > 0; "Z", "E", "AE", "K", "G", "O" at 0
  // Required for E, AE, K, G and O (e.g. kFranchiseEnBaseReason), else ignored.
  std::string exemption_reason;
  std::string exemption_reason_code;  // BT-121, optional (VATEX-EU-G, ...)
  // OSS distance sale: vat_rate is the destination member state's (the caller took it from
  // rules::OssRate), so it is not checked against the French rates.
  bool destination_rate = false;
};

struct ComputedLine {
  DraftLine draft;
  money::Decimal unit_net_price;  // BT-146, 4 decimals
  money::Decimal net_amount;      // BT-131, 2 decimals
  // What the customer paid for the line (kInclVat). For kExclVat lines it is indicative only
  // (net + round2(net x rate/100)): VAT is computed per group, so these do not add up to
  // total_with_vat to the cent.
  money::Decimal gross_amount_incl_vat;
};

// One BG-23 VAT breakdown entry.
struct VatGroup {
  std::string category_code;     // BT-118
  money::Decimal rate;           // BT-119
  money::Decimal basis;          // BT-116
  money::Decimal vat_amount;     // BT-117
  std::string exemption_reason;       // BT-120, for E, AE, K, G and O
  std::string exemption_reason_code;  // BT-121, optional
};

struct ComputedInvoice {
  PriceBasis price_basis = PriceBasis::kInclVat;
  std::vector<ComputedLine> lines;      // same order as the draft lines
  std::vector<VatGroup> vat_breakdown;  // one per (category, rate), by category then rate
  money::Decimal total_net;             // BT-109 (= BT-106)
  money::Decimal total_vat;             // BT-110
  money::Decimal total_with_vat;        // BT-112
  money::Decimal amount_due;            // BT-115
};

// Computes the invoice amounts of `lines` priced on `basis`. A zero-total invoice is valid.
//
// Errors (messages in French, for operators):
//   InvalidArgument: no line; for line N (1-based): blank label, quantity <= 0, negative price,
//     rate not a French rate, unknown category or one not matching the rate, E/AE/K/G/O without
//     exemption reason; lines of one exempt category with different reasons; amounts beyond
//     the Decimal range.
//   FailedPrecondition: a VAT group would break BR-CO-17 / BR-S-09 (see above); the message
//     says which rate and how to fix the invoice (merge identical lines, or split it).
absl::StatusOr<ComputedInvoice> ComputeInvoice(std::span<const DraftLine> lines,
                                               PriceBasis basis = PriceBasis::kInclVat);

// round2(basis x rate/100) computed exactly (one rounding, half away from zero): the VAT amount
// BR-CO-17 expects for a group. Like Decimal's operators, throws std::overflow_error when the
// result is beyond the Decimal range.
money::Decimal ExpectedVat(money::Decimal basis, money::Decimal rate);

// S, Z, E, AE, K, G or O.
bool IsSupportedVatCategory(std::string_view code);
// E, AE, K, G and O: at rate 0 with an exemption reason (BT-120/121).
bool NeedsExemptionReason(std::string_view code);

// True if `rate` (percent) is a VAT rate applicable in France, Corsica or the overseas
// departments: 0, 0.9, 1.05, 2.1, 5.5, 8.5, 10, 13, 20.
bool IsFrenchVatRate(money::Decimal rate);

}  // namespace factflow::invoicing::domain
