#pragma once

// Month-end-sized synthetic control grids for the grid's integration test and benchmark: order i
// of SyntheticOrder is deterministic (2 rows when i is even, 3 when odd: 40,000 orders are
// 100,000 rows), dated 2026-11-(1 + i % 28), invalid when i % 50 == 0, checked when valid, its
// row 1 unmapped.

#include <string>

#include "db/pool.h"
#include "factflow/importer/v1/importer.pb.h"

namespace factflow::importer::storage::testing {

v1::GridDocument SyntheticOrder(int i);

// Stores a batch of `orders` synthetic orders for `tenant_id`; returns its batch id.
std::string InsertSyntheticBatch(db::Pool& pool, const std::string& tenant_id, int orders);

}  // namespace factflow::importer::storage::testing
