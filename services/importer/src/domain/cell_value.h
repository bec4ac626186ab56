#pragma once

// Typed readings of spreadsheet cells: exact decimals, dates, identifiers and display text.
//
// Amounts never go through binary floating point: a numeric cell's text ("19.99",
// "1.9990000000000001E1") is rewritten as a plain decimal string and parsed exactly.
//
// Thread safety: free functions on values; safe to call concurrently.

#include <optional>
#include <string>
#include <string_view>

#include "domain/excel_date.h"
#include "domain/xlsx_reader.h"
#include "money/decimal.h"

namespace factflow::importer::domain {

// Rewrites a number as spreadsheets write it (optional sign, digits, optional fraction,
// optional exponent: "19.99", "-5E-3", "1.9990000000000001E1", "9.782070368228E12") as a plain
// decimal without exponent, leading zeros or trailing fractional zeros ("19.990000000000001",
// "-0.005", "9782070368228", "3" for "3.0"). Magnitudes below 1e-40 become "0". Returns nullopt
// when the text is not such a number or has an exponent beyond ±400.
std::optional<std::string> PlainDecimalText(std::string_view number_text);

// The exact value of a numeric cell's text, rounded half away from zero to 4 decimals.
// nullopt when not a number or out of Decimal's range.
std::optional<money::Decimal> DecimalFromNumberText(std::string_view number_text);

// An amount or quantity from any cell: numbers exactly (DecimalFromNumberText), strings through
// Decimal::ParseLenient ("19,99 €", "1 234,50"). nullopt for booleans, errors, dates and text
// that is not an amount.
std::optional<money::Decimal> CellDecimal(const XlsxCell& cell);

// A date from any cell: numbers as Excel serials in the workbook's date system, strings and
// t="d" cells through ParseTextDateTime. nullopt when unparsable.
std::optional<CivilDateTime> CellDateTime(const XlsxCell& cell, bool date1904);

// The text a user would recognise for a cell, without surrounding whitespace: strings as is,
// numbers as plain decimals ("9782070368228" rather than "9.782070368228E12", "1" rather than
// "1.0"), booleans "VRAI"/"FAUX" (French Excel), errors and dates as written.
std::string CellText(const XlsxCell& cell);

}  // namespace factflow::importer::domain
