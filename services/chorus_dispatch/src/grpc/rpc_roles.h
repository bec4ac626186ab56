#pragma once

// Who may call chorus-dispatch's RPCs: operators and admins act; services may also read.

#include <initializer_list>
#include <string_view>

#include "auth/token.h"

namespace factflow::dispatch {

inline constexpr std::initializer_list<std::string_view> kDispatchOperators = {
    auth::kRoleOperator, auth::kRoleAdmin};
inline constexpr std::initializer_list<std::string_view> kDispatchReaders = {
    auth::kRoleOperator, auth::kRoleAdmin, auth::kRoleService};

}  // namespace factflow::dispatch
