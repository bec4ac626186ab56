#pragma once

// The command-line options of a buyer's Chorus Pro data (factflow.invoicing.v1.ChorusBuyer):
// customer code, Chorus export, commitment number, the public buyer's requirements and the
// delivery party. Shared by the commands that enter a buyer (invoice create).

#include <string>

#include <CLI/CLI.hpp>
#include "factflow/invoicing/v1/invoicing.pb.h"

namespace factflow::cli {

struct ChorusBuyerOptions {
  std::string customer_code, commitment;
  bool chorus = false, service_code_required = false, commitment_required = false;
  std::string delivery_name, delivery_address, delivery_postal_code, delivery_city;
  std::string delivery_country, delivery_siret;
};

// Adds --customer-code, --chorus, --commitment, --service-code-required, --commitment-required
// and --delivery-* (French help) to `command`, writing into `options` (which must outlive it).
void AddChorusBuyerOptions(CLI::App* command, ChorusBuyerOptions* options);

// Sets `out` from the options; leaves it unset when no option was given. The delivery party is
// set when any --delivery-* option is.
void FillChorusBuyer(const ChorusBuyerOptions& options, invoicing::v1::ChorusBuyer* out);

}  // namespace factflow::cli
