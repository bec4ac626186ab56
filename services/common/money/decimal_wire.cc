#include "money/decimal_wire.h"

namespace factflow::money {

common::v1::Decimal ToWire(Decimal value, int digits) {
  common::v1::Decimal out;
  out.set_value(value.ToString(digits));
  return out;
}

std::optional<Decimal> FromWire(const common::v1::Decimal& value) {
  return Decimal::Parse(value.value());
}

}  // namespace factflow::money
