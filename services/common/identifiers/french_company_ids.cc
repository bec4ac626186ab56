#include "identifiers/french_company_ids.h"

#include <cassert>
#include <cstdint>
#include <cstdio>

namespace factflow::identifiers {
namespace {

bool AllDigits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// Sum of the Luhn weights of `digits`; `double_last` says whether the rightmost digit is doubled
// (true when a check digit will be appended after it).
int LuhnSum(std::string_view digits, bool double_last) {
  int sum = 0;
  bool doubled = double_last;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    int d = *it - '0';
    if (doubled) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    doubled = !doubled;
  }
  return sum;
}

}  // namespace

int LuhnCheckDigit(std::string_view digits) { return (10 - LuhnSum(digits, true) % 10) % 10; }

bool IsLuhnValid(std::string_view digits) {
  return AllDigits(digits) && LuhnSum(digits, false) % 10 == 0;
}

bool IsValidSiren(std::string_view siren) { return siren.size() == 9 && IsLuhnValid(siren); }

bool IsValidSiret(std::string_view siret, std::string_view siren) {
  return siret.size() == 14 && IsLuhnValid(siret) &&
         (siren.empty() || siret.substr(0, siren.size()) == siren);
}

std::string FrenchVatNumber(std::string_view siren) {
  assert(IsValidSiren(siren));
  int64_t value = 0;
  for (char c : siren) value = value * 10 + (c - '0');
  int key = static_cast<int>((12 + 3 * (value % 97)) % 97);
  char prefix[16];  // "FR" + two digits; sized for any int, as the compiler cannot tell
  std::snprintf(prefix, sizeof(prefix), "FR%02d", key);
  return std::string(prefix) + std::string(siren);
}

}  // namespace factflow::identifiers
