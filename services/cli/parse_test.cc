#include "parse.h"

#include <gtest/gtest.h>

namespace factflow::cli {
namespace {

using invoicing::v1::InvoiceAction;

TEST(ParseSeriesSpec, ReadsCodePrefixAndPadding) {
  auto series = ParseSeriesSpec("FA:FA2026-:6");
  ASSERT_TRUE(series.ok()) << series.status();
  EXPECT_EQ(series->code(), "FA");
  EXPECT_EQ(series->prefix(), "FA2026-");
  EXPECT_EQ(series->padding(), 6);
  EXPECT_EQ(series->next_value(), 1);
  EXPECT_EQ(series->document_kind(), "INVOICE");
}

TEST(ParseSeriesSpec, ReadsAnOptionalKind) {
  auto credit = ParseSeriesSpec("AV:AV2026-:6:CREDIT_NOTE");
  ASSERT_TRUE(credit.ok()) << credit.status();
  EXPECT_EQ(credit->document_kind(), "CREDIT_NOTE");
  auto french = ParseSeriesSpec("AV:AV/:4:avoir");
  ASSERT_TRUE(french.ok()) << french.status();
  EXPECT_EQ(french->document_kind(), "CREDIT_NOTE");
  EXPECT_EQ(french->prefix(), "AV/");
}

TEST(ParseSeriesSpec, AcceptsAnEmptyPrefix) {
  auto series = ParseSeriesSpec("X::8");
  ASSERT_TRUE(series.ok()) << series.status();
  EXPECT_EQ(series->prefix(), "");
  EXPECT_EQ(series->padding(), 8);
}

TEST(ParseSeriesSpec, RejectsMalformedSpecs) {
  for (const char* bad :
       {"", "FA", "FA:FA-", "FA:FA-:six", "FA:FA-:0", "FA:FA-:21", ":FA-:6", "FA:FA 2026:6",
        "FA:FA#:6", "FA:FA-:6:ORDER", "FA:FA-:6:INVOICE:x", "F-A:FA-:6"}) {
    EXPECT_FALSE(ParseSeriesSpec(bad).ok()) << bad;
  }
}

TEST(ParseSeriesSpec, EnforcesThe35CharacterNumberLimit) {
  // 15-character prefix + 20 digits = 35: the longest number BR-FR-01 allows.
  EXPECT_TRUE(ParseSeriesSpec("L:ABCDEFGHIJKLMNO:20").ok());
  EXPECT_FALSE(ParseSeriesSpec("L:ABCDEFGHIJKLMNOP:20").ok());
}

TEST(ParseSeriesSpec, ErrorSaysTheExpectedForm) {
  auto series = ParseSeriesSpec("FA");
  ASSERT_FALSE(series.ok());
  EXPECT_EQ(series.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(std::string(series.status().message()).find("CODE:PRÉFIXE:CHIFFRES"),
            std::string::npos);
}

TEST(ParseDuration, ReadsUnits) {
  EXPECT_EQ(*ParseDuration("12h"), absl::Hours(12));
  EXPECT_EQ(*ParseDuration("30m"), absl::Minutes(30));
  EXPECT_EQ(*ParseDuration("45s"), absl::Seconds(45));
  EXPECT_EQ(*ParseDuration("2d"), absl::Hours(48));
  EXPECT_EQ(*ParseDuration("1h30m"), absl::Minutes(90));
  EXPECT_EQ(*ParseDuration(" 1h "), absl::Hours(1));
}

TEST(ParseDuration, RejectsWhatIsNotAPositiveDuration) {
  for (const char* bad :
       {"", "12", "h", "0h", "-1h", "1.5h", "12x", "1h30", "12 h", "1w", "9999999999h"}) {
    EXPECT_FALSE(ParseDuration(bad).ok()) << bad;
  }
}

TEST(ParseAction, MapsEveryCommandLineNameToItsEnum) {
  const std::pair<const char*, InvoiceAction> expected[] = {
      {"prepare", invoicing::v1::INVOICE_ACTION_PREPARE},
      {"hold", invoicing::v1::INVOICE_ACTION_PUT_ON_HOLD},
      {"keep-internal", invoicing::v1::INVOICE_ACTION_KEEP_INTERNAL},
      {"put-back", invoicing::v1::INVOICE_ACTION_PUT_BACK_ON_HOLD},
      {"send", invoicing::v1::INVOICE_ACTION_SEND},
      {"retrieve-chorus", invoicing::v1::INVOICE_ACTION_RETRIEVE_FOR_CHORUS},
      {"print", invoicing::v1::INVOICE_ACTION_PRINT},
      {"preview", invoicing::v1::INVOICE_ACTION_PREVIEW},
      {"print-bills", invoicing::v1::INVOICE_ACTION_PRINT_BILLS_OF_EXCHANGE},
  };
  for (const auto& [name, action] : expected) {
    auto parsed = ParseAction(name);
    ASSERT_TRUE(parsed.ok()) << name;
    EXPECT_EQ(*parsed, action) << name;
  }
  EXPECT_EQ(ActionNames().size(), std::size(expected));
  EXPECT_EQ(*ParseAction("SEND"), invoicing::v1::INVOICE_ACTION_SEND);
}

TEST(ParseAction, RejectsUnknownNamesListingTheKnownOnes) {
  auto parsed = ParseAction("delete");
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(std::string(parsed.status().message()).find("retrieve-chorus"), std::string::npos);
  EXPECT_FALSE(ParseAction("").ok());
}

TEST(IsFinalAction, OnlySendAndRetrieveForChorus) {
  EXPECT_TRUE(IsFinalAction(invoicing::v1::INVOICE_ACTION_SEND));
  EXPECT_TRUE(IsFinalAction(invoicing::v1::INVOICE_ACTION_RETRIEVE_FOR_CHORUS));
  EXPECT_FALSE(IsFinalAction(invoicing::v1::INVOICE_ACTION_PREPARE));
  EXPECT_FALSE(IsFinalAction(invoicing::v1::INVOICE_ACTION_PRINT));
}

TEST(ParseSendState, ReadsTheFourStatesInAnyCase) {
  EXPECT_EQ(*ParseSendState("EN_ATTENTE"), invoicing::v1::SEND_STATE_EN_ATTENTE);
  EXPECT_EQ(*ParseSendState("pret"), invoicing::v1::SEND_STATE_PRET);
  EXPECT_EQ(*ParseSendState("Envoye"), invoicing::v1::SEND_STATE_ENVOYE);
  EXPECT_EQ(*ParseSendState("conserve-interne"), invoicing::v1::SEND_STATE_CONSERVE_INTERNE);
  EXPECT_FALSE(ParseSendState("UNSPECIFIED").ok());
  EXPECT_FALSE(ParseSendState("").ok());
  EXPECT_FALSE(ParseSendState("ARCHIVE").ok());
}

TEST(ParseAssignment, SplitsOnTheFirstEqualsSign) {
  auto pair = ParseAssignment("SKU-123=ART-9");
  ASSERT_TRUE(pair.ok());
  EXPECT_EQ(pair->first, "SKU-123");
  EXPECT_EQ(pair->second, "ART-9");
  auto clear = ParseAssignment("9782070612758=");
  ASSERT_TRUE(clear.ok());
  EXPECT_EQ(clear->second, "");
  EXPECT_FALSE(ParseAssignment("=ART").ok());
  EXPECT_FALSE(ParseAssignment("SKU").ok());
}

TEST(SplitList, TrimsAndDropsEmptyItems) {
  EXPECT_EQ(SplitList("admin, operator,,"), (std::vector<std::string>{"admin", "operator"}));
  EXPECT_TRUE(SplitList("").empty());
}

TEST(LooksLikeUuid, TellsIdsFromNumbers) {
  EXPECT_TRUE(LooksLikeUuid("3f2b8c4e-1d2a-4b6c-9e8f-0a1b2c3d4e5f"));
  EXPECT_FALSE(LooksLikeUuid("FA2026-000001"));
  EXPECT_FALSE(LooksLikeUuid("3f2b8c4e-1d2a-4b6c-9e8f-0a1b2c3d4e5"));
  EXPECT_FALSE(LooksLikeUuid("3f2b8c4e11d2a-4b6c-9e8f-0a1b2c3d4e5f"));
  EXPECT_TRUE(IsDigits("12"));
  EXPECT_FALSE(IsDigits("12a"));
  EXPECT_FALSE(IsDigits(""));
}

}  // namespace
}  // namespace factflow::cli
