#pragma once

// Finds the official EN 16931 validator (`einvoice-validate.sh` of the shared `einvoice` kit) for
// the conformance tests, and decides what a test does when it is not there.
//
// Why: the validator is not part of the repository (it lives in `../shared/einvoice` beside the
// clone on the team's machines and in CI). A user's clone has no `../shared`, and `./factflow test`
// must still pass there: the conformance checks then say plainly that they were skipped and how to
// run them. With `CI=true` they are required, so a missing validator fails the run instead.
//
// Lookup: `FACTFLOW_EINVOICE_VALIDATOR` when set (it is then the only candidate, so an explicit
// but wrong path is reported, not silently replaced), else
// `<source_dir>/../shared/einvoice/einvoice-validate.sh`.

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace factflow::testing {

struct EinvoiceValidator {
  std::string path;     // empty when not found
  std::string missing;  // when not found: what was looked for and how to provide it
};

// Thread-safe (reads the environment and the file system only).
EinvoiceValidator FindEinvoiceValidator(std::string_view source_dir);

// True when the environment says the conformance checks must run (`CI=true`).
bool EinvoiceValidatorRequired();

}  // namespace factflow::testing

// Declares `std::string var` holding the validator's path. When the validator is missing, ends the
// current test: skipped (with the reason and how to run it), or failed when CI=true.
#define FACTFLOW_EINVOICE_VALIDATOR_OR_SKIP(var, source_dir)                              \
  std::string var;                                                                        \
  {                                                                                       \
    ::factflow::testing::EinvoiceValidator found_validator =                              \
        ::factflow::testing::FindEinvoiceValidator(source_dir);                           \
    if (found_validator.path.empty()) {                                                   \
      if (::factflow::testing::EinvoiceValidatorRequired()) {                             \
        GTEST_FAIL() << found_validator.missing                                           \
                     << " — CI=true requires the EN 16931 conformance checks";            \
      }                                                                                   \
      GTEST_SKIP() << "EN 16931 conformance check skipped: " << found_validator.missing; \
    }                                                                                     \
    var = found_validator.path;                                                           \
  }
