#pragma once

// PostgreSQL array literals for query parameters ("= ANY($1::text[])"): libpqxx 6 has no
// array parameters. Every element is quoted and escaped, so any text (commas, quotes,
// backslashes, braces) round-trips. Pure, thread-safe.

#include <string>
#include <vector>

namespace factflow::db {

// {"a","b\"c"}: the literal of a text[] (also cast to uuid[], int[], ...).
std::string ArrayLiteral(const std::vector<std::string>& values);

}  // namespace factflow::db
