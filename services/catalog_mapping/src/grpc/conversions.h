#pragma once

// Conversions between the catalog API messages (factflow.catalog.v1) and the domain types.
// Incoming messages become drafts that the domain validates; outgoing ones are filled from
// validated, stored values (decimals in their shortest exact text).
//
// Thread safety: reentrant functions.

#include <vector>

#include "domain/article.h"
#include "domain/correspondence.h"
#include "domain/party.h"
#include "factflow/catalog/v1/catalog.pb.h"

namespace factflow::catalog_mapping::grpcapi {

domain::ArticleDraft ArticleDraftFromProto(const catalog::v1::Article& message);
void ArticleToProto(const domain::Article& article, catalog::v1::Article* message);

domain::Party PartyDraftFromProto(const catalog::v1::Party& message);
void PartyToProto(const domain::Party& party, catalog::v1::Party* message);

std::vector<domain::Correspondence> CorrespondencesFromProto(
    const catalog::v1::SetCorrespondencesRequest& request);

void ResolutionsToProto(const std::vector<domain::Resolution>& resolutions,
                        catalog::v1::ResolveArticlesResponse* response);

}  // namespace factflow::catalog_mapping::grpcapi
