#pragma once

// factflow.invoicing.v1.TenantService: the company file (identity, legal mentions, activated
// import formats, numbering series). The tenant is always the caller's token's tenant.

#include "factflow/invoicing/v1/invoicing.grpc.pb.h"
#include "runtime/runtime.h"

namespace factflow::invoicing {

class TenantServiceImpl final : public v1::TenantService::Service {
 public:
  explicit TenantServiceImpl(runtime::Runtime& runtime) : runtime_(runtime) {}

  grpc::Status CreateTenant(grpc::ServerContext* context, const v1::Tenant* request,
                            v1::Tenant* response) override;
  grpc::Status GetTenant(grpc::ServerContext* context, const v1::GetTenantRequest* request,
                         v1::Tenant* response) override;
  grpc::Status UpdateTenant(grpc::ServerContext* context, const v1::Tenant* request,
                            v1::Tenant* response) override;

 private:
  runtime::Runtime& runtime_;
};

// InvalidArgument naming the first wrong field (French): company name and address, SIREN
// (9 digits, Luhn), SIRET (14 digits, Luhn, starts with the SIREN), VAT number, series
// (BR-FR-01/02), known import formats.
absl::Status ValidateTenant(const v1::Tenant& tenant);

}  // namespace factflow::invoicing
