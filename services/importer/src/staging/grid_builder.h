#pragma once

// Turns a parsed FNAC export into control-grid documents: one per order, its rows with their
// values, validation issues and article-mapping status, and the VAT rate each row will be
// invoiced at (the mapped article's, or the default rate of the upload preferences).

#include <map>
#include <string>
#include <vector>

#include "domain/staged_order.h"
#include "factflow/importer/v1/importer.pb.h"
#include "money/decimal.h"

namespace factflow::importer {

struct MappedArticle {
  std::string article_code;
  money::Decimal vat_rate;
};

// External code (seller SKU or EAN) -> article.
using ArticleMapping = std::map<std::string, MappedArticle>;

// The external codes of every line (SKU and EAN), to resolve before building the grid.
std::vector<std::string> ExternalCodes(const domain::ParsedExport& parsed);

// One document per order, positions from `first_position` (an upload's later segments start
// after the earlier ones', domain/fnac_segments.h).
std::vector<v1::GridDocument> BuildGrid(const domain::ParsedExport& parsed,
                                        const ArticleMapping& mapping,
                                        const v1::ImportPreferences& preferences,
                                        int64_t first_position = 1);

v1::Issue ToProto(const domain::Issue& issue);

// Sum over the document's rows of quantity x unit price + shipping, including VAT.
money::Decimal DocumentTotal(const v1::GridDocument& document);

}  // namespace factflow::importer
