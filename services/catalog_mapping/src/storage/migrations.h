#pragma once

// The catalog-mapping schema (migrations/NNNN_*.sql, versions >= 100), compiled into
// catalog_mapping_lib by factflow_embed_migrations. Apply with db::ApplyMigrations (the Runtime
// does at start) after db::CommonMigrations().

#include <vector>

#include "db/migrations.h"

namespace factflow::db {

std::vector<Migration> catalog_mapping_lib_migrations();

}  // namespace factflow::db
