#include "testing/einvoice_validator.h"

#include <cstdlib>
#include <filesystem>

namespace factflow::testing {

EinvoiceValidator FindEinvoiceValidator(std::string_view source_dir) {
  const char* configured = std::getenv("FACTFLOW_EINVOICE_VALIDATOR");
  std::string candidate = configured != nullptr && *configured != '\0'
                              ? std::string(configured)
                              : std::string(source_dir) + "/../shared/einvoice/einvoice-validate.sh";
  std::error_code error;
  if (std::filesystem::is_regular_file(candidate, error)) return {candidate, ""};
  std::string how =
      configured != nullptr && *configured != '\0'
          ? "FACTFLOW_EINVOICE_VALIDATOR points to " + candidate + ", which does not exist"
          : "validator not found at " + candidate;
  return {"", how + "; to run these checks, put the shared einvoice kit beside the clone "
                    "(../shared/einvoice) or set FACTFLOW_EINVOICE_VALIDATOR to its "
                    "einvoice-validate.sh"};
}

bool EinvoiceValidatorRequired() {
  const char* ci = std::getenv("CI");
  return ci != nullptr && (std::string_view(ci) == "true" || std::string_view(ci) == "1");
}

}  // namespace factflow::testing
