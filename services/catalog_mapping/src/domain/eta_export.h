#pragma once

// What a connector sends (domain.md section 3, "Paramètres d'envoi"): articles with the tariff
// category, unit and depot of the send settings, and customers (with their contacts when asked),
// as ETA CSV rows (UTF-8, ';', RFC 4180 quoting, decimal point, CRLF) or as JSON objects for the
// webservice (README, "E-connecteur: the webservice API"). The customer columns are those of the
// reception's ImportTiers files, so a third party can read back what it receives.
//
// Thread safety: reentrant functions. Pure: no I/O.

#include <string>
#include <string_view>

#include "domain/article.h"
#include "domain/party.h"
#include "nlohmann/json.hpp"

namespace factflow::catalog_mapping::domain {

// The send settings applied to every article row.
struct ArticleSendSettings {
  std::string tariff_category;
  std::string unit;  // overrides the article's unit when not empty
  std::string depot;
};

// One CSV field, quoted when it holds ';', '"', CR or LF (quotes doubled).
std::string CsvField(std::string_view value);

// Header and row of the articles file (ExportArticles*.csv). `external_code`: the article's code
// for the connector ("" when none).
std::string ArticlesCsvHeader();
std::string ArticleCsvRow(const Article& article, std::string_view external_code,
                          const ArticleSendSettings& settings);
nlohmann::json ArticleJson(const Article& article, std::string_view external_code,
                           const ArticleSendSettings& settings);

// Header and row of the parties file (ExportTiers*.csv): the ImportTiers columns.
std::string PartiesCsvHeader();
std::string PartyCsvRow(const Party& party);
nlohmann::json PartyJson(const Party& party);

}  // namespace factflow::catalog_mapping::domain
