#pragma once

// What the Chorus Pro export needs of a sent invoice, taken when it is queued (Chorus mode):
// its customer, period, type, total, and the rule engine's blocking findings for Chorus Pro
// (CHORUS-..., EN 16931, BR-FR), the anomalies the export strikes it for (seed 003). A sent
// invoice never changes, so neither does this entry.
//
// Thread safety: pure.

#include "factflow/invoicing/v1/invoicing.pb.h"
#include "storage/chorus_export_repository.h"

namespace factflow::dispatch::chorus {

// An invoice whose amounts cannot be read gets that reading error as its one anomaly.
storage::QueuedInvoice QueueEntry(const invoicing::v1::Invoice& invoice,
                                  const invoicing::v1::Tenant& tenant);

}  // namespace factflow::dispatch::chorus
