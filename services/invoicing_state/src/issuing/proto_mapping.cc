#include "issuing/proto_mapping.h"

namespace factflow::invoicing {

using domain::InvoiceAction;
using domain::SendState;

v1::SendState ToProto(SendState state) {
  switch (state) {
    case SendState::kEnAttente:
      return v1::SEND_STATE_EN_ATTENTE;
    case SendState::kPret:
      return v1::SEND_STATE_PRET;
    case SendState::kEnvoye:
      return v1::SEND_STATE_ENVOYE;
    case SendState::kConserveInterne:
      return v1::SEND_STATE_CONSERVE_INTERNE;
  }
  return v1::SEND_STATE_UNSPECIFIED;
}

absl::StatusOr<SendState> FromProto(v1::SendState state) {
  switch (state) {
    case v1::SEND_STATE_EN_ATTENTE:
      return SendState::kEnAttente;
    case v1::SEND_STATE_PRET:
      return SendState::kPret;
    case v1::SEND_STATE_ENVOYE:
      return SendState::kEnvoye;
    case v1::SEND_STATE_CONSERVE_INTERNE:
      return SendState::kConserveInterne;
    default:
      return absl::InvalidArgumentError("état d'envoi non renseigné ou inconnu");
  }
}

absl::StatusOr<InvoiceAction> FromProto(v1::InvoiceAction action) {
  switch (action) {
    case v1::INVOICE_ACTION_PRINT:
      return InvoiceAction::kPrint;
    case v1::INVOICE_ACTION_PREVIEW:
      return InvoiceAction::kPreview;
    case v1::INVOICE_ACTION_PRINT_BILLS_OF_EXCHANGE:
      return InvoiceAction::kPrintBillsOfExchange;
    case v1::INVOICE_ACTION_PREPARE:
      return InvoiceAction::kPrepare;
    case v1::INVOICE_ACTION_PUT_ON_HOLD:
      return InvoiceAction::kPutOnHold;
    case v1::INVOICE_ACTION_KEEP_INTERNAL:
      return InvoiceAction::kKeepInternal;
    case v1::INVOICE_ACTION_PUT_BACK_ON_HOLD:
      return InvoiceAction::kPutBackOnHold;
    case v1::INVOICE_ACTION_SEND:
      return InvoiceAction::kSend;
    case v1::INVOICE_ACTION_RETRIEVE_FOR_CHORUS:
      return InvoiceAction::kRetrieveForChorus;
    default:
      return absl::InvalidArgumentError("action non renseignée ou inconnue");
  }
}

}  // namespace factflow::invoicing
