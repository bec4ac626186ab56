#include "grpc/call.h"

#include <algorithm>
#include <stdexcept>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "validation/fields.h"

namespace factflow::grpcutil {
namespace {

std::string Metadata(const grpc::ServerContext& context, std::string_view key) {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find(grpc::string_ref(key.data(), key.size()));
  if (it == metadata.end()) return {};
  return std::string(it->second.data(), it->second.size());
}

}  // namespace

absl::StatusOr<auth::Principal> Authenticate(const grpc::ServerContext& context,
                                             const auth::TokenSigner& signer) {
  std::string header = Metadata(context, "authorization");
  if (header.empty()) {
    return absl::UnauthenticatedError(
        "authentification absente : envoyez l'en-tête 'authorization: Bearer <jeton>' "
        "(factflowctl token)");
  }
  constexpr absl::string_view kBearer = "Bearer ";
  if (!absl::StartsWithIgnoreCase(header, kBearer)) {
    return absl::UnauthenticatedError("en-tête authorization invalide : 'Bearer <jeton>' attendu");
  }
  return signer.Verify(std::string_view(header).substr(kBearer.size()));
}

std::string CorrelationId(const grpc::ServerContext& context) {
  std::string id = Metadata(context, kCorrelationHeader);
  // The id is logged and echoed in error messages: only a short, plain one is taken as is.
  bool plain = !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
    return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
  });
  return plain ? id : logging::NewUuid();
}

absl::Status RequireAnyRole(const auth::Principal& principal,
                            std::initializer_list<std::string_view> roles) {
  if (roles.size() == 0) return absl::OkStatus();
  for (std::string_view role : roles) {
    if (principal.HasRole(role)) return absl::OkStatus();
  }
  std::string wanted;
  for (std::string_view role : roles) {
    if (!wanted.empty()) wanted += ", ";
    wanted += role;
  }
  return absl::PermissionDeniedError(absl::StrCat("l'opérateur ",
                                                  validation::Echo(principal.operator_id),
                                                  " n'a aucun des rôles requis : ", wanted));
}

absl::Status StatusFromUnexpected(std::string_view method, const std::exception& e) {
  spdlog::error("{}: unexpected failure: {}", method, e.what());
  if (dynamic_cast<const std::overflow_error*>(&e) != nullptr) {
    return absl::OutOfRangeError(
        "montant hors limites : un calcul dépasse la capacité des montants (environ 922 "
        "milliards) ; vérifiez les quantités et les prix");
  }
  return absl::InternalError("erreur interne");
}

absl::Status NotYetAvailable(std::string_view what, std::string_view plan) {
  return absl::UnimplementedError(absl::StrCat(
      std::string(what), " n'est pas encore disponible (prévu : ", std::string(plan), ")"));
}

absl::Status ForCaller(const absl::Status& status) {
  // These codes also come from libraries (gRPC core, a called service's transport), in English
  // and with addresses: the caller gets a French sentence and the correlation id of the log line.
  const std::string reference =
      absl::StrCat(" ; référence pour le support : ", logging::Current().correlation_id);
  switch (status.code()) {
    case absl::StatusCode::kInternal:
    case absl::StatusCode::kUnknown:
      return absl::Status(status.code(), absl::StrCat("erreur interne du service", reference));
    case absl::StatusCode::kUnavailable:
      return absl::UnavailableError(absl::StrCat(
          "service momentanément indisponible : réessayez dans quelques instants", reference));
    case absl::StatusCode::kDeadlineExceeded:
      return absl::DeadlineExceededError(
          absl::StrCat("l'opération a dépassé son délai : réessayez", reference));
    default:
      return status;
  }
}

std::unique_ptr<grpc::ClientContext> OutgoingContext(std::string_view token,
                                                     absl::Duration timeout) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->AddMetadata("authorization", absl::StrCat("Bearer ", std::string(token)));
  const std::string& correlation = logging::Current().correlation_id;
  if (!correlation.empty()) context->AddMetadata(kCorrelationHeader, correlation);
  context->set_deadline(std::chrono::system_clock::now() + absl::ToChronoMilliseconds(timeout));
  return context;
}

std::shared_ptr<grpc::Channel> MakeChannel(const std::string& address) {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(64 * 1024 * 1024);
  args.SetMaxSendMessageSize(64 * 1024 * 1024);
  return grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args);
}

}  // namespace factflow::grpcutil
