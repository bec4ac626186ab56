#pragma once

// A PostgreSQL text[] literal, passed as one parameter and cast with $n::text[]: libpqxx 6 has
// no array parameters, and one statement over unnest() keeps a 10,000-code call to one round
// trip. Elements are quoted, with '"' and '\' escaped, so any text is safe.

#include <string>
#include <vector>

namespace factflow::catalog_mapping::storage {

inline std::string TextArray(const std::vector<std::string>& values) {
  std::string literal = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) literal += ',';
    literal += '"';
    for (char c : values[i]) {
      if (c == '"' || c == '\\') literal += '\\';
      literal += c;
    }
    literal += '"';
  }
  literal += '}';
  return literal;
}

}  // namespace factflow::catalog_mapping::storage
