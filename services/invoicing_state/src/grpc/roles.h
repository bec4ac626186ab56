#pragma once

// Who may call invoicing-state's RPCs: readers (operators, admins, other services) and writers
// (operators and admins).

#include <initializer_list>
#include <string_view>

#include "auth/token.h"

namespace factflow::invoicing {

inline const std::initializer_list<std::string_view> kReaders = {
    auth::kRoleOperator, auth::kRoleAdmin, auth::kRoleService};
inline const std::initializer_list<std::string_view> kWriters = {auth::kRoleOperator,
                                                                 auth::kRoleAdmin};

}  // namespace factflow::invoicing
