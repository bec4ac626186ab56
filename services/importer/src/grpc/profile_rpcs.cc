// Tenant import profiles (issue 7, domain.md §7): their RPCs, and the upload's choice of parser
// (the FNAC export, or a tenant profile "profil:<name>"). Part of ImporterServiceImpl
// (importer_service.h).
#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "domain/fnac_profile.h"
#include "domain/tenant_profile.h"
#include "grpc/call.h"
#include "grpc/importer_service.h"
#include "storage/profile_repository.h"
#include "validation/fields.h"

namespace factflow::importer {
namespace {

constexpr char kFnacFormat[] = "fnac-orders-xlsx";
const std::initializer_list<std::string_view> kProfileEditors = {auth::kRoleOperator,
                                                                 auth::kRoleAdmin};
const std::initializer_list<std::string_view> kProfileReaders = {
    auth::kRoleOperator, auth::kRoleAdmin, auth::kRoleService};

absl::Status Invalid(const std::string& field, const std::string& value,
                     const std::string& expected) {
  return absl::InvalidArgumentError(absl::StrCat(field, " : ", validation::Echo(value),
                                                 " refusé (", expected, ")"));
}

absl::Status CheckName(const std::string& name) {
  if (domain::IsValidProfileName(name)) return absl::OkStatus();
  return Invalid("name", name, "1 à 40 caractères parmi a-z, 0-9 et '-', par exemple amazon");
}

// The proto's spelled-out choices as the domain's, with the canonical spelling written back.
absl::StatusOr<domain::TenantProfile> ToDomain(v1::ImportProfile& proto) {
  domain::TenantProfile profile;
  profile.name = proto.name();
  const std::string kind = absl::AsciiStrToLower(proto.kind());
  if (kind.empty() || kind == "csv") {
    profile.kind = domain::ProfileKind::kCsv;
  } else if (kind == "xlsx") {
    profile.kind = domain::ProfileKind::kXlsx;
  } else {
    return Invalid("kind", proto.kind(), "csv ou xlsx");
  }
  proto.set_kind(std::string(domain::ProfileKindName(profile.kind)));
  const std::string& date = proto.date_order();
  if (date.empty() || date == "jj/mm/aaaa") {
    proto.set_date_order("jj/mm/aaaa");
  } else if (date == "mm/jj/aaaa") {
    profile.date_order = domain::DateOrder::kMonthDayYear;
  } else {
    return Invalid("date_order", date, "jj/mm/aaaa ou mm/jj/aaaa");
  }
  const std::string mark = absl::AsciiStrToLower(proto.decimal_mark());
  if (mark.empty() || mark == "auto") {
    proto.set_decimal_mark("auto");
  } else if (mark == "virgule" || mark == ",") {
    profile.decimal_mark = domain::DecimalMark::kComma;
    proto.set_decimal_mark("virgule");
  } else if (mark == "point" || mark == ".") {
    profile.decimal_mark = domain::DecimalMark::kPoint;
    proto.set_decimal_mark("point");
  } else {
    return Invalid("decimal_mark", proto.decimal_mark(), "auto, virgule ou point");
  }
  const std::string& separator = proto.separator();
  if (separator == ";" || separator == ",") {
    profile.separator = separator[0];
  } else if (separator == "tab" || separator == "\t") {
    profile.separator = '\t';
    proto.set_separator("tab");
  } else if (!separator.empty()) {
    return Invalid("separator", separator, "« ; », « , » ou tab ; vide pour le détecter");
  }
  if (proto.columns_size() > 64 || proto.defaults_size() > 64) {
    return absl::InvalidArgumentError("columns/defaults : au plus 64 entrées chacun");
  }
  profile.group_by = proto.group_by();
  for (const v1::ProfileColumn& column : proto.columns()) {
    FACTFLOW_RETURN_IF_ERROR(validation::CheckText("columns.field", column.field(), 64));
    profile.columns.push_back(
        {column.field(), column.header(), {column.aliases().begin(), column.aliases().end()}});
  }
  // A map has no order: sorted, so that the first refusal is always the same.
  std::map<std::string, std::string> defaults(proto.defaults().begin(), proto.defaults().end());
  for (const auto& [field, value] : defaults) {
    FACTFLOW_RETURN_IF_ERROR(validation::CheckText("defaults", field, 64));
    profile.defaults.emplace_back(field, value);
  }
  proto.set_format(domain::ProfileFormat(profile.name));
  return profile;
}

}  // namespace

absl::StatusOr<domain::ParsedExport> ImporterServiceImpl::ParseUpload(
    const std::string& tenant_id, const v1::UploadFileRequest& request, std::string_view content,
    const domain::XlsxLimits& limits) {
  if (request.format() == kFnacFormat) {
    return domain::ParseFnacExport(request.file_name(), content, limits);
  }
  std::optional<std::string> name = domain::ProfileNameOfFormat(request.format());
  if (!name.has_value()) {
    return absl::UnimplementedError(absl::StrCat(
        "format d'import ", validation::Echo(request.format()), " pas encore disponible (",
        kFnacFormat, " ou un profil d'import du dossier, « profil:<nom> »)"));
  }
  std::optional<v1::ImportProfile> saved;
  FACTFLOW_RETURN_IF_ERROR(runtime_.pool().InTransaction([&](pqxx::work& tx) {
    saved = storage::LoadProfile(tx, tenant_id, *name);
    return absl::OkStatus();
  }));
  if (!saved.has_value()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "le profil d'import « ", validation::Echo(*name),
        " » n'existe pas dans ce dossier : créez-le (factflowctl profiles set ",
        validation::Echo(*name), " …) ou choisissez un autre format"));
  }
  FACTFLOW_ASSIGN_OR_RETURN(domain::TenantProfile profile, ToDomain(*saved));
  FACTFLOW_ASSIGN_OR_RETURN(domain::CompiledProfile compiled,
                            domain::CompileProfile(std::move(profile)));
  return domain::ParseWithProfile(compiled, request.file_name(), content, limits);
}

