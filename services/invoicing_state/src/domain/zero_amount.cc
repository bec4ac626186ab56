#include "domain/zero_amount.h"

namespace factflow::invoicing::domain {

absl::StatusOr<SendState> InitialState(ZeroAmountPolicy policy, money::Decimal total_with_vat) {
  if (!total_with_vat.RoundedToCents().is_zero()) return SendState::kEnAttente;
  switch (policy) {
    case ZeroAmountPolicy::kAllow:
      return SendState::kEnAttente;
    case ZeroAmountPolicy::kKeepInternal:
      return SendState::kConserveInterne;
    case ZeroAmountPolicy::kRefuse:
      break;
  }
  return absl::InvalidArgumentError(
      "facture à montant nul (0,00 € TTC) refusée par le paramètre du dossier « factures à "
      "montant nul : refuser » ; corrigez les lignes, ou changez le paramètre (factflowctl tenant "
      "settings --zero-amount conserver|accepter)");
}

}  // namespace factflow::invoicing::domain
