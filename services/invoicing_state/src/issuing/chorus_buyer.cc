#include "issuing/chorus_buyer.h"

#include <initializer_list>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "identifiers/french_company_ids.h"
#include "status/grpc_status.h"
#include "validation/fields.h"

namespace factflow::invoicing {
namespace {

absl::Status Invalid(std::string message) {
  return absl::InvalidArgumentError(std::move(message));
}

}  // namespace

absl::Status ValidateChorusBuyer(const v1::ChorusBuyer& chorus) {
  // Longer than Chorus Pro takes (50 for the commitment number): the export names the rule
  // (CHORUS-05) rather than the entry refusing a value the operator can still shorten.
  using Field = std::pair<const char*, std::string>;
  const v1::Party& delivery = chorus.delivery();
  for (const auto& [field, value] : std::initializer_list<Field>{
           {"chorus.customer_code", chorus.customer_code()},
           {"chorus.commitment_number", chorus.commitment_number()},
           {"chorus.delivery.name", delivery.name()},
           {"chorus.delivery.address.line1", delivery.address().line1()},
           {"chorus.delivery.address.line2", delivery.address().line2()},
           {"chorus.delivery.address.city", delivery.address().city()}}) {
    FACTFLOW_RETURN_IF_ERROR(validation::CheckText(field, value, 200));
  }
  FACTFLOW_RETURN_IF_ERROR(validation::CheckText("chorus.delivery.address.postal_code",
                                                 delivery.address().postal_code(), 16));
  const std::string& country = delivery.address().country_code();
  if (!country.empty() && (country.size() != 2 || !absl::ascii_isupper(country[0]) ||
                           !absl::ascii_isupper(country[1]))) {
    return Invalid(absl::StrCat("chorus.delivery.address.country_code : ",
                                validation::Echo(country),
                                " n'est pas un code pays ISO à 2 lettres (FR)"));
  }
  if (!delivery.siret().empty() && !identifiers::IsValidSiret(delivery.siret())) {
    return Invalid(absl::StrCat("chorus.delivery.siret : ", validation::Echo(delivery.siret()),
                                " n'est pas un SIRET valide (14 chiffres, clé de Luhn)"));
  }
  return absl::OkStatus();
}

}  // namespace factflow::invoicing
