// The French rules (BR-FR-...: the reform's invoice number format, identifiers and their
// checksums, applicable rates, franchise en base, export and intra-EU exemptions, mandatory
// mentions by buyer kind), factflow's own (FF-...) and the Chorus Pro deposit rules (CHORUS-...).

#include <algorithm>
#include <array>
#include <cstdint>

#include "identifiers/french_company_ids.h"
#include "rules/rules_internal.h"

namespace factflow::rules::internal {
namespace {

constexpr Severity B = Severity::kBlocking;
constexpr Severity W = Severity::kWarning;

constexpr Rule kBRFR01{"BR-FR-01", B, "BT-1", "le numéro de facture a au plus 35 caractères"};
constexpr Rule kBRFR02{"BR-FR-02", B, "BT-1",
                       "le numéro de facture ne contient que A-Z a-z 0-9 + - _ /"};
constexpr Rule kSellerSiren{"BR-FR-SIREN-VENDEUR", B, "BT-30",
                            "le SIREN du vendeur (9 chiffres, clé de Luhn) est obligatoire et "
                            "doit être valide : corrigez l'identité du dossier"};
constexpr Rule kSellerSiret{"BR-FR-SIRET-VENDEUR", B, "BT-29",
                            "le SIRET du vendeur doit avoir 14 chiffres, une clé de Luhn valide "
                            "et commencer par son SIREN"};
constexpr Rule kSellerVat{"BR-FR-TVA-VENDEUR", B, "BT-31",
                          "le numéro de TVA français du vendeur doit être FR + clé + SIREN"};
constexpr Rule kSellerAddress{"BR-FR-ADRESSE-VENDEUR", B, "BG-5",
                              "l'adresse du vendeur (rue, code postal, ville) est une mention "
                              "obligatoire : complétez l'identité du dossier"};
constexpr Rule kSellerRegistration{"BR-FR-RCS", W, "BT-30",
                                   "mention obligatoire : immatriculation RCS ou RM (par exemple "
                                   "« RCS Paris 812 345 676 ») ou « dispensé d'immatriculation »"};
constexpr Rule kSellerLegalForm{"BR-FR-FORME-JURIDIQUE", W, "BT-33",
                                "mention obligatoire : la forme juridique du vendeur (SAS, "
                                "SARL, EI...)"};
constexpr Rule kBuyerSirenMissing{"BR-FR-SIREN-ACHETEUR", W, "BT-47",
                                  "réforme 2026-2027 : le SIREN d'un acheteur professionnel "
                                  "établi en France doit figurer sur la facture"};
constexpr Rule kBuyerIds{"BR-FR-ID-ACHETEUR", B, "BT-47",
                         "le SIREN (9 chiffres) ou SIRET (14 chiffres) de l'acheteur a une clé "
                         "de Luhn invalide ou un SIRET ne commence pas par le SIREN"};
constexpr Rule kBuyerVat{"BR-FR-TVA-ACHETEUR", B, "BT-48",
                         "le numéro de TVA français de l'acheteur doit être FR + clé + SIREN"};
constexpr Rule kRate{"BR-FR-TAUX", B, "BT-152",
                     "taux de TVA non applicable en France : 20, 13, 10, 8,5, 5,5, 2,1, 1,05 ou "
                     "0,9 %"};
constexpr Rule kFranchise{"BR-FR-293B", B, "BT-120",
                          "vendeur en franchise en base : chaque ligne est exonérée (E, taux 0) "
                          "avec la mention « TVA non applicable, art. 293 B du CGI »"};
constexpr Rule kExport{"BR-FR-EXPORT", W, "BT-151",
                       "acheteur hors de l'Union européenne : une exportation de biens est "
                       "exonérée (catégorie G, art. 262 I du CGI), pas soumise à la TVA "
                       "française"};
constexpr Rule kIntraEu{"BR-FR-INTRACOM", B, "BT-151",
                        "la catégorie K (livraison intracommunautaire) exige un acheteur établi "
                        "dans un autre État membre de l'Union européenne"};
constexpr Rule kB2bMentions{"BR-FR-MENTIONS-B2B", B, "BT-22",
                            "facture entre professionnels : le taux des pénalités de retard et "
                            "l'indemnité forfaitaire de 40 € pour frais de recouvrement sont "
                            "obligatoires"};
constexpr Rule kB2bDueDate{"BR-FR-ECHEANCE", B, "BT-9",
                           "facture entre professionnels : la date d'échéance est obligatoire"};
constexpr Rule kB2cMentions{"BR-FR-MENTIONS-B2C", W, "BT-22",
                            "facture à un consommateur : les pénalités de retard et l'indemnité "
                            "de 40 € sont réservées aux professionnels, retirez-les"};
constexpr Rule kDefaultRate{"FF-TAUX-DEFAUT", W, "BT-152",
                            "taux par défaut appliqué : l'article n'a pas de correspondance ; "
                            "associez-le à un article du catalogue (livres à 5,5 %)"};
constexpr Rule kCreditNote{"FF-AVOIR", B, "BT-25",
                           "un avoir doit citer le numéro de la facture qu'il annule"};
constexpr Rule kDates{"FF-DATES", B, "BT-9",
                      "les dates sont au format AAAA-MM-JJ et l'échéance n'est pas antérieure à "
                      "la date d'émission"};

constexpr Rule kChorusBuyerSiret{"CHORUS-01", B, "BT-46",
                                 "Chorus Pro : le SIRET valide de la structure publique "
                                 "destinataire est obligatoire"};
constexpr Rule kChorusSellerSiret{"CHORUS-02", B, "BT-29",
                                  "Chorus Pro : le SIRET valide du fournisseur est obligatoire"};
constexpr Rule kChorusService{"CHORUS-03", B, "BT-10",
                              "Chorus Pro : ce destinataire exige un code service"};
constexpr Rule kChorusCommitment{"CHORUS-04", B, "BT-13",
                                 "Chorus Pro : ce destinataire exige un numéro d'engagement"};
constexpr Rule kChorusCommitmentLength{"CHORUS-05", B, "BT-13",
                                       "Chorus Pro : le numéro d'engagement a au plus 50 "
                                       "caractères"};
constexpr Rule kChorusPayment{"CHORUS-06", B, "BT-81",
                              "Chorus Pro : le moyen de paiement est obligatoire"};
constexpr Rule kChorusIban{"CHORUS-07", B, "BT-84",
                           "Chorus Pro : l'IBAN du virement est invalide (clé de contrôle)"};
constexpr Rule kChorusDeliveryCountry{"CHORUS-08", B, "BT-80",
                                      "Chorus Pro : le code pays de l'adresse de livraison est "
                                      "obligatoire"};

// 20, 13, 10, 8.5, 5.5, 2.1, 1.05, 0.9 and 0 percent, as raw 1/10'000 counts.
constexpr std::array<int64_t, 9> kFrenchRates = {200000, 130000, 100000, 85000, 55000,
                                                 21000,  10500,  9000,   0};

bool IsFrenchRate(Decimal rate) {
  return std::find(kFrenchRates.begin(), kFrenchRates.end(), rate.raw()) != kFrenchRates.end();
}

bool IsFrance(std::string_view country) { return country == "FR" || country == "MC"; }

bool IsIsoDate(std::string_view date) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (date[i] < '0' || date[i] > '9') return false;
  }
  int month = (date[5] - '0') * 10 + (date[6] - '0');
  int day = (date[8] - '0') * 10 + (date[9] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

// ISO 13616: country, 2 check digits, up to 30 alphanumerics; mod 97 of the rearranged
// number is 1.
bool IsValidIban(std::string_view iban) {
  std::string compact;
  for (char ch : iban) {
    if (ch != ' ') compact.push_back(ch >= 'a' && ch <= 'z' ? static_cast<char>(ch - 32) : ch);
  }
  if (compact.size() < 15 || compact.size() > 34) return false;
  int remainder = 0;
  for (size_t i = 0; i < compact.size(); ++i) {
    char ch = compact[(i + 4) % compact.size()];
    if (ch >= '0' && ch <= '9') {
      remainder = (remainder * 10 + (ch - '0')) % 97;
    } else if (ch >= 'A' && ch <= 'Z') {
      remainder = (remainder * 100 + (ch - 'A' + 10)) % 97;
    } else {
      return false;
    }
  }
  return remainder == 1;
}

void CheckSeller(Context& c) {
  const Invoice& inv = c.invoice;
  const Party& seller = inv.seller;
  if (!IsFrance(seller.address.country_code)) return;
  if (!identifiers::IsValidSiren(seller.siren)) c.Fail(kSellerSiren, Echo(seller.siren));
  if (!seller.siret.empty() && !identifiers::IsValidSiret(seller.siret, seller.siren)) {
    c.Fail(kSellerSiret, Echo(seller.siret));
  }
  if (seller.vat_number.starts_with("FR") && identifiers::IsValidSiren(seller.siren) &&
      seller.vat_number != identifiers::FrenchVatNumber(seller.siren)) {
    c.Fail(kSellerVat, Echo(seller.vat_number), ", attendu ",
           identifiers::FrenchVatNumber(seller.siren));
  }
  if (seller.address.line1.empty() || seller.address.postal_code.empty() ||
      seller.address.city.empty()) {
    c.Fail(kSellerAddress);
  }
  if (inv.seller_legal.registration.empty()) c.Fail(kSellerRegistration);
  if (seller.legal_form.empty()) c.Fail(kSellerLegalForm);
}

void CheckBuyer(Context& c) {
  const Invoice& inv = c.invoice;
  const Party& buyer = inv.buyer;
  bool french = IsFrance(buyer.address.country_code);
  if ((!buyer.siren.empty() && !identifiers::IsValidSiren(buyer.siren)) ||
      (!buyer.siret.empty() && !identifiers::IsValidSiret(buyer.siret, buyer.siren))) {
    c.Fail(kBuyerIds, "SIREN ", Echo(buyer.siren), ", SIRET ", Echo(buyer.siret));
  }
  std::string_view siren = buyer.siren.empty() && buyer.siret.size() == 14
                               ? std::string_view(buyer.siret).substr(0, 9)
                               : std::string_view(buyer.siren);
  if (french && inv.buyer_kind != BuyerKind::kConsumer && siren.empty()) {
    c.Fail(kBuyerSirenMissing);
  }
  if (buyer.vat_number.starts_with("FR") && identifiers::IsValidSiren(siren) &&
      buyer.vat_number != identifiers::FrenchVatNumber(siren)) {
    c.Fail(kBuyerVat, Echo(buyer.vat_number));
  }
}

void CheckVatRegime(Context& c) {
  const Invoice& inv = c.invoice;
  const std::string& buyer_country = inv.buyer.address.country_code;
  const std::string& ship_country = inv.has_delivery_address &&
                                            !inv.delivery_address.country_code.empty()
                                        ? inv.delivery_address.country_code
                                        : buyer_country;
  bool franchise_ok = true;
  bool export_warned = ship_country.size() != 2 || IsFrance(ship_country) ||
                       IsEuMemberState(ship_country);
  for (const Line& line : inv.lines) {
    if (line.default_rate_applied) c.Fail(kDefaultRate, "ligne ", line.line_number);
    // Under the OSS the destination's rates apply (BR-FR-OSS-TAUX, reform_rules.cc).
    if (line.vat_category == "S" && inv.oss_country.empty() && !IsFrenchRate(line.vat_rate)) {
      c.Fail(kRate, "ligne ", line.line_number, " : ", Amount(line.vat_rate), " %");
    }
    if (inv.seller_legal.vat_franchise_293b && (line.vat_category != "E" ||
                                                !line.vat_rate.is_zero())) {
      franchise_ok = false;
    }
    if (!export_warned && line.vat_category == "S") {
      c.Fail(kExport, "pays ", ship_country);
      export_warned = true;
    }
  }
  if (inv.seller_legal.vat_franchise_293b) {
    for (const VatGroup& group : inv.vat_breakdown) {
      franchise_ok = franchise_ok && group.exemption_reason.find("293 B") != std::string::npos;
    }
    if (!franchise_ok) c.Fail(kFranchise);
  }
  bool has_k = std::any_of(inv.lines.begin(), inv.lines.end(),
                           [](const Line& line) { return line.vat_category == "K"; });
  if (has_k && (!IsEuMemberState(ship_country) || IsFrance(ship_country))) {
    c.Fail(kIntraEu, "pays ", Echo(ship_country));
  }
}

void CheckMentions(Context& c) {
  const Invoice& inv = c.invoice;
  bool mentions = inv.late_penalty_mention && inv.recovery_indemnity_mention;
  if (inv.buyer_kind == BuyerKind::kConsumer) {
    if (inv.late_penalty_mention || inv.recovery_indemnity_mention) c.Fail(kB2cMentions);
  } else if (inv.type_code == "380") {
    if (!mentions) c.Fail(kB2bMentions);
    if (inv.due_date.empty()) c.Fail(kB2bDueDate);
  }
  bool dates_ok = IsIsoDate(inv.issue_date) && (inv.due_date.empty() || IsIsoDate(inv.due_date)) &&
                  (inv.delivery_date.empty() || IsIsoDate(inv.delivery_date)) &&
                  (inv.due_date.empty() || inv.due_date >= inv.issue_date);
  if (!dates_ok && !inv.issue_date.empty()) {
    c.Fail(kDates, "émission ", Echo(inv.issue_date), ", échéance ", Echo(inv.due_date));
  }
  if (inv.type_code == "381" && inv.preceding_invoice_number.empty()) c.Fail(kCreditNote);
}

}  // namespace

void CheckFrench(Context& c) {
  const std::string& number = c.invoice.number;
  if (number.size() > 35) c.Fail(kBRFR01, number.size(), " caractères");
  bool charset = std::all_of(number.begin(), number.end(), [](char ch) {
    return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
           ch == '+' || ch == '-' || ch == '_' || ch == '/';
  });
  if (!charset) c.Fail(kBRFR02, Echo(number));
  CheckSeller(c);
  CheckBuyer(c);
  CheckVatRegime(c);
  CheckMentions(c);
}

void CheckChorus(Context& c) {
  const Invoice& inv = c.invoice;
  if (!identifiers::IsValidSiret(inv.buyer.siret)) c.Fail(kChorusBuyerSiret, Echo(inv.buyer.siret));
  if (!identifiers::IsValidSiret(inv.seller.siret)) {
    c.Fail(kChorusSellerSiret, Echo(inv.seller.siret));
  }
  if (inv.chorus.service_code_required && inv.buyer_reference.empty()) c.Fail(kChorusService);
  if (inv.chorus.commitment_required && inv.commitment_number.empty()) {
    c.Fail(kChorusCommitment);
  }
  if (inv.commitment_number.size() > 50) {
    c.Fail(kChorusCommitmentLength, inv.commitment_number.size(), " caractères");
  }
  if (inv.payment_means_code.empty()) c.Fail(kChorusPayment);
  if ((inv.payment_means_code == "30" || inv.payment_means_code == "58") &&
      !inv.payee_iban.empty() && !IsValidIban(inv.payee_iban)) {
    c.Fail(kChorusIban, Echo(inv.payee_iban));
  }
  if (inv.has_delivery_address && inv.delivery_address.country_code.empty()) {
    c.Fail(kChorusDeliveryCountry);
  }
}

std::span<const Rule* const> FrenchRules() {
  static constexpr std::array<const Rule*, 21> kRules = {
      &kBRFR01,         &kBRFR02,          &kSellerSiren,      &kSellerSiret,
      &kSellerVat,      &kSellerAddress,   &kSellerRegistration, &kSellerLegalForm,
      &kBuyerSirenMissing, &kBuyerIds,     &kBuyerVat,         &kRate,
      &kFranchise,      &kExport,          &kIntraEu,          &kB2bMentions,
      &kB2bDueDate,     &kB2cMentions,     &kDefaultRate,      &kCreditNote,
      &kDates};
  return kRules;
}

std::span<const Rule* const> ChorusRules() {
  static constexpr std::array<const Rule*, 8> kRules = {
      &kChorusBuyerSiret, &kChorusSellerSiret, &kChorusService,  &kChorusCommitment,
      &kChorusCommitmentLength, &kChorusPayment, &kChorusIban, &kChorusDeliveryCountry};
  return kRules;
}

}  // namespace factflow::rules::internal