grpc::Status ImporterServiceImpl::ListImportProfiles(grpc::ServerContext* context,
                                                     const v1::ListImportProfilesRequest*,
                                                     v1::ListImportProfilesResponse* response) {
  return grpcutil::HandleRpc(
      context, runtime_.signer(), "ListImportProfiles", kProfileReaders,
      [&](const auth::Principal& principal) -> absl::Status {
        return runtime_.pool().InTransaction([&](pqxx::work& tx) {
          for (v1::ImportProfile& profile : storage::ListProfiles(tx, principal.tenant_id)) {
            *response->add_profiles() = std::move(profile);
          }
          return absl::OkStatus();
        });
      });
}

grpc::Status ImporterServiceImpl::GetImportProfile(grpc::ServerContext* context,
                                                   const v1::GetImportProfileRequest* request,
                                                   v1::ImportProfile* response) {
  return grpcutil::HandleRpc(
      context, runtime_.signer(), "GetImportProfile", kProfileReaders,
      [&](const auth::Principal& principal) -> absl::Status {
        FACTFLOW_RETURN_IF_ERROR(CheckName(request->name()));
        return runtime_.pool().InTransaction([&](pqxx::work& tx) -> absl::Status {
          std::optional<v1::ImportProfile> profile =
              storage::LoadProfile(tx, principal.tenant_id, request->name());
          if (!profile.has_value()) {
            return absl::NotFoundError(absl::StrCat("profil d'import « ", request->name(),
                                                    " » introuvable dans ce dossier"));
          }
          *response = *std::move(profile);
          return absl::OkStatus();
        });
      });
}

grpc::Status ImporterServiceImpl::SaveImportProfile(grpc::ServerContext* context,
                                                    const v1::ImportProfile* request,
                                                    v1::ImportProfile* response) {
  return grpcutil::HandleRpc(
      context, runtime_.signer(), "SaveImportProfile", kProfileEditors,
      [&](const auth::Principal& principal) -> absl::Status {
        FACTFLOW_RETURN_IF_ERROR(CheckName(request->name()));
        v1::ImportProfile profile = *request;
        profile.clear_updated_by();
        profile.clear_updated_at();
        FACTFLOW_ASSIGN_OR_RETURN(domain::TenantProfile definition, ToDomain(profile));
        FACTFLOW_RETURN_IF_ERROR(domain::CompileProfile(std::move(definition)).status());
        return runtime_.pool().InTransaction([&](pqxx::work& tx) -> absl::Status {
          if (!storage::LoadProfile(tx, principal.tenant_id, profile.name()).has_value() &&
              storage::CountProfiles(tx, principal.tenant_id) >= storage::kMaxProfilesPerTenant) {
            return absl::FailedPreconditionError(absl::StrCat(
                "ce dossier a déjà ", storage::kMaxProfilesPerTenant,
                " profils d'import, le maximum : supprimez-en un (factflowctl profiles delete)"));
          }
          *response = storage::SaveProfile(tx, principal.tenant_id, profile,
                                           principal.operator_id);
          return absl::OkStatus();
        });
      });
}

grpc::Status ImporterServiceImpl::DeleteImportProfile(grpc::ServerContext* context,
                                                      const v1::DeleteImportProfileRequest* request,
                                                      v1::DeleteImportProfileResponse*) {
  return grpcutil::HandleRpc(
      context, runtime_.signer(), "DeleteImportProfile", kProfileEditors,
      [&](const auth::Principal& principal) -> absl::Status {
        FACTFLOW_RETURN_IF_ERROR(CheckName(request->name()));
        const std::string format = domain::ProfileFormat(request->name());
        // An activated profile is in use: deleting it would break the tenant's next upload.
        absl::Status activated = CheckFormatActivated(principal.tenant_id, format);
        if (!activated.ok() && activated.code() != absl::StatusCode::kFailedPrecondition) {
          return activated;  // invoicing-state unreachable: nothing is deleted
        }
        if (activated.ok()) {
          return absl::FailedPreconditionError(absl::StrCat(
              "le profil d'import « ", request->name(), " » est activé pour ce dossier (format ",
              format, ") : désactivez-le d'abord (factflowctl tenant deactivate-format ", format,
              ")"));
        }
        return runtime_.pool().InTransaction([&](pqxx::work& tx) -> absl::Status {
          if (!storage::DeleteProfile(tx, principal.tenant_id, request->name())) {
            return absl::NotFoundError(absl::StrCat("profil d'import « ", request->name(),
                                                    " » introuvable dans ce dossier"));
          }
          return absl::OkStatus();
        });
      });
}

}  // namespace factflow::importer
