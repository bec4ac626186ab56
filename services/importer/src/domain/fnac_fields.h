#pragma once

// Internal to the FNAC profile: the index of each field of FnacProfile() (fnac_profile.h), so
// that the parser reads cells by field without looking names up.
//
// Thread safety: constants only.

#include <cstddef>

namespace factflow::importer::domain::fnac {

// Indexes into FnacProfile(); fnac_fields.cc lists the fields in this order.
enum Field : size_t {
  kOrderId,
  kOrderDate,
  kLineId,
  kSellerSku,
  kEan,
  kFnacRef,
  kLabel,
  kCondition,
  kQuantity,
  kUnitPrice,
  kShipping,
  kCommission,
  kCivility,
  kLastName,
  kFirstName,
  kCompany,
  kEmail,
  kBillingLine1,
  kBillingLine2,
  kBillingLine3,
  kBillingPostalCode,
  kBillingCity,
  kBillingCountry,
  kDeliveryLine1,
  kDeliveryLine2,
  kDeliveryLine3,
  kDeliveryPostalCode,
  kDeliveryCity,
  kDeliveryCountry,
  kStatus,
  kFieldCount
};

}  // namespace factflow::importer::domain::fnac
