#pragma once

// Matching of spreadsheet header rows against an import profile, by name and never by position.
//
// Header names are compared through a normalised key that ignores case, accents, spaces and
// punctuation, so "N° de commande", "n° DE commande" and "No_de_commande" are the same header.
//
// Thread safety: free functions on values; safe to call concurrently.

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace factflow::importer::domain {

// Lowercases, strips the accents of Latin letters (é → e, ç → c, œ → oe, ß → ss, also when the
// accent is a combining mark) and keeps only [a-z0-9]. Every other character separates words.
// The words are returned in order; invalid UTF-8 bytes are treated as separators.
// "N° de commande" → {"n", "de", "commande"}.
std::vector<std::string> FoldWords(std::string_view text);

// FoldWords joined without separators: "Prix unitaire TTC" → "prixunitairettc". Used to compare
// free-text values case- and accent-insensitively ("Dupont" == "DUPONT").
std::string FoldText(std::string_view text);

// The key a header is matched by: FoldText, where the words meaning "number" ("n", "no", "num",
// "numero", whatever the typography: "N°", "Nº", "No.", "Numéro") are all written "n".
// "N° de commande" → "ndecommande"; "No de commande" → "ndecommande"; "E-mail" → "email".
std::string NormalizeHeader(std::string_view header);

// A looser key used only when no field matches the normalised key: NormalizeHeader without the
// French articles and prepositions (de, du, des, d', la, le, les, l', au, aux), so "N°_commande"
// matches "N° de commande". A header made only of such words keeps them.
std::string LooseHeaderKey(std::string_view header);

// One field of an import profile.
struct ProfileField {
  std::string_view name;                  // stable machine name, e.g. "quantity"
  std::string_view header;                // default header as the user knows it, e.g. "Quantité"
  std::vector<std::string_view> aliases;  // other accepted headers
  // required: the column must be present. With a non-empty required_group, the requirement is
  // satisfied when any field of the same group is present (e.g. "SKU vendeur" or "EAN").
  bool required = false;
  std::string_view required_group;
};

// One non-empty cell of the header row.
struct HeaderCell {
  int column = 0;  // 0-based
  std::string text;
};

// Several columns of the file matched the same field.
struct DuplicateMatch {
  size_t field = 0;          // index in the profile
  std::vector<int> columns;  // every matching column, in file order
};

struct HeaderMatch {
  // Per profile field (same order as the profile): the matched 0-based column, if any.
  std::vector<std::optional<int>> field_columns;
  // Per header cell (same order as the input): the matched profile field index, if any.
  std::vector<std::optional<size_t>> header_fields;
  // Unsatisfied requirements, in profile order. Each entry lists the fields of which one was
  // needed (a single field, or every field of a required group).
  std::vector<std::vector<size_t>> missing_required;
  std::vector<DuplicateMatch> duplicates;

  bool ok() const { return missing_required.empty() && duplicates.empty(); }
};

// Matches a header row against a profile. A header matches a field when its NormalizeHeader key
// equals the key of the field's default header or of one of its aliases; headers left unmatched
// are then tried with LooseHeaderKey against the fields still unmatched. Headers matching no
// field are extra columns (header_fields is nullopt). When several columns match one field, the
// first one is kept in field_columns and all of them are listed in duplicates.
// Precondition: no two fields of the profile share a key (the profile's own tests check it).
HeaderMatch MatchHeaders(std::span<const ProfileField> profile,
                         std::span<const HeaderCell> headers);

}  // namespace factflow::importer::domain
