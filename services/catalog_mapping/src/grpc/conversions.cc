#include "grpc/conversions.h"

namespace factflow::catalog_mapping::grpcapi {
namespace {

// VAT rates read best without trailing zeros ("5.5"); prices keep at least the cents.
constexpr int kVatRateMinDigits = 0;
constexpr int kPriceMinDigits = 2;

domain::PostalAddress AddressFromProto(const common::v1::PostalAddress& message) {
  return {message.line1(),       message.line2(), message.line3(),
          message.postal_code(), message.city(),  message.country_code()};
}

void AddressToProto(const domain::PostalAddress& address, common::v1::PostalAddress* message) {
  message->set_line1(address.line1);
  message->set_line2(address.line2);
  message->set_line3(address.line3);
  message->set_postal_code(address.postal_code);
  message->set_city(address.city);
  message->set_country_code(address.country_code);
}

}  // namespace

domain::ArticleDraft ArticleDraftFromProto(const catalog::v1::Article& message) {
  domain::ArticleDraft draft;
  draft.code = message.code();
  draft.label = message.label();
  draft.unit_code = message.unit_code();
  draft.vat_rate = message.vat_rate().value();
  draft.available_for_export = message.available_for_export();
  draft.family = message.family();
  draft.unit_price_excl_vat = message.unit_price_excl_vat().value();
  return draft;
}

void ArticleToProto(const domain::Article& article, catalog::v1::Article* message) {
  message->set_code(article.code);
  message->set_label(article.label);
  message->set_unit_code(article.unit_code);
  message->mutable_vat_rate()->set_value(domain::DecimalText(article.vat_rate, kVatRateMinDigits));
  message->set_available_for_export(article.available_for_export);
  message->set_family(article.family);
  if (article.unit_price_excl_vat) {
    message->mutable_unit_price_excl_vat()->set_value(
        domain::DecimalText(*article.unit_price_excl_vat, kPriceMinDigits));
  } else {
    message->clear_unit_price_excl_vat();
  }
}

domain::Party PartyDraftFromProto(const catalog::v1::Party& message) {
  domain::Party draft;
  draft.code = message.code();
  draft.kind = message.kind();
  draft.name = message.name();
  draft.family = message.family();
  draft.billing_address = AddressFromProto(message.billing_address());
  draft.delivery_address = AddressFromProto(message.delivery_address());
  draft.siret = message.siret();
  draft.vat_number = message.vat_number();
  draft.email = message.email();
  draft.phone = message.phone();
  draft.export_to_chorus = message.export_to_chorus();
  draft.service_code = message.service_code();
  return draft;
}

void PartyToProto(const domain::Party& party, catalog::v1::Party* message) {
  message->set_code(party.code);
  message->set_kind(party.kind);
  message->set_name(party.name);
  message->set_family(party.family);
  if (party.billing_address.empty()) {
    message->clear_billing_address();
  } else {
    AddressToProto(party.billing_address, message->mutable_billing_address());
  }
  if (party.delivery_address.empty()) {
    message->clear_delivery_address();
  } else {
    AddressToProto(party.delivery_address, message->mutable_delivery_address());
  }
  message->set_siret(party.siret);
  message->set_vat_number(party.vat_number);
  message->set_email(party.email);
  message->set_phone(party.phone);
  message->set_export_to_chorus(party.export_to_chorus);
  message->set_service_code(party.service_code);
}

std::vector<domain::Correspondence> CorrespondencesFromProto(
    const catalog::v1::SetCorrespondencesRequest& request) {
  std::vector<domain::Correspondence> changes;
  changes.reserve(request.correspondences_size());
  for (const catalog::v1::Correspondence& message : request.correspondences()) {
    changes.push_back({message.connector_code(), message.external_code(), message.article_code()});
  }
  return changes;
}

void ResolutionsToProto(const std::vector<domain::Resolution>& resolutions,
                        catalog::v1::ResolveArticlesResponse* response) {
  response->mutable_results()->Reserve(static_cast<int>(resolutions.size()));
  for (const domain::Resolution& resolution : resolutions) {
    catalog::v1::ResolvedArticle* result = response->add_results();
    result->set_external_code(resolution.external_code);
    result->set_mapped(resolution.mapped);
    if (resolution.mapped) ArticleToProto(resolution.article, result->mutable_article());
  }
}

}  // namespace factflow::catalog_mapping::grpcapi
