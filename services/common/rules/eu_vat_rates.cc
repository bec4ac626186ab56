#include "rules/eu_vat_rates.h"

namespace factflow::rules {
namespace {

using money::Decimal;

constexpr Decimal P(int64_t hundredths) { return Decimal::FromCents(hundredths); }

// Sorted by country, then by date; a country's later entry replaces the earlier one from its date.
constexpr EuVatRates kRates[] = {
    {"AT", "2016-01-01", P(2000), P(1000)},
    {"BE", "2016-01-01", P(2100), P(600)},
    {"BG", "2016-01-01", P(2000), P(900)},
    {"CY", "2016-01-01", P(1900), P(500)},
    {"CZ", "2024-01-01", P(2100), P(1200)},
    {"DE", "2021-01-01", P(1900), P(700)},
    {"DK", "2016-01-01", P(2500), P(2500)},  // No reduced rate.
    {"EE", "2024-01-01", P(2200), P(900)},
    {"EE", "2025-07-01", P(2400), P(900)},
    {"ES", "2016-01-01", P(2100), P(1000)},
    {"FI", "2016-01-01", P(2400), P(1000)},
    {"FI", "2024-09-01", P(2550), P(1000)},
    {"GR", "2016-06-01", P(2400), P(1300)},
    {"HR", "2016-01-01", P(2500), P(1300)},
    {"HU", "2016-01-01", P(2700), P(1800)},
    {"IE", "2016-01-01", P(2300), P(1350)},
    {"IT", "2016-01-01", P(2200), P(1000)},
    {"LT", "2016-01-01", P(2100), P(900)},
    {"LU", "2024-01-01", P(1700), P(800)},
    {"LV", "2016-01-01", P(2100), P(1200)},
    {"MT", "2016-01-01", P(1800), P(700)},
    {"NL", "2019-01-01", P(2100), P(900)},
    {"PL", "2016-01-01", P(2300), P(800)},
    {"PT", "2016-01-01", P(2300), P(1300)},
    {"RO", "2017-01-01", P(1900), P(900)},
    {"RO", "2025-08-01", P(2100), P(1100)},
    {"SE", "2016-01-01", P(2500), P(1200)},
    {"SI", "2016-01-01", P(2200), P(950)},
    {"SK", "2016-01-01", P(2000), P(1000)},
    {"SK", "2025-01-01", P(2300), P(1900)},
};

}  // namespace

std::optional<EuVatRates> EuRatesOn(std::string_view country, std::string_view date) {
  if (country == "EL") country = "GR";
  std::optional<EuVatRates> found;
  for (const EuVatRates& entry : kRates) {
    if (entry.country == country && entry.valid_from <= date) found = entry;
  }
  return found;
}

std::optional<money::Decimal> OssRate(std::string_view country, std::string_view date,
                                      money::Decimal french_rate) {
  std::optional<EuVatRates> rates = EuRatesOn(country, date);
  if (!rates) return std::nullopt;
  if (french_rate.is_zero()) return french_rate;
  return french_rate == P(2000) ? rates->standard : rates->reduced;
}

bool IsOssRate(std::string_view country, std::string_view date, money::Decimal rate) {
  std::optional<EuVatRates> rates = EuRatesOn(country, date);
  return rates && (rate == rates->standard || rate == rates->reduced);
}

}  // namespace factflow::rules
