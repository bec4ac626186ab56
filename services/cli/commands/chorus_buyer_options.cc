#include "commands/chorus_buyer_options.h"

namespace factflow::cli {

void AddChorusBuyerOptions(CLI::App* command, ChorusBuyerOptions* o) {
  command->add_option("--customer-code", o->customer_code, "Code du client dans le fichier tiers");
  command->add_flag("--chorus", o->chorus,
                    "Le client reçoit ses factures par Chorus Pro (candidate à l'export Chorus)");
  command->add_option("--commitment", o->commitment,
                      "N° d'engagement Chorus Pro (au plus 50 caractères ; jamais avec un n° "
                      "de bon de commande)");
  command->add_flag("--service-code-required", o->service_code_required,
                    "La structure publique exige un code service (--buyer-reference)");
  command->add_flag("--commitment-required", o->commitment_required,
                    "La structure publique exige un n° d'engagement (--commitment)");
  command->add_option("--delivery-name", o->delivery_name, "Nom du lieu de livraison");
  command->add_option("--delivery-address", o->delivery_address, "Adresse de livraison");
  command->add_option("--delivery-postal-code", o->delivery_postal_code,
                      "Code postal de livraison");
  command->add_option("--delivery-city", o->delivery_city, "Ville de livraison");
  command->add_option("--delivery-country", o->delivery_country,
                      "Code pays ISO de l'adresse de livraison (FR)");
  command->add_option("--delivery-siret", o->delivery_siret, "SIRET du lieu de livraison");
}

void FillChorusBuyer(const ChorusBuyerOptions& o, invoicing::v1::ChorusBuyer* out) {
  bool delivery = !o.delivery_name.empty() || !o.delivery_address.empty() ||
                  !o.delivery_postal_code.empty() || !o.delivery_city.empty() ||
                  !o.delivery_country.empty() || !o.delivery_siret.empty();
  if (o.customer_code.empty() && o.commitment.empty() && !o.chorus && !o.service_code_required &&
      !o.commitment_required && !delivery) {
    return;
  }
  out->set_customer_code(o.customer_code);
  out->set_export_to_chorus(o.chorus);
  out->set_commitment_number(o.commitment);
  out->set_service_code_required(o.service_code_required);
  out->set_commitment_required(o.commitment_required);
  if (!delivery) return;
  invoicing::v1::Party* party = out->mutable_delivery();
  party->set_name(o.delivery_name);
  party->set_siret(o.delivery_siret);
  party->mutable_address()->set_line1(o.delivery_address);
  party->mutable_address()->set_postal_code(o.delivery_postal_code);
  party->mutable_address()->set_city(o.delivery_city);
  party->mutable_address()->set_country_code(o.delivery_country);
}

}  // namespace factflow::cli
