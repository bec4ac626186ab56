// Every RPC of the four services, through the running stack, with each class of malformed field
// (non-UUID id, 1 MiB id, impossible date, huge number, SQL-ish text) in every field of its
// request: no INTERNAL error, no database or library text, no English, and a short message.
// The RPCs are enumerated from the services' descriptors, so a new RPC is covered by itself.
#include <gmock/gmock.h>
#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <grpcpp/generic/generic_stub.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <future>
#include <limits>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "e2e/stack_client.h"
#include "grpc/call.h"
#include "testing/test_database.h"

namespace factflow::e2e {
namespace {

namespace pb = google::protobuf;

struct FieldClass {
  std::string name;
  std::string text;   // every string and bytes field
  bool huge_numbers;  // integer fields at their maximum
};

const std::vector<FieldClass>& Classes() {
  static const auto* classes = new std::vector<FieldClass>{
      {"non-UUID id", "not-a-uuid", false},
      {"1 MiB id", std::string(1 << 20, 'x'), false},
      {"bad date", "2026-02-30", false},
      {"huge number", "99999999999999999999999999999999", true},
      {"SQL-ish text", "'; DROP TABLE invoices; --", false},
  };
  return *classes;
}

// Sets every field of `message` (recursively, repeated fields with one element) for `c`.
void Fill(pb::Message& message, const FieldClass& c, int depth = 0) {
  const pb::Reflection* reflection = message.GetReflection();
  const pb::Descriptor* descriptor = message.GetDescriptor();
  if (depth > 4 || descriptor->full_name().starts_with("google.protobuf.")) return;
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const pb::FieldDescriptor* field = descriptor->field(i);
    if (field->containing_oneof() != nullptr && field->index_in_oneof() != 0) continue;
    bool repeated = field->is_repeated();
    switch (field->cpp_type()) {
      case pb::FieldDescriptor::CPPTYPE_STRING:
        if (repeated) {
          reflection->AddString(&message, field, c.text);
        } else {
          reflection->SetString(&message, field, c.text);
        }
        break;
      case pb::FieldDescriptor::CPPTYPE_INT64:
        if (!c.huge_numbers) break;
        repeated ? reflection->AddInt64(&message, field, std::numeric_limits<int64_t>::max())
                 : reflection->SetInt64(&message, field, std::numeric_limits<int64_t>::max());
        break;
      case pb::FieldDescriptor::CPPTYPE_INT32:
        if (!c.huge_numbers) break;
        repeated ? reflection->AddInt32(&message, field, std::numeric_limits<int32_t>::max())
                 : reflection->SetInt32(&message, field, std::numeric_limits<int32_t>::max());
        break;
      case pb::FieldDescriptor::CPPTYPE_ENUM:
        // The first real value (index 0 is UNSPECIFIED), so the request gets past the enum.
        if (!repeated && field->enum_type()->value_count() > 1) {
          reflection->SetEnum(&message, field, field->enum_type()->value(1));
        }
        break;
      case pb::FieldDescriptor::CPPTYPE_MESSAGE:
        Fill(repeated ? *reflection->AddMessage(&message, field)
                      : *reflection->MutableMessage(&message, field),
             c, depth + 1);
        break;
      default:
        break;
    }
  }
}

// Text that must never reach a client: SQL, PostgreSQL and library messages, English.
const std::vector<std::string>& ForbiddenFragments() {
  static const auto* fragments = new std::vector<std::string>{
      "SELECT ",      "INSERT INTO",    " WHERE ",       "::uuid",     "::date",
      "ERROR:",       "invalid input",  "syntax",        "pqxx",       "numeric field",
      "overflow",     "internal error", "out of range",  "violates",   "relation ",
      "transaction",  "database error", " is not ",      " not found", " must ",
      " cannot ",     "is required",    "invalid ",      "unknown ",   "missing ",
      "needs one of", "is empty",       "not built yet", "expected",   "give a ",
  };
  return *fragments;
}

// Several problems of one request may be listed, each echoing at most 64 characters of input.
constexpr size_t kMaxMessageBytes = 2048;

struct Target {
  const char* service;      // full name
  const char* address_env;  // FACTFLOW_<SERVICE>_ADDRESS
};

class HostileFieldsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tenant_ = UniqueTenant("e2e-hostile");
    std::string admin = stack_.Token(tenant_);
    invoicing::v1::Tenant created;
    grpc::Status status =
        stack_.tenants().CreateTenant(stack_.Context(admin).get(), DemoTenant(tenant_), &created);
    ASSERT_TRUE(status.ok()) << status.error_message();
    token_ = stack_.Token(tenant_, {"admin", "operator", "service"});
  }

  grpc::Status Call(grpc::GenericStub& stub, const std::string& method,
                    const pb::Message& request) {
    std::string bytes = request.SerializeAsString();
    grpc::Slice slice(bytes);
    grpc::ByteBuffer in(&slice, 1), out;
    auto context = stack_.Context(token_);
    std::promise<grpc::Status> done;
    stub.UnaryCall(context.get(), method, grpc::StubOptions(), &in, &out,
                   [&](grpc::Status s) { done.set_value(std::move(s)); });
    return done.get_future().get();
  }

  Stack stack_;
  std::string tenant_;
  std::string token_;
};

