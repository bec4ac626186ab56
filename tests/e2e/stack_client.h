#pragma once

// The running stack as the end-to-end tests see it: gRPC stubs of the four services, tokens for
// any tenant, and control of the service processes (kill/start) through deploy/stack-ctl.
// Everything comes from the environment exported by ./factflow test; a missing variable fails
// the test (it never skips).

#include <memory>
#include <string>
#include <vector>

#include "auth/token.h"
#include "factflow/catalog/v1/catalog.grpc.pb.h"
#include "factflow/dispatch/v1/dispatch.grpc.pb.h"
#include "factflow/importer/v1/importer.grpc.pb.h"
#include "factflow/invoicing/v1/invoicing.grpc.pb.h"

namespace factflow::e2e {

class Stack {
 public:
  Stack();

  // A token for `tenant` (roles admin + operator unless given), as `operator_id`.
  std::string Token(const std::string& tenant,
                    std::vector<std::string> roles = {"admin", "operator"},
                    const std::string& operator_id = "e2e-operator") const;
  // A client context with `token` (empty: no authorization header) and a 60 s deadline.
  std::unique_ptr<grpc::ClientContext> Context(const std::string& token) const;

  importer::v1::ImporterService::Stub& importer() { return *importer_; }
  invoicing::v1::TenantService::Stub& tenants() { return *tenants_; }
  invoicing::v1::InvoiceService::Stub& invoices() { return *invoices_; }
  catalog::v1::CatalogService::Stub& catalog() { return *catalog_; }
  dispatch::v1::DispatchService::Stub& dispatch() { return *dispatch_; }

  // deploy/stack-ctl: "kill" (SIGKILL), "stop" (SIGTERM) or "start" (waits until healthy).
  void Control(const std::string& action, const std::string& service) const;

  const std::string& einvoice_dir() const { return einvoice_dir_; }

  // GET /metrics of a service ("importer", "invoicing_state"...): its Prometheus text.
  std::string ScrapeMetrics(const std::string& service) const;

 private:
  auth::TokenSigner signer_;
  std::string state_dir_;
  std::string stack_script_;
  std::string einvoice_dir_;
  std::unique_ptr<importer::v1::ImporterService::Stub> importer_;
  std::unique_ptr<invoicing::v1::TenantService::Stub> tenants_;
  std::unique_ptr<invoicing::v1::InvoiceService::Stub> invoices_;
  std::unique_ptr<catalog::v1::CatalogService::Stub> catalog_;
  std::unique_ptr<dispatch::v1::DispatchService::Stub> dispatch_;
};

// A realistic FNAC export made by tests/testdata/gen_fnac_export.py, with the generator's own
// summary (counts and totals computed independently of factflow, with Python's decimal).
struct GeneratedExport {
  std::string path;
  std::string file_name;
  std::string content;
  int orders = 0;
  int valid_orders = 0;
  std::string total_incl_vat_valid;
};
GeneratedExport GenerateFnacExport(int orders, int error_rows, int seed);

// A tenant with the demo identity, series FA starting at 1 and the FNAC format activated.
invoicing::v1::Tenant DemoTenant(const std::string& tenant_id);

// A new tenant id, unique per call.
std::string UniqueTenant(const std::string& prefix);

}  // namespace factflow::e2e
