#include "domain/french_format.h"

namespace factflow::invoicing::domain {

std::string FrenchDecimal(money::Decimal value) {
  std::string text = value.ToFrench(money::Decimal::kScale);
  // ToFrench always writes the fraction, so there is a comma to stop at.
  while (text.back() == '0') text.pop_back();
  if (text.back() == ',') text.pop_back();
  return text;
}

std::string FrenchEuros(money::Decimal amount) {
  // U+00A0 before the sign, as French typography requires and every PDF font renders.
  return amount.ToFrench(2) + "\xC2\xA0\xE2\x82\xAC";
}

}  // namespace factflow::invoicing::domain
