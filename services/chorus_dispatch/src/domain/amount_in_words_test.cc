// French amounts in words: expected spellings from the rules of French grammar (Grevisse:
// "vingt et un", "quatre-vingts" plural only at the end, "cent" likewise, "mille" invariable).
#include "domain/amount_in_words.h"

#include <gtest/gtest.h>

namespace factflow::dispatch::domain {
namespace {

std::string Words(int64_t n) { return IntegerInFrenchWords(n).value_or("<erreur>"); }

std::string Euros(const char* amount) {
  return EurosInFrenchWords(*money::Decimal::Parse(amount)).value_or("<erreur>");
}

TEST(AmountInWords, Integers) {
  EXPECT_EQ(Words(0), "zéro");
  EXPECT_EQ(Words(1), "un");
  EXPECT_EQ(Words(16), "seize");
  EXPECT_EQ(Words(17), "dix-sept");
  EXPECT_EQ(Words(21), "vingt et un");
  EXPECT_EQ(Words(22), "vingt-deux");
  EXPECT_EQ(Words(70), "soixante-dix");
  EXPECT_EQ(Words(71), "soixante et onze");
  EXPECT_EQ(Words(77), "soixante-dix-sept");
  EXPECT_EQ(Words(80), "quatre-vingts");
  EXPECT_EQ(Words(81), "quatre-vingt-un");
  EXPECT_EQ(Words(91), "quatre-vingt-onze");
  EXPECT_EQ(Words(99), "quatre-vingt-dix-neuf");
  EXPECT_EQ(Words(100), "cent");
  EXPECT_EQ(Words(101), "cent un");
  EXPECT_EQ(Words(180), "cent quatre-vingts");
  EXPECT_EQ(Words(200), "deux cents");
  EXPECT_EQ(Words(201), "deux cent un");
  EXPECT_EQ(Words(1000), "mille");
  EXPECT_EQ(Words(1001), "mille un");
  EXPECT_EQ(Words(2021), "deux mille vingt et un");
  EXPECT_EQ(Words(80000), "quatre-vingt mille");
  EXPECT_EQ(Words(200000), "deux cent mille");
  EXPECT_EQ(Words(1000000), "un million");
  EXPECT_EQ(Words(80000000), "quatre-vingts millions");
  EXPECT_EQ(Words(200000000), "deux cents millions");
  EXPECT_EQ(Words(1234567), "un million deux cent trente-quatre mille cinq cent soixante-sept");
  EXPECT_EQ(Words(2000000001), "deux milliards un");
  EXPECT_FALSE(IntegerInFrenchWords(1'000'000'000'000).ok());
  EXPECT_FALSE(IntegerInFrenchWords(-1).ok());
}

TEST(AmountInWords, Euros) {
  EXPECT_EQ(Euros("0.50"), "zéro euro et cinquante centimes");
  EXPECT_EQ(Euros("1"), "un euro");
  EXPECT_EQ(Euros("1.01"), "un euro et un centime");
  EXPECT_EQ(Euros("1234.50"), "mille deux cent trente-quatre euros et cinquante centimes");
  EXPECT_EQ(Euros("616.35"), "six cent seize euros et trente-cinq centimes");
  EXPECT_EQ(Euros("1000000"), "un million d'euros");
  EXPECT_EQ(Euros("3000000.10"), "trois millions d'euros et dix centimes");
  EXPECT_EQ(Euros("80.999"), "quatre-vingt-un euros");
  absl::StatusOr<std::string> negative = EurosInFrenchWords(*money::Decimal::Parse("-1"));
  EXPECT_EQ(negative.status().code(), absl::StatusCode::kOutOfRange);
}

}  // namespace
}  // namespace factflow::dispatch::domain
