#include "domain/legal_mentions.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace factflow::invoicing::domain {
namespace {

using money::Decimal;
using ::testing::HasSubstr;
using Basis = LatePaymentPenalty::Basis;

Decimal D(std::string_view text) { return *Decimal::Parse(text); }

TEST(LegalMentionsTest, LatePaymentPenaltyTexts) {
  EXPECT_EQ(*LatePaymentPenaltyText({}), "Pénalités de retard : 3 fois le taux d'intérêt légal");
  EXPECT_EQ(*LatePaymentPenaltyText({Basis::kTimesLegalRate, D("3.5")}),
            "Pénalités de retard : 3,5 fois le taux d'intérêt légal");
  EXPECT_EQ(*LatePaymentPenaltyText({Basis::kAnnualRate, D("12")}),
            "Pénalités de retard : taux annuel de 12\xC2\xA0%");
  EXPECT_EQ(*LatePaymentPenaltyText({Basis::kEcbRatePlusPoints, D("10")}),
            "Pénalités de retard : taux directeur de la BCE majoré de 10 points");
  EXPECT_EQ(*LatePaymentPenaltyText({Basis::kEcbRatePlusPoints, D("1.5")}),
            "Pénalités de retard : taux directeur de la BCE majoré de 1,5 point");
}

TEST(LegalMentionsTest, RefusesPenaltiesBelowTheLegalMinimum) {
  absl::StatusOr<std::string> text = LatePaymentPenaltyText({Basis::kTimesLegalRate, D("2")});
  EXPECT_EQ(text.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(text.status().message(), HasSubstr("au moins 3 fois"));
  EXPECT_EQ(LatePaymentPenaltyText({Basis::kAnnualRate, D("0")}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(LatePaymentPenaltyText({Basis::kEcbRatePlusPoints, D("-1")}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(LegalMentionsTest, FixedMentions) {
  EXPECT_EQ(RecoveryIndemnityText(),
            "Indemnité forfaitaire pour frais de recouvrement en cas de retard de paiement : "
            "40\xC2\xA0\xE2\x82\xAC (art. L441-10 et D441-5 du Code de commerce)");
  EXPECT_EQ(NoEarlyPaymentDiscountText(), "Pas d'escompte pour paiement anticipé");
  EXPECT_EQ(VatFranchiseText(), "TVA non applicable, art. 293 B du CGI");
}

}  // namespace
}  // namespace factflow::invoicing::domain
