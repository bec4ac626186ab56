#pragma once

// SHA-256 (OpenSSL) as lowercase hex: the content hash of uploads and archived objects.

#include <string>
#include <string_view>

namespace factflow::hash {

// 64 lowercase hex digits. Thread-safe.
std::string Sha256Hex(std::string_view bytes);

}  // namespace factflow::hash
