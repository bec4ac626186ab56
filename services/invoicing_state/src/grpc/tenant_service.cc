#include "grpc/tenant_service.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "domain/numbering.h"
#include "grpc/call.h"
#include "identifiers/french_company_ids.h"
#include "storage/tenant_repository.h"
#include "validation/fields.h"

namespace factflow::invoicing {
namespace {

constexpr std::string_view kKnownFormats[] = {"fnac-orders-xlsx", "eta-csv"};
// The formats the importer can read today: a format that cannot be imported yet cannot be
// activated (every upload would then fail UNIMPLEMENTED).
constexpr std::string_view kImportableFormats[] = {"fnac-orders-xlsx"};

absl::Status Invalid(std::string message) { return absl::InvalidArgumentError(message); }

// A tenant import profile's format, "profil:<name>" (importer domain/tenant_profile.h: name of 1
// to 40 of a-z, 0-9, '-'). Whether the profile exists is the importer's to say at upload (and
// factflowctl checks it before activating).
bool IsProfileFormat(std::string_view format) {
  constexpr std::string_view kPrefix = "profil:";
  if (format.substr(0, kPrefix.size()) != kPrefix) return false;
  std::string_view name = format.substr(kPrefix.size());
  if (name.empty() || name.size() > 40 || name.front() == '-') return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

absl::Status ValidateIdentity(const v1::CompanyIdentity& c) {
  if (c.name().empty()) return Invalid("company.name : la raison sociale est obligatoire");
  if (c.address().line1().empty() || c.address().city().empty() ||
      c.address().postal_code().empty()) {
    return Invalid("company.address : adresse, code postal et ville sont obligatoires");
  }
  if (c.address().country_code().size() != 2) {
    return Invalid("company.address.country_code : code pays ISO à 2 lettres attendu (FR)");
  }
  FACTFLOW_RETURN_IF_ERROR(validation::CheckText("company.registration", c.registration(), 120));
  if (!identifiers::IsValidSiren(c.siren())) {
    return Invalid(absl::StrCat("company.siren : ", validation::Echo(c.siren()),
                                " n'est pas un SIREN valide"));
  }
  if (!c.siret().empty() && !identifiers::IsValidSiret(c.siret(), c.siren())) {
    return Invalid(absl::StrCat("company.siret : ", validation::Echo(c.siret()),
                                " n'est pas un SIRET valide de ce SIREN"));
  }
  if (!c.vat_number().empty() &&
      (c.vat_number().size() < 4 || !absl::ascii_isalpha(c.vat_number()[0]) ||
       !absl::ascii_isalpha(c.vat_number()[1]))) {
    return Invalid(absl::StrCat("company.vat_number : ", validation::Echo(c.vat_number()),
                                " n'est pas un numéro de TVA intracommunautaire"));
  }
  if (absl::StartsWith(c.vat_number(), "FR") &&
      c.vat_number() != identifiers::FrenchVatNumber(c.siren())) {
    return Invalid(absl::StrCat("company.vat_number : ", validation::Echo(c.vat_number()),
                                " ne correspond pas au SIREN ", c.siren(), " (attendu ",
                                identifiers::FrenchVatNumber(c.siren()), ")"));
  }
  return absl::OkStatus();
}

absl::Status ValidateSeriesList(const v1::Tenant& tenant) {
  if (tenant.series().empty()) {
    return Invalid("series : au moins une série de numérotation de factures est obligatoire");
  }
  for (const auto& s : tenant.series()) {
    domain::NumberingSeries series{s.code(), s.prefix(), s.padding(),
                                   s.next_value() > 0 ? s.next_value() : 1};
    if (s.code().empty()) return Invalid("series.code : code de série obligatoire");
    // Bounded before any message quotes them.
    FACTFLOW_RETURN_IF_ERROR(validation::CheckText("series.code", s.code(), 16));
    FACTFLOW_RETURN_IF_ERROR(
        validation::CheckText("series.prefix", s.prefix(), domain::kMaxInvoiceNumberLength));
    if (absl::Status valid = domain::ValidateSeries(series); !valid.ok()) {
      return Invalid(absl::StrCat("série ", s.code(), " : ", std::string(valid.message())));
    }
    if (s.document_kind() != "INVOICE" && s.document_kind() != "CREDIT_NOTE") {
      return Invalid(absl::StrCat("série ", s.code(), " : document_kind INVOICE ou CREDIT_NOTE"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateTenant(const v1::Tenant& tenant) {
  if (absl::Status s = ValidateIdentity(tenant.company()); !s.ok()) return s;
  if (absl::Status s = ValidateSeriesList(tenant); !s.ok()) return s;
  const std::string& category = tenant.legal_mentions().operation_category();
  if (!category.empty() && category != "BIENS" && category != "SERVICES" && category != "MIXTE") {
    return Invalid(absl::StrCat("legal_mentions.operation_category : ", validation::Echo(category),
                                " inconnue, attendu BIENS, SERVICES ou MIXTE"));
  }
  for (const auto& format : tenant.activated_import_formats()) {
    if (IsProfileFormat(format)) continue;
    if (std::find(std::begin(kKnownFormats), std::end(kKnownFormats), format) ==
        std::end(kKnownFormats)) {
      return Invalid(absl::StrCat("activated_import_formats : format ", validation::Echo(format),
                                  " inconnu (fnac-orders-xlsx, eta-csv, ou "
                                  "profil:<nom> pour un profil d'import du dossier)"));
    }
    if (std::find(std::begin(kImportableFormats), std::end(kImportableFormats), format) ==
        std::end(kImportableFormats)) {
      return Invalid(absl::StrCat("activated_import_formats : le format ", validation::Echo(format),
                                  " ne peut pas encore être importé, il ne peut donc pas être "
                                  "activé (formats disponibles : fnac-orders-xlsx et les "
                                  "profils d'import du dossier, profil:<nom>)"));
    }
  }
  return absl::OkStatus();
}

grpc::Status TenantServiceImpl::CreateTenant(grpc::ServerContext* context,
                                             const v1::Tenant* request, v1::Tenant* response) {
  return grpcutil::HandleRpc(
      context, runtime_.signer(), "CreateTenant", {auth::kRoleAdmin},
      [&](const auth::Principal& principal) -> absl::Status {
        if (!request->tenant_id().empty() && request->tenant_id() != principal.tenant_id) {
          return absl::PermissionDeniedError("un jeton ne peut créer que son propre dossier");
        }
        // The tenant id names folders and rows: only the strict pattern is accepted.
        FACTFLOW_RETURN_IF_ERROR(validation::CheckTenantId(principal.tenant_id));
        v1::Tenant tenant = *request;
        tenant.set_tenant_id(principal.tenant_id);
        FACTFLOW_RETURN_IF_ERROR(ValidateTenant(tenant));
        return runtime_.pool().InTransaction([&](pqxx::work& tx) -> absl::Status {
          FACTFLOW_RETURN_IF_ERROR(storage::InsertTenant(tx, tenant));
          FACTFLOW_ASSIGN_OR_RETURN(*response, storage::LoadTenant(tx, principal.tenant_id));
          return absl::OkStatus();
        });
      });
}

grpc::Status TenantServiceImpl::GetTenant(grpc::ServerContext* context, const v1::GetTenantRequest*,
                                          v1::Tenant* response) {
  return grpcutil::HandleRpc(
      context, runtime_.signer(), "GetTenant",
      {auth::kRoleOperator, auth::kRoleAdmin, auth::kRoleService},
      [&](const auth::Principal& principal) {
        return runtime_.pool().InTransaction([&](pqxx::work& tx) -> absl::Status {
          FACTFLOW_ASSIGN_OR_RETURN(*response, storage::LoadTenant(tx, principal.tenant_id));
          return absl::OkStatus();
        });
      });
}

grpc::Status TenantServiceImpl::UpdateTenant(grpc::ServerContext* context,
                                             const v1::Tenant* request, v1::Tenant* response) {
  return grpcutil::HandleRpc(
      context, runtime_.signer(), "UpdateTenant", {auth::kRoleAdmin},
      [&](const auth::Principal& principal) -> absl::Status {
        v1::Tenant tenant = *request;
        tenant.set_tenant_id(principal.tenant_id);
        FACTFLOW_RETURN_IF_ERROR(ValidateTenant(tenant));
        return runtime_.pool().InTransaction([&](pqxx::work& tx) -> absl::Status {
          FACTFLOW_RETURN_IF_ERROR(storage::UpdateTenant(tx, tenant));
          FACTFLOW_ASSIGN_OR_RETURN(*response, storage::LoadTenant(tx, principal.tenant_id));
          return absl::OkStatus();
        });
      });
}

}  // namespace factflow::invoicing
