#pragma once

// Amounts written in French words, as a bill of exchange (lettre de change, billet à ordre)
// must carry them beside the figures: "mille deux cent trente-quatre euros et cinquante
// centimes". Traditional spelling: "vingt et un", "soixante et onze", "quatre-vingts" and
// "deux cents" plural only when they end the number and are not followed by "mille",
// "mille" invariable, "un million d'euros".
//
// Thread safety: pure functions.

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "money/decimal.h"

namespace factflow::dispatch::domain {

// 0 .. 999 999 999 999 in words ("zéro", "vingt et un", "deux cent mille").
// OutOfRange (French) beyond.
absl::StatusOr<std::string> IntegerInFrenchWords(int64_t n);

// A non-negative amount in euros, rounded to the cent, in words.
// OutOfRange (French) for a negative amount or one of a thousand billion euros or more.
absl::StatusOr<std::string> EurosInFrenchWords(money::Decimal amount);

}  // namespace factflow::dispatch::domain
