// The EN 16931 core business rules factflow's documents can break: mandatory header data
// (BR-02..BR-16), lines (BR-21..BR-27), payment (BR-61, BR-CO-25), totals (BR-CO-10..18),
// decimals (BR-DEC-...) and the VAT category rules BR-S/Z/E/AE/IC(K)/G/O. Tolerances are the
// CEN CII schematron's (BR-CO-17 within one unit, BR-S-09 strictly under one unit), so that our
// verdict agrees with the official validator.

#include <algorithm>
#include <array>
#include <cstdlib>

#include "rules/rules_internal.h"

namespace factflow::rules::internal {
namespace {

constexpr Severity B = Severity::kBlocking;

constexpr Rule kBR02{"BR-02", B, "BT-1", "le numéro de la facture est obligatoire"};
constexpr Rule kBR03{"BR-03", B, "BT-2", "la date d'émission est obligatoire"};
constexpr Rule kBR04{"BR-04", B, "BT-3",
                     "le type de document doit être 380 (facture), 381 (avoir), 384 (facture "
                     "rectificative) ou 389 (autofacture)"};
constexpr Rule kBR05{"BR-05", B, "BT-5", "la devise doit être un code ISO 4217 (par exemple EUR)"};
constexpr Rule kBR06{"BR-06", B, "BT-27", "la raison sociale du vendeur est obligatoire"};
constexpr Rule kBR07{"BR-07", B, "BT-44", "le nom de l'acheteur est obligatoire"};
constexpr Rule kBR09{"BR-09", B, "BT-40",
                     "le code pays (ISO 3166-1, 2 lettres) de l'adresse du vendeur est obligatoire"};
constexpr Rule kBR11{"BR-11", B, "BT-55",
                     "le code pays (ISO 3166-1, 2 lettres) de l'adresse de l'acheteur est "
                     "obligatoire"};
constexpr Rule kBR16{"BR-16", B, "BG-25", "la facture doit avoir au moins une ligne"};
constexpr Rule kBR21{"BR-21", B, "BT-126",
                     "chaque ligne doit avoir un numéro positif, unique dans la facture"};
constexpr Rule kBR23{"BR-23", B, "BT-130", "chaque ligne doit avoir une unité de mesure"};
constexpr Rule kBR25{"BR-25", B, "BT-153", "chaque ligne doit avoir un libellé d'article"};
constexpr Rule kBR27{"BR-27", B, "BT-146", "le prix unitaire net d'une ligne ne peut être négatif"};
constexpr Rule kBR61{"BR-61", B, "BT-84",
                     "un paiement par virement (code 30 ou 58) exige l'IBAN du bénéficiaire : "
                     "renseignez l'IBAN du dossier"};
constexpr Rule kBRCO04{"BR-CO-04", B, "BT-151", "chaque ligne doit avoir une catégorie de TVA"};
constexpr Rule kBRCL18{"BR-CL-18", B, "BT-151",
                       "catégorie de TVA inconnue : S, Z, E, AE, K, G ou O attendue"};
constexpr Rule kBRCO09{"BR-CO-09", B, "BT-31",
                       "un numéro de TVA intracommunautaire commence par le code pays (par "
                       "exemple FR)"};
constexpr Rule kBRCO10{"BR-CO-10", B, "BT-106",
                       "le total HT doit être la somme des montants nets des lignes"};
constexpr Rule kBRCO14{"BR-CO-14", B, "BT-110",
                       "le total de TVA doit être la somme des TVA du récapitulatif par taux"};
constexpr Rule kBRCO15{"BR-CO-15", B, "BT-112", "le total TTC doit être le total HT plus la TVA"};
constexpr Rule kBRCO16{"BR-CO-16", B, "BT-115",
                       "le net à payer doit être le total TTC moins les acomptes versés"};
constexpr Rule kBRCO17{"BR-CO-17", B, "BT-117",
                       "la TVA d'un taux doit être sa base multipliée par le taux, arrondie au "
                       "centime (à moins d'une unité près)"};
constexpr Rule kBRCO18{"BR-CO-18", B, "BG-23",
                       "la facture doit avoir au moins un récapitulatif de TVA"};
constexpr Rule kBRCO25{"BR-CO-25", B, "BT-9",
                       "un montant à payer positif exige une date d'échéance ou des conditions de "
                       "paiement"};
constexpr Rule kBRDEC{"BR-DEC-12", B, "BT-106",
                      "les montants (totaux, montants nets des lignes, bases et TVA) ont au plus "
                      "2 décimales"};

// The rules of one VAT category, numbered as in EN 16931 (01 a group exists, 02 identifiers,
// 05 line rate, 08 basis, 09 VAT amount, 10 exemption reason).
struct CategoryRules {
  std::string_view code;
  Rule group;        // xx-01
  Rule identifiers;  // xx-02
  Rule line_rate;    // xx-05
  Rule basis;        // xx-08
  Rule vat;          // xx-09
  Rule reason;       // xx-10
  bool reason_required;
};

#define FF_BASIS_MSG(name) \
  "la base du récapitulatif " name " doit être la somme des montants nets de ses lignes"
constexpr std::array<CategoryRules, 7> kCategories = {{
    {"S",
     {"BR-S-01", B, "BG-23", "une ligne au taux normal (S) exige un récapitulatif de TVA S"},
     {"BR-S-02", B, "BT-31", "une ligne soumise à TVA (S) exige le numéro de TVA du vendeur"},
     {"BR-S-05", B, "BT-152", "une ligne de catégorie S doit avoir un taux de TVA positif"},
     {"BR-S-08", B, "BT-116", FF_BASIS_MSG("S (par taux)")},
     {"BR-S-09", B, "BT-117",
      "la TVA d'un taux S doit être la base multipliée par le taux (écart inférieur à 1)"},
     {"BR-S-10", B, "BT-120",
      "un récapitulatif au taux normal (S) ne doit pas porter de motif d'exonération"},
     false},
    {"Z",
     {"BR-Z-01", B, "BG-23", "une ligne au taux zéro (Z) exige un récapitulatif de TVA Z"},
     {"BR-Z-02", B, "BT-31", "une ligne au taux zéro (Z) exige le numéro de TVA du vendeur"},
     {"BR-Z-05", B, "BT-152", "une ligne de catégorie Z doit avoir un taux de 0"},
     {"BR-Z-08", B, "BT-116", FF_BASIS_MSG("Z")},
     {"BR-Z-09", B, "BT-117", "la TVA d'un récapitulatif Z doit être 0"},
     {"BR-Z-10", B, "BT-120",
      "un récapitulatif au taux zéro (Z) ne doit pas porter de motif d'exonération"},
     false},
    {"E",
     {"BR-E-01", B, "BG-23", "une ligne exonérée (E) exige un récapitulatif de TVA E"},
     {"BR-E-02", B, "BT-31",
      "une ligne exonérée (E) exige le numéro de TVA du vendeur (même en franchise en base)"},
     {"BR-E-05", B, "BT-152", "une ligne exonérée (E) doit avoir un taux de 0"},
     {"BR-E-08", B, "BT-116", FF_BASIS_MSG("E")},
     {"BR-E-09", B, "BT-117", "la TVA d'un récapitulatif exonéré (E) doit être 0"},
     {"BR-E-10", B, "BT-120",
      "un récapitulatif exonéré (E) doit dire le motif d'exonération (par exemple « TVA non "
      "applicable, art. 293 B du CGI »)"},
     true},
    {"AE",
     {"BR-AE-01", B, "BG-23", "une ligne en autoliquidation (AE) exige un récapitulatif AE"},
     {"BR-AE-02", B, "BT-48",
      "l'autoliquidation (AE) exige le numéro de TVA du vendeur et le numéro de TVA ou le "
      "SIREN de l'acheteur"},
     {"BR-AE-05", B, "BT-152", "une ligne en autoliquidation (AE) doit avoir un taux de 0"},
     {"BR-AE-08", B, "BT-116", FF_BASIS_MSG("AE")},
     {"BR-AE-09", B, "BT-117", "la TVA d'un récapitulatif en autoliquidation (AE) doit être 0"},
     {"BR-AE-10", B, "BT-120",
      "l'autoliquidation (AE) doit porter la mention « Autoliquidation » (motif ou code "
      "VATEX-EU-AE)"},
     true},
    {"K",
     {"BR-IC-01", B, "BG-23",
      "une livraison intracommunautaire (K) exige un récapitulatif de TVA K"},
     {"BR-IC-02", B, "BT-48",
      "une livraison intracommunautaire (K) exige le numéro de TVA du vendeur et celui de "
      "l'acheteur"},
     {"BR-IC-05", B, "BT-152", "une ligne intracommunautaire (K) doit avoir un taux de 0"},
     {"BR-IC-08", B, "BT-116", FF_BASIS_MSG("K")},
     {"BR-IC-09", B, "BT-117", "la TVA d'un récapitulatif intracommunautaire (K) doit être 0"},
     {"BR-IC-10", B, "BT-120",
      "une livraison intracommunautaire (K) doit porter le motif « Exonération de TVA, "
      "art. 262 ter I du CGI » (ou le code VATEX-EU-IC)"},
     true},
    {"G",
     {"BR-G-01", B, "BG-23", "une exportation (G) exige un récapitulatif de TVA G"},
     {"BR-G-02", B, "BT-31", "une exportation (G) exige le numéro de TVA du vendeur"},
     {"BR-G-05", B, "BT-152", "une ligne exportée (G) doit avoir un taux de 0"},
     {"BR-G-08", B, "BT-116", FF_BASIS_MSG("G")},
     {"BR-G-09", B, "BT-117", "la TVA d'un récapitulatif export (G) doit être 0"},
     {"BR-G-10", B, "BT-120",
      "une exportation (G) doit porter le motif « Exonération de TVA, art. 262 I du CGI » (ou "
      "le code VATEX-EU-G)"},
     true},
    {"O",
     {"BR-O-01", B, "BG-23", "une ligne hors champ (O) exige un récapitulatif de TVA O"},
     {"BR-O-02", B, "BT-31",
      "une facture hors champ de la TVA (O) ne doit porter ni le numéro de TVA du vendeur ni "
      "celui de l'acheteur"},
     {"BR-O-05", B, "BT-152", "une ligne hors champ (O) ne doit pas avoir de taux de TVA"},
     {"BR-O-08", B, "BT-116", FF_BASIS_MSG("O")},
     {"BR-O-09", B, "BT-117", "la TVA d'un récapitulatif hors champ (O) doit être 0"},
     {"BR-O-10", B, "BT-120",
      "une opération hors champ (O) doit dire pourquoi elle n'est pas soumise à la TVA (motif "
      "ou code VATEX-EU-O)"},
     true},
}};
#undef FF_BASIS_MSG
constexpr Rule kBRO11{"BR-O-11", B, "BG-23",
                      "une facture hors champ (O) ne peut avoir d'autre récapitulatif de TVA"};
constexpr Rule kBRIC11{"BR-IC-11", B, "BT-72",
                       "une livraison intracommunautaire (K) exige la date de livraison"};
constexpr Rule kBRIC12{"BR-IC-12", B, "BT-80",
                       "une livraison intracommunautaire (K) exige le pays de livraison"};

const CategoryRules* FindCategory(std::string_view code) {
  for (const CategoryRules& category : kCategories) {
    if (category.code == code) return &category;
  }
  return nullptr;
}

// Sum of the net amounts of the lines of one (category, rate). 7 categories x 9 French rates
// at most in a valid invoice; more distinct pairs are reported per line by the category check.
struct LineSum {
  const CategoryRules* category;
  Decimal rate;
  Decimal net;
  bool matched = false;
};
constexpr size_t kMaxSums = 64;

bool HasAtMostCents(Decimal value) { return value.raw() % 100 == 0; }

std::string GroupName(const VatGroup& group) {
  return Concat("récapitulatif ", group.category, " ", Amount(group.rate), " %");
}

void CheckHeader(Context& c) {
  const Invoice& inv = c.invoice;
  if (inv.number.empty()) c.Fail(kBR02);
  if (inv.issue_date.empty()) c.Fail(kBR03);
  if (inv.type_code != "380" && inv.type_code != "381" && inv.type_code != "384" &&
      inv.type_code != "389") {
    c.Fail(kBR04, Echo(inv.type_code));
  }
  bool currency_ok = inv.currency.size() == 3;
  for (char ch : inv.currency) currency_ok = currency_ok && ch >= 'A' && ch <= 'Z';
  if (!currency_ok) c.Fail(kBR05, Echo(inv.currency));
  if (inv.seller.name.empty()) c.Fail(kBR06);
  if (inv.buyer.name.empty()) c.Fail(kBR07);
  if (inv.seller.address.country_code.size() != 2) c.Fail(kBR09);
  if (inv.buyer.address.country_code.size() != 2) c.Fail(kBR11);
  for (const Party* party : {&inv.seller, &inv.buyer}) {
    const std::string& vat = party->vat_number;
    if (!vat.empty() && (vat.size() < 3 || vat[0] < 'A' || vat[0] > 'Z' || vat[1] < 'A' ||
                         vat[1] > 'Z')) {
      c.Fail(kBRCO09, party == &inv.seller ? "vendeur " : "acheteur ", Echo(vat));
    }
  }
  if ((inv.payment_means_code == "30" || inv.payment_means_code == "58") &&
      inv.payee_iban.empty()) {
    c.Fail(kBR61);
  }
  if (inv.amount_due > Decimal() && inv.due_date.empty() && inv.payment_terms.empty()) {
    c.Fail(kBRCO25);
  }
}

void CheckTotals(Context& c, Decimal line_total) {
  const Invoice& inv = c.invoice;
  if (line_total != inv.total_net) {
    c.Fail(kBRCO10, "total HT ", Amount(inv.total_net), ", somme des lignes ", Amount(line_total));
  }
  Decimal vat_total;
  for (const VatGroup& group : inv.vat_breakdown) vat_total += group.vat_amount;
  if (vat_total != inv.total_vat) {
    c.Fail(kBRCO14, "total TVA ", Amount(inv.total_vat), ", somme des taux ", Amount(vat_total));
  }
  if (inv.total_net + inv.total_vat != inv.total_with_vat) {
    c.Fail(kBRCO15, "TTC ", Amount(inv.total_with_vat), ", HT + TVA ",
           Amount(inv.total_net + inv.total_vat));
  }
  if (inv.total_with_vat - inv.prepaid_amount != inv.amount_due) {
    c.Fail(kBRCO16, "net à payer ", Amount(inv.amount_due), ", attendu ",
           Amount(inv.total_with_vat - inv.prepaid_amount));
  }
  if (inv.vat_breakdown.empty()) c.Fail(kBRCO18);
  bool cents = HasAtMostCents(inv.total_net) && HasAtMostCents(inv.total_vat) &&
               HasAtMostCents(inv.total_with_vat) && HasAtMostCents(inv.amount_due) &&
               HasAtMostCents(inv.prepaid_amount);
  for (const VatGroup& group : inv.vat_breakdown) {
    cents = cents && HasAtMostCents(group.basis) && HasAtMostCents(group.vat_amount);
  }
  if (!cents) c.Fail(kBRDEC, "totaux ou récapitulatif de TVA");
}

void CheckGroup(Context& c, const VatGroup& group, const CategoryRules& category,
                LineSum* sums, size_t sum_count) {
  Decimal lines_net;
  for (size_t i = 0; i < sum_count; ++i) {
    if (sums[i].category == &category && sums[i].rate == group.rate) {
      lines_net = sums[i].net;
      sums[i].matched = true;
    }
  }
  if (lines_net != group.basis) {
    c.Fail(category.basis, GroupName(group), " : base ", Amount(group.basis),
           ", somme des lignes ", Amount(lines_net));
  }
  bool has_reason = !group.exemption_reason.empty() || !group.exemption_reason_code.empty();
  if (category.reason_required != has_reason) c.Fail(category.reason, GroupName(group));
  if (category.code != "S") {
    if (!group.vat_amount.is_zero()) {
      c.Fail(category.vat, GroupName(group), " : ", Amount(group.vat_amount));
    }
    return;
  }
  // BR-S-09 (strict) and BR-CO-17 (within one unit), on absolute values as the schematron.
  Decimal expected = (group.basis.is_negative() ? -group.basis : group.basis) * group.rate;
  expected = expected.DividedBy(Decimal::FromUnits(100), 2);
  Decimal actual = group.vat_amount.is_negative() ? -group.vat_amount : group.vat_amount;
  Decimal gap = actual - expected;
  if (gap.is_negative()) gap = -gap;
  std::string detail;
  if (gap >= Decimal::FromUnits(1)) {
    detail = Concat(GroupName(group), " : TVA ", Amount(group.vat_amount), ", attendu ",
                          Amount(expected));
    c.Fail(category.vat, detail);
    if (gap > Decimal::FromUnits(1)) c.Fail(kBRCO17, detail);
  }
}

void CheckLinesAndVat(Context& c) {
  const Invoice& inv = c.invoice;
  if (inv.lines.empty()) c.Fail(kBR16);
  std::array<LineSum, kMaxSums> sums;
  size_t sum_count = 0;
  std::array<bool, 7> has_category{};
  Decimal line_total;
  bool line_cents = true;
  int max_line_number = 0;
  for (size_t i = 0; i < inv.lines.size(); ++i) {
    const Line& line = inv.lines[i];
    line_total += line.net_amount;
    line_cents = line_cents && HasAtMostCents(line.net_amount);
    // Ascending numbers (the usual case) are unique without a scan.
    bool unique = line.line_number > 0;
    for (size_t j = 0; unique && line.line_number <= max_line_number && j < i; ++j) {
      unique = inv.lines[j].line_number != line.line_number;
    }
    max_line_number = std::max(max_line_number, line.line_number);
    if (!unique) c.Fail(kBR21, "ligne ", i + 1, " : numéro ", line.line_number);
    if (line.unit_code.empty()) c.Fail(kBR23, "ligne ", line.line_number);
    if (line.label.empty()) c.Fail(kBR25, "ligne ", line.line_number);
    if (line.unit_net_price.is_negative()) {
      c.Fail(kBR27, "ligne ", line.line_number, " : ", Amount(line.unit_net_price));
    }
    if (line.vat_category.empty()) {
      c.Fail(kBRCO04, "ligne ", line.line_number);
      continue;
    }
    const CategoryRules* category = FindCategory(line.vat_category);
    if (category == nullptr) {
      c.Fail(kBRCL18, "ligne ", line.line_number, " : ", Echo(line.vat_category));
      continue;
    }
    has_category[static_cast<size_t>(category - kCategories.data())] = true;
    bool rate_ok = category->code == "S" ? line.vat_rate > Decimal() : line.vat_rate.is_zero();
    if (!rate_ok) {
      c.Fail(category->line_rate, "ligne ", line.line_number, " : ", Amount(line.vat_rate), " %");
    }
    size_t k = 0;
    while (k < sum_count && !(sums[k].category == category && sums[k].rate == line.vat_rate)) ++k;
    if (k == sum_count) {
      if (sum_count == kMaxSums) continue;  // Impossible with valid rates; BR-S-05 reported.
      sums[sum_count++] = {category, line.vat_rate, Decimal()};
    }
    sums[k].net += line.net_amount;
  }
  if (!line_cents) c.Fail(kBRDEC, "montants nets des lignes");

  bool has_group_o = false;
  for (const VatGroup& group : inv.vat_breakdown) {
    const CategoryRules* category = FindCategory(group.category);
    if (category == nullptr) {
      c.Fail(kBRCL18, "récapitulatif de TVA : ", Echo(group.category));
      continue;
    }
    has_group_o = has_group_o || category->code == "O";
    CheckGroup(c, group, *category, sums.data(), sum_count);
  }
  if (has_group_o && inv.vat_breakdown.size() > 1) c.Fail(kBRO11);
  for (size_t k = 0; k < sum_count; ++k) {
    if (!sums[k].matched) {
      c.Fail(sums[k].category->group, "taux ", Amount(sums[k].rate), " %");
    }
  }

  const bool seller_vat = !inv.seller.vat_number.empty();
  const bool buyer_vat = !inv.buyer.vat_number.empty();
  for (size_t k = 0; k < kCategories.size(); ++k) {
    if (!has_category[k]) continue;
    const CategoryRules& category = kCategories[k];
    bool ok = seller_vat;
    if (category.code == "AE") ok = seller_vat && (buyer_vat || !inv.buyer.siren.empty());
    if (category.code == "K") ok = seller_vat && buyer_vat;
    if (category.code == "O") ok = !seller_vat && !buyer_vat;
    if (!ok) c.Fail(category.identifiers);
    if (category.code == "K") {
      if (inv.delivery_date.empty()) c.Fail(kBRIC11);
      if (!inv.has_delivery_address || inv.delivery_address.country_code.empty()) c.Fail(kBRIC12);
    }
  }
  CheckTotals(c, line_total);
}

}  // namespace

void CheckEn16931(Context& context) {
  CheckHeader(context);
  CheckLinesAndVat(context);
}

std::span<const Rule* const> En16931Rules() {
  static const std::vector<const Rule*> rules = [] {
    std::vector<const Rule*> all = {&kBR02,   &kBR03,   &kBR04,   &kBR05,   &kBR06,   &kBR07,
                                    &kBR09,   &kBR11,   &kBR16,   &kBR21,   &kBR23,   &kBR25,
                                    &kBR27,   &kBR61,   &kBRCO04, &kBRCL18, &kBRCO09, &kBRCO10,
                                    &kBRCO14, &kBRCO15, &kBRCO16, &kBRCO17, &kBRCO18, &kBRCO25,
                                    &kBRDEC};
    for (const CategoryRules& category : kCategories) {
      for (const Rule* rule : {&category.group, &category.identifiers, &category.line_rate,
                               &category.basis, &category.vat, &category.reason}) {
        all.push_back(rule);
      }
    }
    all.insert(all.end(), {&kBRO11, &kBRIC11, &kBRIC12});
    return all;
  }();
  return rules;
}

}  // namespace factflow::rules::internal
