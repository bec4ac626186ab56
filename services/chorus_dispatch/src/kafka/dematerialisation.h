#pragma once

// The tenant's dematerialisation modes applied to one archived invoice (domain.md §4, seed
// 002), inside the archive transaction:
//   portal: the customer's notification e-mail (mail/invoice_mail.h) is composed and queued in
//           sent_mails, once per invoice, for mail::MailSender;
//   Chorus: the invoice is queued for the Chorus Pro export (chorus_queue).
// Each step is an exchange (MAIL QUEUED / ERROR, CHORUS QUEUED). An invoice whose mail cannot be
// composed (no customer e-mail, no portal address) is reported as a MAIL ERROR naming the field,
// and is not marked dematerialised.

#include <pqxx/pqxx>
#include <string>

#include "absl/time/time.h"
#include "factflow/invoicing/v1/invoicing.pb.h"

namespace factflow::dispatch {

struct DematerialisationModes {
  bool portal = false;
  bool chorus = false;
  invoicing::v1::Tenant tenant;  // issuer name and e-mail, portal address (portal mode)

  bool any() const { return portal || chorus; }
};

// Returns true when the invoice is dematerialised (every enabled mode's step succeeded).
bool Dematerialise(pqxx::work& tx, const std::string& tenant_id,
                   const invoicing::v1::Invoice& invoice, const DematerialisationModes& modes,
                   absl::Time now);

}  // namespace factflow::dispatch
