#include "domain/accessory_costs.h"

#include "gtest/gtest.h"

namespace factflow::importer::domain {
namespace {

using money::Decimal;

Decimal D(const char* text) { return *Decimal::Parse(text); }

TEST(AccessoryCosts, ShippingOfABookOrderFollowsTheBookRate) {
  auto shares = SplitAccessoryCost(D("4.99"), {{D("5.5"), D("12.00")}, {D("5.5"), D("8.50")}},
                                   D("20"));
  ASSERT_EQ(shares.size(), 1u);
  EXPECT_EQ(shares[0].vat_rate, D("5.5"));
  EXPECT_EQ(shares[0].amount, D("4.99"));
}

TEST(AccessoryCosts, MixedRatesAreProratedByBase) {
  // Goods: a book 21.10 TTC (base 20.00 at 5.5 %) and a game 36.00 TTC (base 30.00 at 20 %).
  // Shipping 6.00 TTC: its base H satisfies H x (0.4 x 1.055 + 0.6 x 1.2) = 6.00, so
  // H = 5.2539..., of which 40 % at 5.5 % (2.1016 net, 2.2172 gross) and 60 % at 20 %
  // (3.1524 net, 3.7828 gross): shares 3.78 and 2.22 to the cent.
  auto shares =
      SplitAccessoryCost(D("6.00"), {{D("5.5"), D("21.10")}, {D("20"), D("36.00")}}, D("20"));
  ASSERT_EQ(shares.size(), 2u);
  EXPECT_EQ(shares[0].vat_rate, D("20"));
  EXPECT_EQ(shares[0].amount, D("3.78"));
  EXPECT_EQ(shares[1].vat_rate, D("5.5"));
  EXPECT_EQ(shares[1].amount, D("2.22"));
  // The nets are in proportion of the goods' bases (40/60) to a cent.
  Decimal net55 = shares[1].amount.DividedBy(D("1.055"), 2);
  Decimal net20 = shares[0].amount.DividedBy(D("1.2"), 2);
  EXPECT_EQ(net55, D("2.10"));
  EXPECT_EQ(net20, D("3.15"));
}

TEST(AccessoryCosts, SharesAlwaysAddUpToTheCost) {
  for (int cents = 1; cents < 2000; cents += 7) {
    Decimal cost = Decimal::FromCents(cents);
    auto shares = SplitAccessoryCost(
        cost, {{D("5.5"), D("10.01")}, {D("20"), D("10.01")}, {D("10"), D("10.01")}}, D("20"));
    Decimal sum;
    for (const auto& share : shares) sum += share.amount;
    EXPECT_EQ(sum, cost) << cents;
  }
}

TEST(AccessoryCosts, FreeGoodsOrNoGoods) {
  auto free_goods =
      SplitAccessoryCost(D("3.00"), {{D("5.5"), D("0")}, {D("20"), D("0")}}, D("10"));
  ASSERT_EQ(free_goods.size(), 1u);
  EXPECT_EQ(free_goods[0].vat_rate, D("20"));
  auto none = SplitAccessoryCost(D("3.00"), {}, D("10"));
  ASSERT_EQ(none.size(), 1u);
  EXPECT_EQ(none[0].vat_rate, D("10"));
  EXPECT_TRUE(SplitAccessoryCost(D("0"), {{D("20"), D("5")}}, D("20")).empty());
}

}  // namespace
}  // namespace factflow::importer::domain
