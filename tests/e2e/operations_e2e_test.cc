// End to end: actions over a selection are long-running operations processed chunk by chunk by
// invoicing-state, with per-document outcomes, and they resume after the service is killed
// (SIGKILL) in the middle, acting on every invoice exactly once.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <cstdlib>
#include <fstream>
#include <map>

#include "e2e/flow_fixture.h"
#include "testing/test_database.h"

namespace factflow::e2e {
namespace {

using ::testing::HasSubstr;

// Restarts invoicing-state with small chunks (FACTFLOW_ACTION_CHUNK_SIZE, inherited by
// deploy/stack-ctl) so that a few hundred invoices span many chunks; restores the default chunk
// size when the test ends, whatever happens.
class SmallChunks {
 public:
  SmallChunks(Stack& stack, int chunk_size) : stack_(stack) { Restart(std::to_string(chunk_size)); }
  ~SmallChunks() { Restart(""); }
  void Restart(const std::string& chunk_size) {
    if (chunk_size.empty()) {
      unsetenv("FACTFLOW_ACTION_CHUNK_SIZE");
    } else {
      setenv("FACTFLOW_ACTION_CHUNK_SIZE", chunk_size.c_str(), 1);
    }
    stack_.Control("stop", "invoicing_state");
    stack_.Control("start", "invoicing_state");
  }

