// The -o json and -o yaml forms of each record type, against JSON written by hand from the
// record (the proto3 JSON mapping: lowerCamelCase names, every scalar field present, int64 as a
// string, enums by name, unset sub-messages absent).

#include "output.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "factflow/catalog/v1/catalog.pb.h"
#include "factflow/dispatch/v1/dispatch.pb.h"
#include "factflow/importer/v1/importer.pb.h"
#include "factflow/invoicing/v1/invoicing.pb.h"
#include "format.h"

namespace factflow::cli {
namespace {

using Json = nlohmann::json;

void ExpectJson(const google::protobuf::Message& record, const char* expected) {
  EXPECT_EQ(Json::parse(ToJson(record)), Json::parse(expected)) << ToJson(record);
}

TEST(GoldenJson, Article) {
  catalog::v1::Article article;
  article.set_code("LIV-001");
  article.set_label("Les Misérables");
  article.set_unit_code("C62");
  article.mutable_vat_rate()->set_value("5.5");
  article.set_available_for_export(true);
  ExpectJson(article, R"({
    "code": "LIV-001", "label": "Les Misérables", "unitCode": "C62",
    "vatRate": {"value": "5.5"}, "availableForExport": true, "family": ""
  })");
}

TEST(GoldenJson, Party) {
  catalog::v1::Party party;
  party.set_code("C001");
  party.set_kind("CLIENT");
  party.set_name("Mairie de Lyon");
  party.set_siret("21690123100011");
  party.set_export_to_chorus(true);
  party.mutable_billing_address()->set_city("Lyon");
  ExpectJson(party, R"({
    "code": "C001", "kind": "CLIENT", "name": "Mairie de Lyon", "family": "",
    "billingAddress": {"line1": "", "line2": "", "line3": "", "postalCode": "", "city": "Lyon",
                       "countryCode": ""},
    "siret": "21690123100011", "vatNumber": "", "email": "", "phone": "",
    "exportToChorus": true, "serviceCode": ""
  })");
}

TEST(GoldenJson, ArchivedObject) {
  dispatch::v1::ArchivedObject object;
  object.set_object_id("0b6f7d2e-8d4c-4a51-9a3e-2f1c0e9b7a10");
  object.set_invoice_number("FA2026-000001");
  object.set_kind("invoice-pdf");
  object.set_size(123456789012);
  object.set_retain_until("2036-12-31");
  ExpectJson(object, R"({
    "objectId": "0b6f7d2e-8d4c-4a51-9a3e-2f1c0e9b7a10", "invoiceId": "",
    "invoiceNumber": "FA2026-000001", "kind": "invoice-pdf", "mediaType": "", "sha256": "",
    "size": "123456789012", "fileName": "", "retainUntil": "2036-12-31", "content": ""
  })");
}

TEST(GoldenJson, Exchange) {
  dispatch::v1::Exchange exchange;
  exchange.set_exchange_id("e1");
  exchange.set_kind("chorus-deposit");
  exchange.set_status("DEPOSEE");
  exchange.mutable_at()->set_seconds(1768744800);  // 2026-01-18T14:00:00Z
  ExpectJson(exchange, R"({
    "exchangeId": "e1", "kind": "chorus-deposit", "status": "DEPOSEE", "detail": "",
    "at": "2026-01-18T14:00:00Z"
  })");
}

TEST(GoldenJson, ResolvedArticle) {
  catalog::v1::ResolvedArticle resolved;
  resolved.set_external_code("9782070360024");
  resolved.set_mapped(false);
  ExpectJson(resolved, R"({"externalCode": "9782070360024", "mapped": false})");
}

// Larger records: the fields scripts read, by their documented names and forms.
TEST(GoldenJson, InvoiceAndBatchKeyFields) {
  invoicing::v1::Invoice invoice;
  invoice.set_number("FA2026-000001");
  invoice.set_send_state(invoicing::v1::SEND_STATE_PRET);
  invoice.mutable_total_with_vat()->set_value("25.32");
  invoice.set_archived(false);
  Json json = Json::parse(ToJson(invoice));
  EXPECT_EQ(json["number"], "FA2026-000001");
  EXPECT_EQ(json["sendState"], "SEND_STATE_PRET");
  EXPECT_EQ(json["totalWithVat"], Json::parse(R"({"value": "25.32"})"));
  EXPECT_EQ(json["archived"], false) << "false is printed, not omitted";

  importer::v1::Batch batch;
  batch.set_batch_number(12);
  batch.set_status(importer::v1::BATCH_STATUS_STAGED);
  json = Json::parse(ToJson(batch));
  EXPECT_EQ(json["batchNumber"], "12");
  EXPECT_EQ(json["status"], "BATCH_STATUS_STAGED");
}

TEST(Yaml, SameFieldsAsJsonInBlockForm) {
  catalog::v1::ResolveArticlesResponse response;
  auto* first = response.add_results();
  first->set_external_code("A");
  first->set_mapped(true);
  first->mutable_article()->set_code("LIV-001");
  response.add_results()->set_external_code("B\"2");
  EXPECT_EQ(ToYaml(response),
            "results:\n"
            "  - externalCode: \"A\"\n"
            "    mapped: true\n"
            "    article:\n"
            "      code: \"LIV-001\"\n"
            "      label: \"\"\n"
            "      unitCode: \"\"\n"
            "      availableForExport: false\n"
            "      family: \"\"\n"
            "  - externalCode: \"B\\\"2\"\n"
            "    mapped: false\n");
  EXPECT_EQ(JsonToYaml(R"({"a": [], "b": {}, "c": [1, [2, 3]]})"),
            "a: []\nb: {}\nc:\n  - 1\n  - - 2\n    - 3\n");
}

TEST(OutputFormat, ParsesTheFourNames) {
  EXPECT_EQ(*ParseOutputFormat("json"), OutputFormat::kJson);
  EXPECT_EQ(*ParseOutputFormat("YAML"), OutputFormat::kYaml);
  EXPECT_EQ(*ParseOutputFormat("wide"), OutputFormat::kWide);
  EXPECT_EQ(*ParseOutputFormat("table"), OutputFormat::kTable);
  EXPECT_FALSE(ParseOutputFormat("xml").ok());
}

}  // namespace
}  // namespace factflow::cli
