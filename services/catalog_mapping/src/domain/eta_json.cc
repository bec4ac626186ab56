#include "domain/eta_json.h"

#include <map>
#include <optional>

#include "absl/strings/str_cat.h"
#include "csv/csv_reader.h"
#include "domain/codes.h"
#include "nlohmann/json.hpp"
#include "strings/absl_bridge.h"

namespace factflow::catalog_mapping::domain {
namespace {

using nlohmann::json;

// Reads the fields of one JSON object, naming `path` in every error.
class Fields {
 public:
  Fields(std::string_view source, std::string path, const json& object)
      : source_(source), path_(std::move(path)), object_(object) {}

  absl::Status Error(std::string_view key, std::string_view value, std::string_view why) const {
    return absl::InvalidArgumentError(absl::StrCat("« ", AsAbsl(source_), " », ", path_, ".",
                                                   AsAbsl(key), " « ", Excerpt(value), " » : ",
                                                   AsAbsl(why)));
  }
  // "" when absent or null; an error for a non-string.
  absl::StatusOr<std::string> Text(std::string_view key) const {
    auto it = object_.find(std::string(key));
    if (it == object_.end() || it->is_null()) return std::string();
    if (it->is_number_integer()) return it->dump();
    if (!it->is_string()) return Error(key, it->dump(), "texte attendu");
    return std::string(TrimSpaces(it->get_ref<const std::string&>()));
  }
  absl::StatusOr<std::string> Required(std::string_view key) const {
    absl::StatusOr<std::string> text = Text(key);
    if (text.ok() && text->empty()) return Error(key, "", "valeur obligatoire");
    return text;
  }
  absl::StatusOr<money::Decimal> Number(std::string_view key) const {
    auto it = object_.find(std::string(key));
    if (it != object_.end() && it->is_number_float()) {
      return Error(key, it->dump(), "décimal attendu en texte (ex. \"12.50\"), jamais en nombre "
                                    "à virgule flottante");
    }
    absl::StatusOr<std::string> text = Required(key);
    if (!text.ok()) return text.status();
    std::optional<money::Decimal> value = csv::ParseDecimal(*text);
    if (!value) return Error(key, *text, "nombre attendu (virgule ou point décimal)");
    return *value;
  }

 private:
  std::string_view source_;
  std::string path_;
  const json& object_;
};

// The array `key` of the answer's top-level object, and its batch id.
absl::StatusOr<const json*> Items(std::string_view source, const json& root, const char* key,
                                  std::string& batch_id) {
  if (!root.is_object()) {
    return absl::InvalidArgumentError(
        absl::StrCat("« ", AsAbsl(source), " » : objet JSON attendu à la racine"));
  }
  auto batch = root.find("batch_id");
  if (batch != root.end() && batch->is_string()) batch_id = batch->get<std::string>();
  auto items = root.find(key);
  if (items == root.end() || !items->is_array()) {
    return absl::InvalidArgumentError(
        absl::StrCat("« ", AsAbsl(source), " » : tableau « ", key, " » attendu"));
  }
  if (items->size() > kMaxJsonBatchItems) {
    return absl::InvalidArgumentError(absl::StrCat("« ", AsAbsl(source), " » : ", items->size(),
                                                   " éléments, au plus ", kMaxJsonBatchItems,
                                                   " par réponse"));
  }
  return &*items;
}

absl::StatusOr<json> Parse(std::string_view source, std::string_view body) {
  json root = json::parse(body.begin(), body.end(), nullptr, false);
  if (root.is_discarded()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "« ", AsAbsl(source), " » : réponse qui n'est pas du JSON valide (", body.size(),
        " octets)"));
  }
  return root;
}

