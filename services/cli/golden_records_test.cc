// More -o json goldens (see output_test.cc for the first ones), written by hand from the proto
// definitions and the proto3 JSON mapping: lowerCamelCase names, every scalar field present,
// int64 as a string, enums by name, Timestamps in RFC 3339 UTC, unset sub-messages absent.
// Records that other work still extends (tenant, grid document) are checked on the fields
// scripts read; the others whole.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "factflow/dispatch/v1/dispatch.pb.h"
#include "factflow/importer/v1/importer.pb.h"
#include "factflow/invoicing/v1/invoicing.pb.h"
#include "format.h"
#include "output.h"

namespace factflow::cli {
namespace {

using Json = nlohmann::json;

void ExpectJson(const google::protobuf::Message& record, const char* expected) {
  EXPECT_EQ(Json::parse(ToJson(record)), Json::parse(expected)) << ToJson(record);
}

// factflowctl archive failures -o json
TEST(GoldenJson, RenderFailures) {
  dispatch::v1::ListRenderFailuresResponse response;
  dispatch::v1::RenderFailure* pending = response.add_failures();
  pending->set_invoice_id("6c1f0a52-3d7e-4b9a-8e21-5f4d3c2b1a09");
  pending->set_invoice_number("FA2026-000042");
  pending->set_attempts(3);
  pending->set_last_error("certificat de signature du tenant absent ou illisible");
  pending->mutable_first_failed_at()->set_seconds(1768744800);  // 2026-01-18T14:00:00Z
  pending->mutable_last_failed_at()->set_seconds(1768745400);   // 2026-01-18T14:10:00Z
  dispatch::v1::RenderFailure* resolved = response.add_failures();
  resolved->set_invoice_id("7d2a1b63-4e8f-4cab-9f32-6a5e4d3c2b10");
  resolved->set_invoice_number("FA2026-000043");
  resolved->set_attempts(1);
  resolved->set_last_error("total incohérent");
  resolved->mutable_first_failed_at()->set_seconds(1768744800);
  resolved->mutable_last_failed_at()->set_seconds(1768744800);
  resolved->mutable_resolved_at()->set_seconds(1768748400);  // 2026-01-18T15:00:00Z
  response.set_pending_count(1);
  ExpectJson(response, R"({
    "failures": [
      {"invoiceId": "6c1f0a52-3d7e-4b9a-8e21-5f4d3c2b1a09", "invoiceNumber": "FA2026-000042",
       "attempts": 3, "lastError": "certificat de signature du tenant absent ou illisible",
       "firstFailedAt": "2026-01-18T14:00:00Z", "lastFailedAt": "2026-01-18T14:10:00Z"},
      {"invoiceId": "7d2a1b63-4e8f-4cab-9f32-6a5e4d3c2b10", "invoiceNumber": "FA2026-000043",
       "attempts": 1, "lastError": "total incohérent",
       "firstFailedAt": "2026-01-18T14:00:00Z", "lastFailedAt": "2026-01-18T14:00:00Z",
       "resolvedAt": "2026-01-18T15:00:00Z"}
    ],
    "nextPageToken": "",
    "pendingCount": "1"
  })");
}

// factflowctl archive retry -o json
TEST(GoldenJson, RenderRetry) {
  dispatch::v1::RetryRenderFailuresResponse response;
  response.set_tried(5);
  response.set_archived(4);
  response.set_pending_count(1);
  ExpectJson(response, R"({"tried": 5, "archived": 4, "pendingCount": "1"})");
}

// factflowctl operations show|watch -o json
TEST(GoldenJson, Operation) {
  invoicing::v1::Operation op;
  op.set_operation_id("op-1");
  op.set_kind("ACTION");
  op.set_state(invoicing::v1::OPERATION_STATE_SUCCEEDED);
  op.set_action(invoicing::v1::INVOICE_ACTION_PRINT);
  op.set_total(68840);
  op.set_done(68838);
  op.set_refused(2);
  op.set_operator_id("marie");
  op.mutable_created_at()->set_seconds(1768744800);
  op.mutable_finished_at()->set_seconds(1768744830);
  invoicing::v1::RefusalGroup* group = op.add_refusals();
  group->set_reason("déjà envoyée");
  group->set_count(2);
  ExpectJson(op, R"({
    "operationId": "op-1", "kind": "ACTION", "state": "OPERATION_STATE_SUCCEEDED",
    "action": "INVOICE_ACTION_PRINT", "total": "68840", "done": "68838", "refused": "2",
    "step": "", "error": "", "operatorId": "marie",
    "createdAt": "2026-01-18T14:00:00Z", "finishedAt": "2026-01-18T14:00:30Z",
    "refusals": [{"reason": "déjà envoyée", "count": "2"}],
    "batchId": ""
  })");
}

// factflowctl tenant show -o json: the fields scripts read.
TEST(GoldenJson, TenantKeyFields) {
  invoicing::v1::Tenant tenant;
  tenant.set_tenant_id("acme");
  tenant.mutable_company()->set_siren("812345676");
  tenant.add_activated_import_formats("fnac-orders-xlsx");
  invoicing::v1::NumberingSeries* series = tenant.add_series();
  series->set_code("FA");
  series->set_prefix("FA2026-");
  series->set_padding(6);
  series->set_next_value(39);
  series->set_document_kind("INVOICE");
  tenant.set_archiving_enabled(true);
  Json json = Json::parse(ToJson(tenant));
  EXPECT_EQ(json["tenantId"], "acme");
  EXPECT_EQ(json["company"]["siren"], "812345676");
  EXPECT_EQ(json["activatedImportFormats"], Json::parse(R"(["fnac-orders-xlsx"])"));
  EXPECT_EQ(json["series"], Json::parse(R"([{"code": "FA", "prefix": "FA2026-", "padding": 6,
                                             "nextValue": "39", "documentKind": "INVOICE"}])"));
  EXPECT_EQ(json["archivingEnabled"], true);
  EXPECT_EQ(json["nightlySendEnabled"], false) << "false is printed, not omitted";
  EXPECT_FALSE(json.contains("createdAt")) << "an unset timestamp is absent";
}

// factflowctl edit|grid -o json: the fields scripts read.
TEST(GoldenJson, GridDocumentKeyFields) {
  importer::v1::GridDocument document;
  document.set_document_id("d1");
  document.set_external_id("2611200001");
  document.set_position(3);
  document.set_valid(true);
  document.mutable_total_incl_vat()->set_value("25.32");
  document.set_invoice_shipping(false);
  Json json = Json::parse(ToJson(document));
  EXPECT_EQ(json["documentId"], "d1");
  EXPECT_EQ(json["externalId"], "2611200001");
  EXPECT_EQ(json["position"], 3) << "int32 is a number";
  EXPECT_EQ(json["valid"], true);
  EXPECT_EQ(json["checked"], false);
  EXPECT_EQ(json["totalInclVat"], Json::parse(R"({"value": "25.32"})"));
  EXPECT_EQ(json["invoiceShipping"], false) << "an optional set to false is printed";
  EXPECT_EQ(json["seriesCode"], "");
}

}  // namespace
}  // namespace factflow::cli