 private:
  Stack& stack_;
};

// SIGKILL, at once (no round trip through a shell, so the kill lands mid-operation).
void KillInvoicingState() {
  std::ifstream pid_file(testing::RequireEnv("FACTFLOW_STATE_DIR") + "/pids/invoicing_state");
  pid_t pid = 0;
  ASSERT_TRUE(pid_file >> pid) << "no pid file for invoicing_state";
  ASSERT_EQ(kill(pid, SIGKILL), 0);
  for (int i = 0; i < 100 && kill(pid, 0) == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

class OperationsTest : public FlowTest {
 protected:
  // Audit entries of `action` per invoice of the batch.
  std::map<std::string, int> ActionAudits(const std::vector<iv1::Invoice>& invoices,
                                          const std::string& action) {
    std::map<std::string, int> counts;
    for (const auto& invoice : invoices) {
      int n = 0;
      for (const auto& entry : Audit(invoice.invoice_id())) n += entry.action() == action;
      counts[invoice.number()] = n;
    }
    return counts;
  }

  std::vector<iv1::OperationItem> RefusedItems(const std::string& operation_id) {
    std::vector<iv1::OperationItem> items;
    iv1::ListOperationItemsRequest request;
    request.set_operation_id(operation_id);
    request.set_outcome(iv1::ITEM_OUTCOME_REFUSED);
    request.mutable_page()->set_page_size(7);  // several keyset pages
    do {
      iv1::ListOperationItemsResponse page;
      grpc::Status status =
          stack_.invoices().ListOperationItems(stack_.Context(token_).get(), request, &page);
      EXPECT_TRUE(status.ok()) << status.error_message();
      items.insert(items.end(), page.items().begin(), page.items().end());
      request.mutable_page()->set_page_token(page.next_page_token());
    } while (!request.page().page_token().empty());
    return items;
  }
};

TEST_F(OperationsTest, ChunkedActionsGiveOutcomesPerDocumentAndResumeAfterAKill) {
  SmallChunks small(stack_, 20);
  CreateTenant(UniqueTenant("e2e-ops"));
  GeneratedExport file = GenerateFnacExport(260, 0, 77);
  mv1::Batch batch = Upload(file);
  Generate(batch.batch_id());
  WaitGenerated(batch.batch_id());
  std::vector<iv1::Invoice> invoices = Invoices(batch.batch_id());
  const int total = file.valid_orders;
  ASSERT_EQ(static_cast<int>(invoices.size()), total);
  ASSERT_GT(total, 200) << "the selection must span many chunks of 20";

  // Named invoices: each gets its outcome, nothing is refused whole.
  iv1::SelectionCriteria named;
  for (int i : {0, 1, 2}) named.add_invoice_ids(invoices[i].invoice_id());
  iv1::Operation kept = WaitOperation(Start(iv1::INVOICE_ACTION_KEEP_INTERNAL, named));
  EXPECT_EQ(kept.state(), iv1::OPERATION_STATE_SUCCEEDED);
  EXPECT_EQ(kept.done(), 3);
  iv1::Operation again = WaitOperation(Start(iv1::INVOICE_ACTION_KEEP_INTERNAL, named));
  EXPECT_EQ(again.done(), 0);
  EXPECT_EQ(again.refused(), 3);

  // Mixed states over many chunks: every EN_ATTENTE invoice is prepared, the 3 kept internal
  // are refused with the reason, and the counts add up to the selection.
  iv1::Operation prepared = Act(iv1::INVOICE_ACTION_PREPARE, batch.batch_id(),
                                {iv1::SEND_STATE_EN_ATTENTE, iv1::SEND_STATE_CONSERVE_INTERNE});
  EXPECT_EQ(prepared.total(), total);
  EXPECT_EQ(prepared.done(), total - 3);
  EXPECT_EQ(prepared.refused(), 3);
  ASSERT_EQ(prepared.refusals_size(), 1);
  EXPECT_THAT(prepared.refusals(0).reason(),
              HasSubstr("ne concerne que les factures à l'état En attente"));
  std::vector<iv1::OperationItem> refused = RefusedItems(prepared.operation_id());
  ASSERT_EQ(refused.size(), 3u);
  for (int i : {0, 1, 2}) EXPECT_EQ(refused[i].number(), invoices[i].number());

  // invoicing-state is killed in the middle of the send; restarted, it resumes where it stopped.
  iv1::SelectionCriteria batch_only;
  batch_only.set_batch_id(batch.batch_id());
  iv1::Operation sending = Start(iv1::INVOICE_ACTION_SEND, batch_only);
  ASSERT_EQ(sending.total(), total - 3);
  int64_t seen = 0;
  for (int i = 0; i < 2000 && seen < 40; ++i) {
    seen = GetOperation(sending.operation_id()).done();
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  KillInvoicingState();
  EXPECT_GT(seen, 0) << "the kill came before the first chunk";
  EXPECT_LT(seen, sending.total()) << "the kill came after the whole operation";
  small.Restart("20");
  iv1::Operation sent = WaitOperation(sending);
  EXPECT_EQ(sent.state(), iv1::OPERATION_STATE_SUCCEEDED) << sent.ShortDebugString();
  EXPECT_EQ(sent.done(), total - 3);
  EXPECT_EQ(sent.refused(), 0);

  // Every invoice acted on exactly once; numbers still contiguous.
  invoices = Invoices(batch.batch_id());
  ExpectContiguousFromStart(invoices);
  std::map<std::string, int> sends = ActionAudits(invoices, "SEND");
  std::map<std::string, int> prepares = ActionAudits(invoices, "PREPARE");
  for (size_t i = 0; i < invoices.size(); ++i) {
    const iv1::Invoice& invoice = invoices[i];
    bool kept_internal = invoice.send_state() == iv1::SEND_STATE_CONSERVE_INTERNE;
    EXPECT_EQ(kept_internal, i < 3) << invoice.number();
    EXPECT_EQ(sends[invoice.number()], kept_internal ? 0 : 1) << invoice.number();
    EXPECT_EQ(prepares[invoice.number()], kept_internal ? 0 : 1) << invoice.number();
    if (!kept_internal) {
      EXPECT_EQ(invoice.send_state(), iv1::SEND_STATE_ENVOYE) << invoice.number();
    }
  }

  // The operations are listed, newest first.
  iv1::ListOperationsRequest list;
  iv1::ListOperationsResponse listed;
  ASSERT_TRUE(stack_.invoices().ListOperations(stack_.Context(token_).get(), list, &listed).ok());
  ASSERT_GE(listed.operations_size(), 5);  // generation, keep x2, prepare, send
  EXPECT_EQ(listed.operations(0).operation_id(), sending.operation_id());
  iv1::Operation generation =
      GetOperation(batch.generation_id().empty() ? GetBatch(batch.batch_id()).generation_id()
                                                 : batch.generation_id());
  EXPECT_EQ(generation.kind(), "GENERATION");
  EXPECT_EQ(generation.state(), iv1::OPERATION_STATE_SUCCEEDED);
  EXPECT_EQ(generation.done(), total);
}

TEST_F(OperationsTest, EmptySelectionSaysWhy) {
  CreateTenant(UniqueTenant("e2e-ops-empty"));
  iv1::SelectionCriteria criteria;
  criteria.set_batch_number_from(999);
  iv1::Operation op = Start(iv1::INVOICE_ACTION_SEND, criteria);
  EXPECT_EQ(op.state(), iv1::OPERATION_STATE_SUCCEEDED);
  EXPECT_EQ(op.total(), 0);
  EXPECT_THAT(op.step(), HasSubstr("aucune facture ne correspond à la sélection (états : Prêt)"));

  // Watching a finished operation gives it once, then the stream ends.
  iv1::GetOperationRequest request;
  request.set_operation_id(op.operation_id());
  auto context = stack_.Context(token_);
  auto reader = stack_.invoices().WatchOperation(context.get(), request);
  std::vector<iv1::Operation> seen;
  for (iv1::Operation message; reader->Read(&message);) seen.push_back(message);
  EXPECT_TRUE(reader->Finish().ok());
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].state(), iv1::OPERATION_STATE_SUCCEEDED);
}

}  // namespace
}  // namespace factflow::e2e
