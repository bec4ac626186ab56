#include "domain/send_state.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <string>
#include <vector>

namespace factflow::invoicing::domain {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

constexpr SendState kA = SendState::kEnAttente;
constexpr SendState kP = SendState::kPret;
constexpr SendState kE = SendState::kEnvoye;
constexpr SendState kC = SendState::kConserveInterne;

TEST(SendStateTest, CodesAndLabels) {
  EXPECT_EQ(ToCode(kA), "EN_ATTENTE");
  EXPECT_EQ(ToCode(kP), "PRET");
  EXPECT_EQ(ToCode(kE), "ENVOYE");
  EXPECT_EQ(ToCode(kC), "CONSERVE_INTERNE");
  EXPECT_EQ(Label(kA), "En attente");
  EXPECT_EQ(Label(kP), "Prêt");
  EXPECT_EQ(Label(kE), "Envoyé au destinataire");
  EXPECT_EQ(Label(kC), "Conservé en interne");
  for (SendState state : kAllSendStates) EXPECT_EQ(*ParseSendState(ToCode(state)), state);
  EXPECT_EQ(ParseSendState("pret").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseSendState("").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(SendStateTest, ActionCodes) {
  const std::vector<std::string> codes = {"PRINT",
                                          "PREVIEW",
                                          "PRINT_BILLS_OF_EXCHANGE",
                                          "PREPARE",
                                          "PUT_ON_HOLD",
                                          "KEEP_INTERNAL",
                                          "PUT_BACK_ON_HOLD",
                                          "SEND",
                                          "RETRIEVE_FOR_CHORUS"};
  for (size_t i = 0; i < codes.size(); ++i) {
    EXPECT_EQ(ToCode(kAllInvoiceActions[i]), codes[i]);
    EXPECT_EQ(*ParseInvoiceAction(codes[i]), kAllInvoiceActions[i]);
  }
  EXPECT_EQ(ParseInvoiceAction("DELETE").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Label(InvoiceAction::kSend), "Envoyer les factures");
  EXPECT_EQ(Label(InvoiceAction::kPrepare), "Préparer l'envoi des factures");
}

TEST(SendStateTest, DefaultStatesFollowTheProcessingScreen) {
  const std::vector<SendState> all = {kA, kP, kE, kC};
  EXPECT_THAT(DefaultStates(InvoiceAction::kPrint), ElementsAreArray(all));
  EXPECT_THAT(DefaultStates(InvoiceAction::kPreview), ElementsAreArray(all));
  EXPECT_THAT(DefaultStates(InvoiceAction::kPrintBillsOfExchange), ElementsAreArray(all));
  EXPECT_THAT(DefaultStates(InvoiceAction::kPrepare), ElementsAre(kA));
  EXPECT_THAT(DefaultStates(InvoiceAction::kPutOnHold), ElementsAre(kP));
  EXPECT_THAT(DefaultStates(InvoiceAction::kKeepInternal), ElementsAre(kA, kP));
  EXPECT_THAT(DefaultStates(InvoiceAction::kPutBackOnHold), ElementsAre(kC));
  EXPECT_THAT(DefaultStates(InvoiceAction::kSend), ElementsAre(kP));
  EXPECT_THAT(DefaultStates(InvoiceAction::kRetrieveForChorus), ElementsAre(kE));
}

// Expected result of every action from every state; "-" is a refusal.
struct TransitionRow {
  InvoiceAction action;
  std::array<std::string, 4> from_en_attente_pret_envoye_conserve;
};

const std::vector<TransitionRow>& ExpectedTransitions() {
  static const auto* rows = new std::vector<TransitionRow>{
      {InvoiceAction::kPrint, {"EN_ATTENTE", "PRET", "ENVOYE", "CONSERVE_INTERNE"}},
      {InvoiceAction::kPreview, {"EN_ATTENTE", "PRET", "ENVOYE", "CONSERVE_INTERNE"}},
      {InvoiceAction::kPrintBillsOfExchange, {"EN_ATTENTE", "PRET", "ENVOYE", "CONSERVE_INTERNE"}},
      {InvoiceAction::kPrepare, {"PRET", "-", "-", "-"}},
      {InvoiceAction::kPutOnHold, {"-", "EN_ATTENTE", "-", "-"}},
      {InvoiceAction::kKeepInternal, {"CONSERVE_INTERNE", "CONSERVE_INTERNE", "-", "-"}},
      {InvoiceAction::kPutBackOnHold, {"-", "-", "-", "EN_ATTENTE"}},
      {InvoiceAction::kSend, {"-", "ENVOYE", "-", "-"}},
      {InvoiceAction::kRetrieveForChorus, {"-", "ENVOYE", "ENVOYE", "-"}},
  };
  return *rows;
}

TEST(SendStateTest, EveryActionFromEveryState) {
  ASSERT_EQ(ExpectedTransitions().size(), kAllInvoiceActions.size());
  for (const TransitionRow& row : ExpectedTransitions()) {
    for (size_t s = 0; s < kAllSendStates.size(); ++s) {
      const SendState from = kAllSendStates[s];
      const std::string& expected = row.from_en_attente_pret_envoye_conserve[s];
      SCOPED_TRACE(std::string(ToCode(row.action)) + " from " + std::string(ToCode(from)));
      absl::StatusOr<SendState> result = ApplyAction(row.action, from);
      if (expected == "-") {
        ASSERT_EQ(result.status().code(), absl::StatusCode::kFailedPrecondition);
        EXPECT_THAT(std::string(result.status().message()), StartsWith("Impossible d"));
        EXPECT_THAT(result.status().message(),
                    HasSubstr(" à l'état « " + std::string(Label(from)) + " » : "));
        EXPECT_THAT(result.status().message(), Not(HasSubstr("ne s'applique pas")));
      } else {
        ASSERT_TRUE(result.ok()) << result.status();
        EXPECT_EQ(ToCode(*result), expected);
      }
    }
  }
}

TEST(SendStateTest, RefusalsSayWhatToDo) {
  EXPECT_EQ(ApplyAction(InvoiceAction::kSend, kA).status().message(),
            "Impossible d'envoyer une facture à l'état « En attente » : préparez-la d'abord.");
  EXPECT_EQ(ApplyAction(InvoiceAction::kPrepare, kE).status().message(),
            "Impossible de préparer l'envoi d'une facture à l'état « Envoyé au destinataire » : "
            "elle a déjà été envoyée au destinataire et n'est plus modifiable.");
  EXPECT_THAT(ApplyAction(InvoiceAction::kSend, kC).status().message(),
              HasSubstr("remettez-la d'abord en attente, puis préparez-la"));
  EXPECT_THAT(ApplyAction(InvoiceAction::kPutBackOnHold, kP).status().message(),
              HasSubstr("utilisez « Mettre en attente l'envoi des factures »"));
}

TEST(SendStateTest, OnlySentInvoicesAreImmutable) {
  EXPECT_FALSE(IsImmutable(kA));
  EXPECT_FALSE(IsImmutable(kP));
  EXPECT_TRUE(IsImmutable(kE));
  EXPECT_FALSE(IsImmutable(kC));
}

TEST(SendStateTest, PrintRecordingAndFinalActions) {
  for (InvoiceAction action : kAllInvoiceActions) {
    SCOPED_TRACE(ToCode(action));
    const bool prints =
        action == InvoiceAction::kPrint || action == InvoiceAction::kPrintBillsOfExchange;
    const bool final =
        action == InvoiceAction::kSend || action == InvoiceAction::kRetrieveForChorus;
    EXPECT_EQ(RecordsPrint(action), prints);
    EXPECT_EQ(IsFinal(action), final);
  }
  EXPECT_EQ(kFinalActionConfirmation,
            "Attention, l'envoi de la facture au destinataire est définitif. Il ne sera plus "
            "possible de modifier la facture après envoi. Souhaitez-vous poursuivre ?");
}

}  // namespace
}  // namespace factflow::invoicing::domain
