#include "domain/nightly_send.h"

#include "absl/strings/str_cat.h"
#include "domain/civil_date.h"

namespace factflow::invoicing::domain {

NightlyDecision DecideNight(const NightlyRule& rule, absl::CivilDay night) {
  NightlyDecision decision;
  decision.created_on_or_before = night - std::max(rule.days_before, 0);
  if (!rule.enabled) {
    decision.why_not =
        "l'envoi automatique de fin de mois n'est pas activé pour ce dossier (factflowctl tenant "
        "settings --nightly-send oui)";
    return decision;
  }
  const absl::CivilDay last = LastDayOfMonth(night);
  if (night != last) {
    decision.why_not = absl::StrCat("l'envoi automatique n'a lieu que le dernier jour du mois (",
                                    ToFrenchDate(last), ") ; rien à envoyer le ",
                                    ToFrenchDate(night));
    return decision;
  }
  decision.runs = true;
  return decision;
}

std::optional<std::string> HoldReason(const NightlyRule& rule, absl::CivilDay night,
                                      absl::CivilDay created) {
  NightlyDecision decision = DecideNight(rule, night);
  if (created <= decision.created_on_or_before) return std::nullopt;
  return absl::StrCat("créée le ", ToFrenchDate(created), ", moins de ", rule.days_before,
                      " jour", rule.days_before > 1 ? "s" : "", " avant l'envoi du ",
                      ToFrenchDate(night), " (NB_JOURS_AVANT_ENVOI_FACTURES) : envoyée le mois "
                      "prochain");
}

}  // namespace factflow::invoicing::domain