#define JSON_ASSIGN_OR_RETURN(lhs, expr) \
  auto lhs##_or = (expr);                \
  if (!lhs##_or.ok()) return lhs##_or.status();

absl::StatusOr<EtaDocument> Document(std::string_view source, size_t i, const json& item) {
  const std::string path = absl::StrCat("documents[", i, "]");
  if (!item.is_object()) {
    return absl::InvalidArgumentError(absl::StrCat("« ", AsAbsl(source), " », ", path,
                                                   " : objet attendu"));
  }
  Fields f(source, path, item);
  EtaDocument d;
  JSON_ASSIGN_OR_RETURN(id, f.Required("id"));
  d.id = *id_or;
  JSON_ASSIGN_OR_RETURN(date, f.Required("date"));
  std::optional<std::string> iso = EtaIsoDate(*date_or);
  if (!iso) return f.Error("date", *date_or, "date attendue au format aaaa-mm-jj ou jj/mm/aaaa");
  d.date = *iso;
  JSON_ASSIGN_OR_RETURN(customer, f.Required("customer"));
  d.customer = *customer_or;
  JSON_ASSIGN_OR_RETURN(payment, f.Text("payment_mode"));
  d.payment_mode = *payment_or;
  auto lines = item.find("lines");
  if (lines == item.end() || !lines->is_array() || lines->empty()) {
    return f.Error("lines", "", "tableau d'au moins une ligne attendu");
  }
  for (size_t j = 0; j < lines->size(); ++j) {
    const json& l = (*lines)[j];
    const std::string line_path = absl::StrCat(path, ".lines[", j, "]");
    if (!l.is_object()) {
      return absl::InvalidArgumentError(absl::StrCat("« ", AsAbsl(source), " », ", line_path,
                                                     " : objet attendu"));
    }
    Fields lf(source, line_path, l);
    EtaLine line;
    JSON_ASSIGN_OR_RETURN(article, lf.Required("article"));
    line.article = *article_or;
    JSON_ASSIGN_OR_RETURN(label, lf.Text("label"));
    line.label = *label_or;
    JSON_ASSIGN_OR_RETURN(quantity, lf.Number("quantity"));
    line.quantity = *quantity_or;
    JSON_ASSIGN_OR_RETURN(price, lf.Number("unit_price_incl_vat"));
    line.unit_price_incl_vat = *price_or;
    JSON_ASSIGN_OR_RETURN(vat, lf.Number("vat_rate"));
    line.vat_rate = *vat_or;
    if (!IsFrenchVatRate(line.vat_rate)) {
      return lf.Error("vat_rate", line.vat_rate.ToString(2), kUnknownVatRate);
    }
    d.total_incl_vat += line.quantity * line.unit_price_incl_vat;
    d.lines.push_back(std::move(line));
  }
  d.total_incl_vat = d.total_incl_vat.Rounded(2);
  d.line = static_cast<int64_t>(i) + 1;
  return d;
}

absl::StatusOr<EtaParty> PartyItem(std::string_view source, size_t i, const json& item) {
  const std::string path = absl::StrCat("tiers[", i, "]");
  if (!item.is_object()) {
    return absl::InvalidArgumentError(absl::StrCat("« ", AsAbsl(source), " », ", path,
                                                   " : objet attendu"));
  }
  Fields f(source, path, item);
  Party draft;
  std::string texts[11];
  const char* keys[11] = {"code", "kind", "name", "address1", "address2", "postal_code",
                          "city", "country", "siret", "vat_number", "email"};
  for (int k = 0; k < 11; ++k) {
    JSON_ASSIGN_OR_RETURN(text, f.Text(keys[k]));
    texts[k] = *text_or;
  }
  JSON_ASSIGN_OR_RETURN(phone, f.Text("phone"));
  std::optional<std::string> kind = EtaPartyKind(texts[1]);
  if (!kind) return f.Error("kind", texts[1], "type de tiers inconnu : client, fournisseur ou contact");
  draft.code = texts[0];
  draft.kind = *kind;
  draft.name = texts[2];
  draft.billing_address = {texts[3], texts[4], "", texts[5], texts[6], texts[7]};
  if (draft.billing_address.country_code.empty() && !draft.billing_address.empty()) {
    draft.billing_address.country_code = "FR";
  }
  draft.siret = texts[8];
  draft.vat_number = texts[9];
  draft.email = texts[10];
  draft.phone = *phone_or;
  auto party = ValidateParty(draft);
  if (!party.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("« ", AsAbsl(source), " », ", path, " : ",
                                                   party.status().message()));
  }
  return EtaParty{*std::move(party), static_cast<int64_t>(i) + 1};
}

}  // namespace

absl::StatusOr<JsonBatch<EtaDocument>> ParseEtaDocumentsJson(std::string_view source,
                                                             std::string_view body) {
  JSON_ASSIGN_OR_RETURN(root, Parse(source, body));
  JsonBatch<EtaDocument> batch;
  JSON_ASSIGN_OR_RETURN(items, Items(source, *root_or, "documents", batch.batch_id));
  std::map<std::string, size_t> seen;
  for (size_t i = 0; i < (*items_or)->size(); ++i) {
    JSON_ASSIGN_OR_RETURN(document, Document(source, i, (**items_or)[i]));
    if (auto [it, fresh] = seen.emplace(document_or->id, i); !fresh) {
      return absl::InvalidArgumentError(absl::StrCat(
          "« ", AsAbsl(source), " », documents[", i, "].id « ", Excerpt(document_or->id),
          " » : déjà donné en documents[", it->second, "]"));
    }
    batch.items.push_back(*std::move(document_or));
  }
  return batch;
}

absl::StatusOr<JsonBatch<EtaParty>> ParseEtaPartiesJson(std::string_view source,
                                                        std::string_view body) {
  JSON_ASSIGN_OR_RETURN(root, Parse(source, body));
  JsonBatch<EtaParty> batch;
  JSON_ASSIGN_OR_RETURN(items, Items(source, *root_or, "tiers", batch.batch_id));
  for (size_t i = 0; i < (*items_or)->size(); ++i) {
    JSON_ASSIGN_OR_RETURN(party, PartyItem(source, i, (**items_or)[i]));
    batch.items.push_back(*std::move(party_or));
  }
  return batch;
}

}  // namespace factflow::catalog_mapping::domain
