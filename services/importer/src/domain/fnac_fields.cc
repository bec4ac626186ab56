// FnacProfile() (fnac_profile.h): the fields of domain.md §7, in the order of fnac::Field.
#include "domain/fnac_fields.h"

#include <span>
#include <vector>

#include "domain/fnac_profile.h"

namespace factflow::importer::domain {
namespace {

const std::vector<ProfileField>& ProfileTable() {
  static const auto* const kTable = new std::vector<ProfileField>{
      {"order_id",
       "N° de commande",
       {"Numéro de commande", "Référence commande", "Order ID"},
       true},
      {"order_date", "Date de commande", {"Date", "Date de création"}, true},
      {"line_id", "N° de ligne", {"Référence ligne"}},
      {"seller_sku",
       "SKU vendeur",
       {"Référence vendeur", "Référence offre vendeur", "SKU"},
       true,
       "article"},
      {"ean", "EAN", {"Code EAN", "ISBN"}, true, "article"},
      {"fnac_ref", "Référence Fnac", {"Code Fnac"}},
      {"label", "Libellé produit", {"Produit", "Désignation", "Libellé"}, true},
      {"condition", "État", {"État du produit"}},
      {"quantity", "Quantité", {"Qté"}, true},
      {"unit_price_incl_vat", "Prix unitaire TTC", {"Prix unitaire", "Prix TTC"}, true},
      {"shipping_incl_vat", "Frais de port TTC", {"Frais de port"}},
      {"commission_incl_vat", "Commission TTC", {"Commission"}},
      {"civility", "Civilité", {}},
      {"last_name", "Nom", {"Nom de famille", "Nom client"}, true, "buyer"},
      {"first_name", "Prénom", {}},
      {"company", "Société", {"Raison sociale"}, true, "buyer"},
      {"email", "E-mail", {"Adresse e-mail", "Courriel"}},
      {"billing_line1", "Adresse de facturation 1", {"Adresse de facturation"}},
      {"billing_line2", "Adresse de facturation 2", {}},
      {"billing_line3", "Adresse de facturation 3", {}},
      {"billing_postal_code", "Code postal de facturation", {}},
      {"billing_city", "Ville de facturation", {}},
      {"billing_country", "Pays de facturation", {}},
      {"delivery_line1", "Adresse de livraison 1", {"Adresse de livraison"}},
      {"delivery_line2", "Adresse de livraison 2", {}},
      {"delivery_line3", "Adresse de livraison 3", {}},
      {"delivery_postal_code", "Code postal de livraison", {}},
      {"delivery_city", "Ville de livraison", {}},
      {"delivery_country", "Pays de livraison", {}},
      {"status", "Statut", {"Statut de la commande", "État de la commande"}},
  };
  return *kTable;
}

}  // namespace

std::span<const ProfileField> FnacProfile() {
  static_assert(fnac::kFieldCount == 30, "one table entry per fnac::Field");
  return ProfileTable();
}

}  // namespace factflow::importer::domain