TEST_F(HostileFieldsTest, EveryRpcRefusesMalformedFieldsCleanly) {
  const Target targets[] = {
      {"factflow.importer.v1.ImporterService", "FACTFLOW_IMPORTER_ADDRESS"},
      {"factflow.invoicing.v1.TenantService", "FACTFLOW_INVOICING_STATE_ADDRESS"},
      {"factflow.invoicing.v1.InvoiceService", "FACTFLOW_INVOICING_STATE_ADDRESS"},
      {"factflow.catalog.v1.CatalogService", "FACTFLOW_CATALOG_MAPPING_ADDRESS"},
      {"factflow.catalog.v1.ConnectorService", "FACTFLOW_CATALOG_MAPPING_ADDRESS"},
      {"factflow.dispatch.v1.DispatchService", "FACTFLOW_CHORUS_DISPATCH_ADDRESS"},
  };
  int rpcs = 0;
  for (const Target& target : targets) {
    const pb::ServiceDescriptor* service =
        pb::DescriptorPool::generated_pool()->FindServiceByName(target.service);
    ASSERT_NE(service, nullptr) << target.service;
    grpc::GenericStub stub(grpcutil::MakeChannel(testing::RequireEnv(target.address_env)));
    for (int m = 0; m < service->method_count(); ++m) {
      const pb::MethodDescriptor* method = service->method(m);
      if (method->client_streaming() || method->server_streaming()) continue;
      ++rpcs;
      const std::string path = "/" + service->full_name() + "/" + method->name();
      for (const FieldClass& c : Classes()) {
        std::unique_ptr<pb::Message> request(
            pb::MessageFactory::generated_factory()->GetPrototype(method->input_type())->New());
        Fill(*request, c);
        grpc::Status status = Call(stub, path, *request);
        SCOPED_TRACE(path + " with " + c.name);
        const std::string& message = status.error_message();
        EXPECT_NE(status.error_code(), grpc::StatusCode::INTERNAL) << message;
        EXPECT_NE(status.error_code(), grpc::StatusCode::UNKNOWN) << message;
        EXPECT_LE(message.size(), kMaxMessageBytes) << message.substr(0, 300);
        for (const std::string& fragment : ForbiddenFragments()) {
          EXPECT_FALSE(
              absl::StrContains(absl::AsciiStrToLower(message), absl::AsciiStrToLower(fragment)))
              << "\"" << fragment << "\" in: " << message.substr(0, 300);
        }
      }
    }
  }
  EXPECT_GE(rpcs, 40) << "every RPC of the four services";
}

TEST_F(HostileFieldsTest, TenantIdsOutsideThePatternCannotBeCreated) {
  const std::vector<std::string> bad_ids = {"../../../x", "/etc", "Demo", "a/b",
                                            std::string(64, 'a')};
  for (const std::string& bad : bad_ids) {
    invoicing::v1::Tenant created;
    grpc::Status status = stack_.tenants().CreateTenant(stack_.Context(stack_.Token(bad)).get(),
                                                        DemoTenant(bad), &created);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << bad;
    EXPECT_THAT(status.error_message(), ::testing::HasSubstr("tenant_id")) << bad;
  }
}

TEST_F(HostileFieldsTest, GetTenantNeedsARole) {
  invoicing::v1::Tenant tenant;
  grpc::Status status = stack_.tenants().GetTenant(stack_.Context(stack_.Token(tenant_, {})).get(),
                                                   invoicing::v1::GetTenantRequest(), &tenant);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
}

TEST_F(HostileFieldsTest, AuthenticationErrorsAreInFrench) {
  invoicing::v1::Tenant tenant;
  for (const std::string& token : {std::string(), std::string("not.a.jwt")}) {
    grpc::Status status = stack_.tenants().GetTenant(stack_.Context(token).get(),
                                                     invoicing::v1::GetTenantRequest(), &tenant);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
    EXPECT_THAT(status.error_message(), ::testing::AnyOf(::testing::HasSubstr("jeton"),
                                                         ::testing::HasSubstr("authentification")));
  }
}

}  // namespace
}  // namespace factflow::e2e
