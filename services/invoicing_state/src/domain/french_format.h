#pragma once

// Small formatting helpers for the French texts of the domain (operator messages, mentions).
//
// Thread safety: pure functions; safe to call concurrently.

#include <string>

#include "money/decimal.h"

namespace factflow::invoicing::domain {

// A decimal as a French reader writes it: decimal comma, no-break space between thousands, no
// trailing fractional zeros. 5.5 -> "5,5"; 20 -> "20"; 1234.50 -> "1 234,5"; -0.03 -> "-0,03".
std::string FrenchDecimal(money::Decimal value);

// An amount with exactly two decimals and the euro sign: 40 -> "40,00 €".
std::string FrenchEuros(money::Decimal amount);

}  // namespace factflow::invoicing::domain
