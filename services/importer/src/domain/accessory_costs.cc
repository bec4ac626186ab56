#include "domain/accessory_costs.h"

#include <algorithm>

namespace factflow::importer::domain {

using money::Decimal;
__extension__ typedef __int128 Wide;  // exact cost x gross products

std::vector<AccessoryShare> SplitAccessoryCost(Decimal cost, const std::vector<GoodsAtRate>& goods,
                                               Decimal fallback_rate) {
  std::vector<GoodsAtRate> rates;  // merged per rate, by decreasing rate
  for (const GoodsAtRate& g : goods) {
    auto it = std::find_if(rates.begin(), rates.end(),
                           [&](const GoodsAtRate& r) { return r.vat_rate == g.vat_rate; });
    if (it == rates.end()) {
      rates.push_back(g);
    } else {
      it->gross_amount += g.gross_amount;
    }
  }
  std::sort(rates.begin(), rates.end(),
            [](const GoodsAtRate& a, const GoodsAtRate& b) { return a.vat_rate > b.vat_rate; });
  if (cost.is_zero()) return {};
  if (rates.empty()) return {{fallback_rate, cost}};
  Decimal total;
  for (const GoodsAtRate& r : rates) total += r.gross_amount;
  if (total.is_zero() || rates.size() == 1) return {{rates.front().vat_rate, cost}};

  // Shares in cents: floor of cost x G_r / G, then the remaining cents to the largest remainders.
  const int64_t cost_cents = cost.RoundedToCents().cents();
  const Wide denominator = total.raw();
  struct Part {
    size_t index;
    int64_t cents;
    Wide remainder;
  };
  std::vector<Part> parts;
  int64_t allocated = 0;
  for (size_t i = 0; i < rates.size(); ++i) {
    Wide numerator = static_cast<Wide>(cost_cents) * rates[i].gross_amount.raw();
    parts.push_back({i, static_cast<int64_t>(numerator / denominator), numerator % denominator});
    allocated += parts.back().cents;
  }
  std::vector<Part> by_remainder = parts;
  std::stable_sort(by_remainder.begin(), by_remainder.end(),
                   [](const Part& a, const Part& b) { return a.remainder > b.remainder; });
  for (size_t k = 0; allocated < cost_cents; ++k, ++allocated) {
    ++parts[by_remainder[k % by_remainder.size()].index].cents;
  }
  std::vector<AccessoryShare> shares;
  for (const Part& part : parts) {
    if (part.cents != 0) {
      shares.push_back({rates[part.index].vat_rate, Decimal::FromCents(part.cents)});
    }
  }
  return shares;
}

}  // namespace factflow::importer::domain
