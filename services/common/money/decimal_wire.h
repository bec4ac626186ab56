#pragma once

// Decimal on the wire: factflow.common.v1.Decimal carries canonical text ("1234.50"), never a
// binary float. One place converts both ways for every service.

#include <optional>

#include "factflow/common/v1/common.pb.h"
#include "money/decimal.h"

namespace factflow::money {

// Canonical text with exactly `digits` fractional digits (rounded half away from zero).
common::v1::Decimal ToWire(Decimal value, int digits = 2);

// The value, or nullopt when the text is not a canonical decimal (Decimal::Parse).
std::optional<Decimal> FromWire(const common::v1::Decimal& value);

}  // namespace factflow::money
