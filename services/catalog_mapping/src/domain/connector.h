#pragma once

// E-connectors (domain.md section 3, seed 001 "Paramétrage e-connecteur"): a link to a third-party
// system (ETA...) exchanging CSV files through two folders, or JSON through a webservice, with its
// send settings (which articles and customers go out) and reception settings (what received
// documents and parties become). Pure C++, no I/O: the folders are checked against the
// filesystem by connectors/folders.h.
//
// Thread safety: value types and reentrant functions.
//
// Errors: InvalidArgument in French naming every wrong field ("connector.<field>"), what was
// wrong and how to fix it.

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace factflow::catalog_mapping::domain {

inline constexpr std::string_view kModeCsvFolder = "CSV_FOLDER";
inline constexpr std::string_view kModeWebservice = "WEBSERVICE";

struct Connector {
  std::string code;
  std::string link_type;           // "Suivi ETA", ...
  std::string communication_mode;  // kModeCsvFolder or kModeWebservice
  std::string export_path;         // relative to the deployment's connector root (CSV mode)
  std::string import_path;
  std::string webservice_url;      // http:// or https:// (webservice mode)
  std::string webservice_key;      // empty on update: keep the stored key
  // Send settings.
  std::string send_articles = "NONE";  // AVAILABLE_FOR_EXPORT | FILTER | NONE
  std::string send_articles_filter;
  std::string send_tariff_category;
  std::string send_unit;
  std::string send_depot;
  std::string send_customers = "NONE";  // ALL | FILTER | NONE
  std::string send_customers_filter;
  bool send_contacts = false;
  // Reception settings.
  std::string reception_document_type = "ORDER";  // ORDER | DELIVERY_NOTE
  std::string reception_company;
  std::string reception_site;
  std::string reception_depot;
  std::string reception_customer_family;
  std::string reception_supplier_family;
  std::string reception_mode = "MANUAL";  // MANUAL | AT_STARTUP
};

// Validates and normalises a connector as a caller sent it: trims texts, upper-cases the
// enumerations (empty ones take their defaults), requires both folders in CSV mode (their
// confinement is checked by connectors/folders.h) and an http(s) URL in webservice mode, a filter
// name when a setting says FILTER. Every problem is reported at once.
absl::StatusOr<Connector> ValidateConnector(const Connector& draft);

// The segments of a connector folder path given relative to the deployment's root ("eta/import"
// -> {"eta", "import"}). An absolute path is accepted only when it starts with `root` (the rest
// is then taken). Refused, naming `field`: an empty path, "..", ".", a segment that is not a
// plain file name (letters, digits, '-', '_', '.', not starting with '.'), an absolute path
// outside the root.
absl::StatusOr<std::vector<std::string>> SplitFolderPath(std::string_view field,
                                                         std::string_view path,
                                                         std::string_view root = "");

}  // namespace factflow::catalog_mapping::domain
