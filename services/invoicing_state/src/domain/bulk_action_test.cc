#include "domain/bulk_action.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace factflow::invoicing::domain {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

ChunkItem Item(int32_t position, std::optional<SendState> state) {
  return {position, "id-" + std::to_string(position), state};
}

TEST(PlanChunkTest, MixedStatesGiveOutcomesPerDocument) {
  std::vector<ChunkItem> items = {Item(0, SendState::kPret), Item(1, SendState::kEnAttente),
                                  Item(2, SendState::kPret), Item(3, SendState::kEnvoye),
                                  Item(4, std::nullopt),     Item(5, SendState::kEnAttente)};
  ChunkPlan plan = PlanChunk(InvoiceAction::kSend, items);
  EXPECT_EQ(plan.done, 2);
  EXPECT_EQ(plan.refused, 4);
  ASSERT_EQ(plan.transitions.size(), 1u);
  EXPECT_EQ(plan.transitions[0].from, SendState::kPret);
  EXPECT_EQ(plan.transitions[0].to, SendState::kEnvoye);
  EXPECT_THAT(plan.transitions[0].invoice_ids, ElementsAre("id-0", "id-2"));
  EXPECT_THAT(plan.transitions[0].positions, ElementsAre(0, 2));
  ASSERT_EQ(plan.refusals.size(), 3u);
  EXPECT_THAT(plan.refusals[0].positions, ElementsAre(1, 5));
  EXPECT_THAT(plan.refusals[0].reason,
              StartsWith("« Envoyer les factures » ne concerne que les factures à l'état Prêt : "));
  EXPECT_THAT(plan.refusals[0].reason, HasSubstr("préparez-la d'abord"));
  EXPECT_THAT(plan.refusals[1].positions, ElementsAre(3));
  EXPECT_THAT(plan.refusals[2].positions, ElementsAre(4));
  EXPECT_EQ(plan.refusals[2].reason, "facture introuvable dans ce dossier");
}

TEST(PlanChunkTest, KeepInternalGroupsEachTransition) {
  ChunkPlan plan = PlanChunk(
      InvoiceAction::kKeepInternal,
      {Item(0, SendState::kEnAttente), Item(1, SendState::kPret), Item(2, SendState::kEnAttente)});
  EXPECT_EQ(plan.done, 3);
  EXPECT_EQ(plan.refused, 0);
  ASSERT_EQ(plan.transitions.size(), 2u);
  EXPECT_EQ(plan.transitions[0].from, SendState::kEnAttente);
  EXPECT_THAT(plan.transitions[0].positions, ElementsAre(0, 2));
  EXPECT_EQ(plan.transitions[1].from, SendState::kPret);
  EXPECT_EQ(plan.transitions[1].to, SendState::kConserveInterne);
}

TEST(PlanChunkTest, RetrieveForChorusKeepsSentInvoicesSent) {
  ChunkPlan plan = PlanChunk(InvoiceAction::kRetrieveForChorus, {Item(7, SendState::kEnvoye)});
  ASSERT_EQ(plan.transitions.size(), 1u);
  EXPECT_EQ(plan.transitions[0].from, SendState::kEnvoye);
  EXPECT_EQ(plan.transitions[0].to, SendState::kEnvoye);
}

TEST(RefusalReasonTest, NamesEveryApplicableState) {
  EXPECT_THAT(RefusalReason(InvoiceAction::kKeepInternal, SendState::kEnvoye),
              StartsWith("« Conserver en interne les factures » ne concerne que les factures à "
                         "l'état En attente ou Prêt : "));
  EXPECT_EQ(RefusalReason(InvoiceAction::kPrepare, SendState::kEnAttente), "");
}

TEST(SlicesTest, BoundedConsecutiveSlices) {
  std::vector<std::string> ids = {"a", "b", "c", "d", "e"};
  auto slices = Slices(ids, 2);
  ASSERT_EQ(slices.size(), 3u);
  EXPECT_THAT(slices[0], ElementsAre("a", "b"));
  EXPECT_THAT(slices[2], ElementsAre("e"));
  EXPECT_TRUE(Slices({}, 2).empty());
  EXPECT_EQ(Slices(ids, 0).size(), 5u);
}

}  // namespace
}  // namespace factflow::invoicing::domain
