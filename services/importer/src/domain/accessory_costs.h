#pragma once

// Accessory costs (shipping, packaging) follow the VAT rate of the goods they go with
// (CGI art. 267 I-2°; BOI-TVA-BASE-10-10-10): when an order mixes rates, the cost is split
// between the rates in proportion to the goods' taxable base at each rate.
//
// With VAT-inclusive marketplace prices the split is done on what the buyer paid: if B_r is the
// net base of the goods at rate r and G_r = B_r x (1 + r) their gross, the shipping S_r charged
// at rate r must satisfy S_r / (1 + r) = H x B_r / B (H the shipping net, B the goods net), hence
// S_r = S x G_r / G. Splitting the gross shipping by the goods' gross per rate is therefore the
// same as splitting its net by the goods' net base. The shares are rounded to the cent so that
// they add up exactly to S (largest remainder; ties go to the higher rate).
//
// Thread safety: pure function.

#include <vector>

#include "money/decimal.h"

namespace factflow::importer::domain {

struct GoodsAtRate {
  money::Decimal vat_rate;     // percent
  money::Decimal gross_amount; // what the buyer paid for the goods at this rate, VAT included
};

struct AccessoryShare {
  money::Decimal vat_rate;
  money::Decimal amount;  // VAT included, to the cent
};

// The split of `cost` (VAT included, cents) over the rates of `goods` (lines at the same rate
// may be given separately; they are merged). One share per rate with a non-zero amount, by
// decreasing rate. When the goods are free (gross 0), the whole cost follows the highest rate
// of the goods; with no goods at all it follows `fallback_rate`.
std::vector<AccessoryShare> SplitAccessoryCost(money::Decimal cost,
                                               const std::vector<GoodsAtRate>& goods,
                                               money::Decimal fallback_rate);

}  // namespace factflow::importer::domain
