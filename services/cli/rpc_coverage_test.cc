// Issue 13, "every RPC is reachable": enumerates every RPC of every service from the generated
// descriptors of every .proto file under proto/, and fails when one is not called by
// factflowctl's code (a `Service::Stub::Method` reference, as Client::Call takes it, or a
// streaming call `->Method(`) unless it is in the allow-list below, each entry with its reason.
// A new RPC without a command therefore fails here, whoever adds it.

#include <gmock/gmock.h>
#include <google/protobuf/descriptor.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>

// The generated descriptors are registered when their .pb.cc files are linked in.
#include "factflow/admin/v1/outbox_admin.grpc.pb.h"
#include "factflow/catalog/v1/catalog.grpc.pb.h"
#include "factflow/dispatch/v1/dispatch.grpc.pb.h"
#include "factflow/events/v1/envelope.pb.h"
#include "factflow/events/v1/events.pb.h"
#include "factflow/importer/v1/importer.grpc.pb.h"
#include "factflow/invoicing/v1/invoicing.grpc.pb.h"

namespace factflow::cli {
namespace {

namespace fs = std::filesystem;
namespace pb = google::protobuf;

// RPCs deliberately without a command, by full name, with the reason. Keep it short: an entry
// that gets a command, or whose RPC disappears, fails the test until it is removed.
const std::map<std::string, std::string>& AllowList() {
  static const auto* kList = new std::map<std::string, std::string>{
      // Service-to-service: callable with the `service` role only, by another service.
      {"factflow.importer.v1.ImporterService.GetApprovedDocuments",
       "internal: invoicing-state reads the frozen documents of a generation (role service)"},
      {"factflow.invoicing.v1.InvoiceService.CancelBatchInvoices",
       "internal: the importer's CancelBatches calls it (role service); operators use "
       "`factflowctl batches cancel`, which goes through the importer"},
      // The same upload in one message, for internal systems; factflowctl streams the file in
      // chunks through UploadFileStream (same checks, errors and result).
      {"factflow.importer.v1.ImporterService.UploadFile",
       "one-message variant of UploadFileStream, which `factflowctl upload` uses"},
      {"factflow.invoicing.v1.InvoiceService.BatchGetInvoices",
       "internal: chorus-dispatch fetches the sent invoices of an event by reference; operators "
       "read invoices with `invoices list|show`"},
  };
  return *kList;
}

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// "Service.Method" (short service name) of every RPC factflowctl's own code calls.
std::set<std::string> CalledByTheCli() {
  std::set<std::string> called;
  const std::regex unary(R"((\w+)::Stub::(\w+))");
  const std::regex streaming(R"((\w+)::NewStub\b[\s\S]*?->(\w+)\()");
  // A stub object on the stack: `Service::Stub stub(channel); … stub.Method(`.
  const std::regex stack_stub(R"((\w+)::Stub\s+(\w+)\([\s\S]*?\b\2\.(\w+)\()");
  for (const auto& entry : fs::recursive_directory_iterator(FACTFLOW_CLI_SOURCE_DIR)) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_regular_file() || !name.ends_with(".cc") || name.ends_with("_test.cc")) {
      continue;
    }
    const std::string text = ReadAll(entry.path());
    for (std::sregex_iterator it(text.begin(), text.end(), unary), end; it != end; ++it) {
      called.insert((*it)[1].str() + "." + (*it)[2].str());
    }
    for (std::sregex_iterator it(text.begin(), text.end(), streaming), end; it != end; ++it) {
      called.insert((*it)[1].str() + "." + (*it)[2].str());
    }
    for (std::sregex_iterator it(text.begin(), text.end(), stack_stub), end; it != end; ++it) {
      called.insert((*it)[1].str() + "." + (*it)[3].str());
    }
  }
  return called;
}

// Every RPC of every service of every .proto file under proto/, by full name.
std::vector<const pb::MethodDescriptor*> AllRpcs() {
  // Touching one descriptor per service file links its generated code (and what it imports)
  // out of the static library, which registers it in the generated pool.
  for (const pb::Descriptor* linked :
       {admin::v1::OutboxEvent::descriptor(), catalog::v1::Article::descriptor(),
        dispatch::v1::ArchivedObject::descriptor(),
        importer::v1::Batch::descriptor(), invoicing::v1::Invoice::descriptor(),
        events::v1::EventEnvelope::descriptor(), events::v1::InvoicesSent::descriptor()}) {
    EXPECT_NE(linked, nullptr);
  }
  std::vector<const pb::MethodDescriptor*> rpcs;
  const fs::path root = FACTFLOW_PROTO_DIR;
  int files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".proto") continue;
    const std::string relative = fs::relative(entry.path(), root).string();
    const pb::FileDescriptor* file = pb::DescriptorPool::generated_pool()->FindFileByName(relative);
    EXPECT_NE(file, nullptr) << relative << " is not linked into this test: add its library";
    if (file == nullptr) continue;
    ++files;
    for (int s = 0; s < file->service_count(); ++s) {
      for (int m = 0; m < file->service(s)->method_count(); ++m) {
        rpcs.push_back(file->service(s)->method(m));
      }
    }
  }
  EXPECT_GE(files, 5);
  return rpcs;
}

TEST(RpcCoverage, EveryRpcHasAFactflowctlCommand) {
  const std::set<std::string> called = CalledByTheCli();
  const std::vector<const pb::MethodDescriptor*> rpcs = AllRpcs();
  ASSERT_GT(rpcs.size(), 40u);
  std::set<std::string> existing;
  int covered = 0;
  for (const pb::MethodDescriptor* rpc : rpcs) {
    existing.insert(rpc->full_name());
    const bool in_cli = called.count(rpc->service()->name() + "." + rpc->name()) > 0;
    const bool allowed = AllowList().count(rpc->full_name()) > 0;
    covered += in_cli;
    if (in_cli && allowed) {
      ADD_FAILURE() << rpc->full_name()
                    << " has a command now: remove it from the allow-list of this test";
    } else if (!in_cli && !allowed) {
      ADD_FAILURE() << rpc->full_name()
                    << " has no factflowctl command: add one (services/cli/commands, French "
                       "help with an example), or, for a service-to-service RPC, an allow-list "
                       "entry saying why";
    }
  }
  for (const auto& [name, reason] : AllowList()) {
    EXPECT_EQ(existing.count(name), 1u)
        << "the allow-list names " << name << ", which is not an RPC any more: remove it";
  }
  std::cout << covered << " of " << rpcs.size() << " RPCs have a command, " << AllowList().size()
            << " allow-listed\n";
}

// The scan itself finds what it must: a unary call through Client::Call and a streaming one.
TEST(RpcCoverage, ScanSeesUnaryAndStreamingCalls) {
  const std::set<std::string> called = CalledByTheCli();
  EXPECT_EQ(called.count("DispatchService.ListArchivedObjects"), 1u);
  EXPECT_EQ(called.count("InvoiceService.WatchOperation"), 1u);
  EXPECT_EQ(called.count("DispatchService.NoSuchRpc"), 0u);
}

}  // namespace
}  // namespace factflow::cli
