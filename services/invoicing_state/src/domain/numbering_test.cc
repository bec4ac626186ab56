#include "domain/numbering.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

namespace factflow::invoicing::domain {
namespace {

using ::testing::HasSubstr;

NumberingSeries Fa2026(int64_t next_value = 1) {
  return NumberingSeries{.code = "FA", .prefix = "FA2026-", .padding = 6, .next_value = next_value};
}

TEST(NumberingTest, FormatsPrefixAndZeroFilledValue) {
  EXPECT_EQ(*FormatNumber(Fa2026(), 42), "FA2026-000042");
  EXPECT_EQ(*FormatNumber(Fa2026(), 1), "FA2026-000001");
  EXPECT_EQ(*FormatNumber(Fa2026(), 1234567), "FA2026-1234567");  // padding is a minimum
  EXPECT_EQ(*FormatNumber({.code = "AV", .prefix = "", .padding = 4}, 7), "0007");
  EXPECT_EQ(*FormatNumber({.code = "FA", .prefix = "F/", .padding = 0}, 7), "F/7");
  EXPECT_EQ(*FormatNumber({.code = "X", .prefix = "A+b-c_d/9", .padding = 2}, 3), "A+b-c_d/903");
}

TEST(NumberingTest, RefusesValuesBelowOneAndBadPadding) {
  EXPECT_EQ(FormatNumber(Fa2026(), 0).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FormatNumber(Fa2026(), -5).status().code(), absl::StatusCode::kInvalidArgument);
  NumberingSeries series = Fa2026();
  series.padding = -1;
  EXPECT_EQ(FormatNumber(series, 1).status().code(), absl::StatusCode::kInvalidArgument);
  series.padding = 20;
  EXPECT_EQ(FormatNumber(series, 1).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(NumberingTest, NumbersAreAtMost35Characters) {
  const std::string prefix_29(29, 'A');
  NumberingSeries series{.code = "FA", .prefix = prefix_29, .padding = 6};
  EXPECT_EQ(FormatNumber(series, 999999)->size(), 35u);

  // 1000000 has 7 digits: 29 + 7 = 36 characters.
  absl::StatusOr<std::string> too_long = FormatNumber(series, 1000000);
  EXPECT_EQ(too_long.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(too_long.status().message(), HasSubstr("36 caractères"));
  EXPECT_THAT(too_long.status().message(), HasSubstr("35 au maximum"));
  EXPECT_THAT(too_long.status().message(), HasSubstr("BR-FR-01"));

  EXPECT_TRUE(ValidateInvoiceNumber(std::string(35, '9')).ok());
  EXPECT_EQ(ValidateInvoiceNumber(std::string(36, '9')).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ValidateInvoiceNumber("").code(), absl::StatusCode::kInvalidArgument);
}

TEST(NumberingTest, RefusesCharactersOutsideTheReformAlphabet) {
  struct Case {
    std::string number;
    std::string shown;  // how the message names the character
  };
  for (const Case& c : std::vector<Case>{{"FA 2026-1", "(espace, position 3)"},
                                         {"FA2026.1", "(« . », position 7)"},
                                         {"F\xC3\x89-1", "(« \xC3\x89 », position 2)"},
                                         {"FA#1", "(« # », position 3)"},
                                         {"FA\\1", "(« \\ », position 3)"}}) {
    SCOPED_TRACE(c.number);
    absl::Status status = ValidateInvoiceNumber(c.number);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(status.message(), HasSubstr(c.shown));
    EXPECT_THAT(status.message(), HasSubstr("BR-FR-02"));
  }
  EXPECT_TRUE(ValidateInvoiceNumber("Az09+-_/").ok());

  NumberingSeries accented{.code = "FA", .prefix = "FÉV-", .padding = 6};
  EXPECT_EQ(FormatNumber(accented, 1).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(NumberingTest, ValidatesSeriesSettings) {
  EXPECT_TRUE(ValidateSeries(Fa2026()).ok());
  NumberingSeries no_code = Fa2026();
  no_code.code = "";
  EXPECT_EQ(ValidateSeries(no_code).code(), absl::StatusCode::kInvalidArgument);
  NumberingSeries bad_prefix = Fa2026();
  bad_prefix.prefix = "FA 2026";
  EXPECT_THAT(ValidateSeries(bad_prefix).message(), HasSubstr("Le préfixe « FA 2026 »"));
  NumberingSeries zero_next = Fa2026(0);
  EXPECT_EQ(ValidateSeries(zero_next).code(), absl::StatusCode::kInvalidArgument);
  NumberingSeries no_room{.code = "FA", .prefix = std::string(30, 'F'), .padding = 6};
  absl::Status status = ValidateSeries(no_room);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("36 caractères"));
}

TEST(NumberingTest, AllocatesContiguousBlocks) {
  NumberBlock block = AllocateBlock(Fa2026(42), 10);
  EXPECT_EQ(block.first_value, 42);
  EXPECT_EQ(block.last_value, 51);
  EXPECT_EQ(block.next_value_after, 52);

  NumberBlock single = AllocateBlock(Fa2026(1), 1);
  EXPECT_EQ(single.first_value, 1);
  EXPECT_EQ(single.last_value, 1);
  EXPECT_EQ(single.next_value_after, 2);

  NumberBlock next = AllocateBlock(Fa2026(block.next_value_after), 3);
  EXPECT_EQ(next.first_value, 52);
  EXPECT_EQ(next.last_value, 54);
}

TEST(NumberingTest, ContiguityCheckAcceptsAGaplessChain) {
  const std::vector<int64_t> values = {5, 6, 7, 8};
  EXPECT_TRUE(CheckContiguous(values, 5).ok());
  EXPECT_TRUE(CheckContiguous({}, 1).ok());
}

TEST(NumberingTest, ContiguityCheckNamesTheFirstGap) {
  const std::vector<int64_t> one_missing = {1, 2, 4, 5, 9};
  absl::Status status = CheckContiguous(one_missing, 1);
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(status.message(), HasSubstr("après le numéro 2 vient le numéro 4"));
  EXPECT_THAT(status.message(), HasSubstr("numéro 3 manquant"));

  const std::vector<int64_t> several_missing = {1, 2, 6};
  EXPECT_THAT(CheckContiguous(several_missing, 1).message(), HasSubstr("numéros 3 à 5 manquants"));

  const std::vector<int64_t> late_start = {3, 4};
  status = CheckContiguous(late_start, 1);
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(status.message(), HasSubstr("numéros 1 à 2 manquants"));
}

TEST(NumberingTest, ContiguityCheckNamesTheFirstDuplicate) {
  const std::vector<int64_t> values = {10, 11, 11, 12};
  absl::Status status = CheckContiguous(values, 10);
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(status.message(), HasSubstr("le numéro 11 est attribué à plusieurs factures"));
}

TEST(NumberingTest, ContiguityCheckRefusesUnsortedInput) {
  const std::vector<int64_t> unsorted = {1, 2, 1};
  EXPECT_EQ(CheckContiguous(unsorted, 1).code(), absl::StatusCode::kInvalidArgument);
  const std::vector<int64_t> before_start = {0, 1};
  EXPECT_EQ(CheckContiguous(before_start, 1).code(), absl::StatusCode::kInvalidArgument);
}

TEST(NumberingTest, RewindsTheTailBlockOfTheChain) {
  // Batch numbered FA2026-000010 to FA2026-000015 and nothing after it.
  absl::StatusOr<int64_t> next = RewindTo(Fa2026(16), 10, 15);
  ASSERT_TRUE(next.ok()) << next.status();
  EXPECT_EQ(*next, 10);
}

TEST(NumberingTest, RefusesToRewindABlockFollowedByAnotherInvoice) {
  // FA2026-000016 was created (manually or by another batch) after the batch 10..15.
  absl::StatusOr<int64_t> next = RewindTo(Fa2026(17), 10, 15);
  EXPECT_EQ(next.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(next.status().message(),
              HasSubstr("une facture a été créée après ce lot dans la chaîne de numérotation"));
  EXPECT_THAT(next.status().message(), HasSubstr("FA2026-000010 à FA2026-000015"));
  EXPECT_THAT(next.status().message(), HasSubstr("dernier numéro attribué : FA2026-000016"));
}

TEST(NumberingTest, CancelsSuccessiveBatchesNewestFirst) {
  NumberingSeries series = Fa2026(21);  // batch A: 10..15, batch B: 16..20
  EXPECT_EQ(RewindTo(series, 10, 15).status().code(), absl::StatusCode::kFailedPrecondition);
  series.next_value = *RewindTo(series, 16, 20);
  EXPECT_EQ(series.next_value, 16);
  series.next_value = *RewindTo(series, 10, 15);
  EXPECT_EQ(series.next_value, 10);
}

TEST(NumberingTest, RefusesToRewindABlockTheSeriesNeverAllocated) {
  EXPECT_EQ(RewindTo(Fa2026(16), 0, 15).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(RewindTo(Fa2026(16), 12, 10).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(RewindTo(Fa2026(16), 10, 16).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace factflow::invoicing::domain
