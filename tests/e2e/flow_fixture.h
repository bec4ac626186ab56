#pragma once

// The fixture of the end-to-end tests: a tenant on the test stack and the calls the tests make
// (upload, generate, act and wait for the operation, list, audit), through the real services;
// shared by the flow, operations and chaos tests. Steps report failures with gtest EXPECTs; the
// fixture is used from the test's thread only.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_format.h"
#include "e2e/stack_client.h"
#include "money/decimal.h"

namespace factflow::e2e {

namespace iv1 = invoicing::v1;
namespace mv1 = importer::v1;
using money::Decimal;

inline Decimal D(const common::v1::Decimal& value) {
  auto parsed = Decimal::Parse(value.value());
  EXPECT_TRUE(parsed.has_value()) << "not a decimal: " << value.value();
  return parsed.value_or(Decimal());
}

template <typename Predicate>
inline bool WaitFor(Predicate predicate, std::chrono::seconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (predicate()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return predicate();
}

class FlowFixture : public ::testing::Test {
 protected:
  void CreateTenant(const std::string& tenant) {
    token_ = stack_.Token(tenant);
    iv1::Tenant created;
    grpc::Status status =
        stack_.tenants().CreateTenant(stack_.Context(token_).get(), DemoTenant(tenant), &created);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  // Uploads `file` as a FNAC export and returns the service's status (tests of refusals).
  grpc::Status TryUpload(const GeneratedExport& file, mv1::UploadFileResponse* response) {
    mv1::UploadFileRequest request;
    request.set_format("fnac-orders-xlsx");
    request.set_file_name(file.file_name);
    request.set_content(file.content);
    return stack_.importer().UploadFile(stack_.Context(token_).get(), request, response);
  }

  mv1::Batch Upload(const GeneratedExport& file) {
    mv1::UploadFileResponse response;
    grpc::Status status = TryUpload(file, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.batch();
  }

  mv1::GenerateInvoicesResponse Generate(const std::string& batch_id) {
    mv1::GenerateInvoicesRequest request;
    request.set_batch_id(batch_id);
    mv1::GenerateInvoicesResponse response;
    grpc::Status status =
        stack_.importer().GenerateInvoices(stack_.Context(token_).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  mv1::Batch GetBatch(const std::string& batch_id) {
    mv1::GetBatchRequest request;
    request.set_batch_id(batch_id);
    mv1::Batch batch;
    grpc::Status status = stack_.importer().GetBatch(stack_.Context(token_).get(), request, &batch);
    return status.ok() ? batch : mv1::Batch();
  }

  mv1::Batch WaitGenerated(const std::string& batch_id) {
    EXPECT_TRUE(WaitFor([&] { return GetBatch(batch_id).status() == mv1::BATCH_STATUS_GENERATED; },
                        std::chrono::seconds(120)))
        << "batch not generated: " << GetBatch(batch_id).ShortDebugString();
    return GetBatch(batch_id);
  }

  std::vector<mv1::GridDocument> Grid(const std::string& batch_id) {
    std::vector<mv1::GridDocument> documents;
    mv1::ListGridDocumentsRequest request;
    request.set_batch_id(batch_id);
    request.mutable_page()->set_page_size(1000);
    do {
      mv1::ListGridDocumentsResponse response;
      grpc::Status status =
          stack_.importer().ListGridDocuments(stack_.Context(token_).get(), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      documents.insert(documents.end(), response.documents().begin(), response.documents().end());
      request.mutable_page()->set_page_token(response.next_page_token());
    } while (!request.page().page_token().empty());
    return documents;
  }

  std::vector<iv1::Invoice> Invoices(const std::string& batch_id) {
    std::vector<iv1::Invoice> invoices;
    iv1::ListInvoicesRequest request;
    request.mutable_criteria()->set_batch_id(batch_id);
    request.mutable_page()->set_page_size(1000);
    do {
      iv1::ListInvoicesResponse response;
      grpc::Status status =
          stack_.invoices().ListInvoices(stack_.Context(token_).get(), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      invoices.insert(invoices.end(), response.invoices().begin(), response.invoices().end());
      request.mutable_page()->set_page_token(response.next_page_token());
    } while (!request.page().page_token().empty());
    return invoices;
  }

  // Starts the action over the batch (optionally only `states`) and returns its operation as
  // ApplyAction answered (RUNNING, or SUCCEEDED when nothing was selected).
  iv1::Operation Start(iv1::InvoiceAction action, const iv1::SelectionCriteria& criteria) {
    iv1::ApplyActionRequest request;
    request.set_action(action);
    *request.mutable_criteria() = criteria;
    request.set_confirm_final(true);
    iv1::ApplyActionResponse response;
    grpc::Status status =
        stack_.invoices().ApplyAction(stack_.Context(token_).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(response.selected(), response.operation().total());
    return response.operation();
  }

  iv1::Operation GetOperation(const std::string& operation_id) {
    iv1::GetOperationRequest request;
    request.set_operation_id(operation_id);
    iv1::Operation op;
    grpc::Status status =
        stack_.invoices().GetOperation(stack_.Context(token_).get(), request, &op);
    // UNAVAILABLE while a test restarts invoicing-state: the caller polls again.
    if (status.error_code() == grpc::StatusCode::UNAVAILABLE) return iv1::Operation();
    EXPECT_TRUE(status.ok()) << status.error_message();
    return op;
  }

  // Waits until the operation is no longer RUNNING (while it advances) and returns it.
  iv1::Operation WaitOperation(const iv1::Operation& started) {
    iv1::Operation op = started;
    int64_t last = -1;
    auto last_change = std::chrono::steady_clock::now();
    while (op.state() == iv1::OPERATION_STATE_RUNNING &&
           std::chrono::steady_clock::now() - last_change < std::chrono::seconds(120)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      iv1::Operation polled = GetOperation(started.operation_id());
      if (polled.operation_id().empty()) continue;  // service restarting
      op = polled;
      if (op.done() + op.refused() != last) {
        last = op.done() + op.refused();
        last_change = std::chrono::steady_clock::now();
      }
    }
    EXPECT_NE(op.state(), iv1::OPERATION_STATE_RUNNING) << "no progress: " << op.ShortDebugString();
    return op;
  }

  // The action over the batch (optionally only `states`), to the end of its operation.
  iv1::Operation Act(iv1::InvoiceAction action, const std::string& batch_id,
                     std::vector<iv1::SendState> states = {}) {
    iv1::SelectionCriteria criteria;
    criteria.set_batch_id(batch_id);
    for (auto state : states) criteria.add_states(state);
    iv1::Operation op = WaitOperation(Start(action, criteria));
    EXPECT_EQ(op.state(), iv1::OPERATION_STATE_SUCCEEDED) << op.ShortDebugString();
    EXPECT_EQ(op.done() + op.refused(), op.total()) << "an operation must process everything";
    return op;
  }

  int CountArchived(const std::string& batch_id) {
    int archived = 0;
    for (const auto& invoice : Invoices(batch_id)) archived += invoice.archived() ? 1 : 0;
    return archived;
  }

  void WaitAllArchived(const std::string& batch_id, int expected) {
    EXPECT_TRUE(
        WaitFor([&] { return CountArchived(batch_id) == expected; }, std::chrono::seconds(180)))
        << CountArchived(batch_id) << " of " << expected << " archived";
  }

  std::vector<iv1::AuditEntry> Audit(const std::string& invoice_id) {
    iv1::GetAuditTrailRequest request;
    request.set_invoice_id(invoice_id);
    iv1::GetAuditTrailResponse response;
    EXPECT_TRUE(
        stack_.invoices().GetAuditTrail(stack_.Context(token_).get(), request, &response).ok());
    return {response.entries().begin(), response.entries().end()};
  }

  // Numbers FA2026-000001 .. FA2026-N, sequence 1..N, and the series audit agrees.
  void ExpectContiguousFromStart(std::vector<iv1::Invoice> invoices) {
    std::sort(invoices.begin(), invoices.end(),
              [](const auto& a, const auto& b) { return a.sequence_value() < b.sequence_value(); });
    for (size_t i = 0; i < invoices.size(); ++i) {
      EXPECT_EQ(invoices[i].sequence_value(), static_cast<int64_t>(i + 1));
      EXPECT_EQ(invoices[i].number(), absl::StrFormat("FA2026-%06d", i + 1));
    }
    iv1::CheckNumberingRequest request;
    request.set_series_code("FA");
    iv1::CheckNumberingResponse check;
    ASSERT_TRUE(
        stack_.invoices().CheckNumbering(stack_.Context(token_).get(), request, &check).ok());
    EXPECT_TRUE(check.contiguous()) << check.problem();
    EXPECT_EQ(check.count(), static_cast<int64_t>(invoices.size()));
    EXPECT_EQ(check.next_value(), static_cast<int64_t>(invoices.size() + 1));
  }

  Stack stack_;
  std::string token_;
};

using FlowTest = FlowFixture;

}  // namespace factflow::e2e
