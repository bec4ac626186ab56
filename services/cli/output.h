#pragma once

// The output format of a factflowctl run (-o table|wide|json|yaml, --json being -o json) and
// the YAML form of a record. Records printed as JSON or YAML are the service's response message
// in the proto3 JSON mapping (lowerCamelCase field names, enums by name, 64-bit integers and
// decimals as strings, every field present): that is the stable form scripts rely on (README).

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "google/protobuf/message.h"

namespace factflow::cli {

enum class OutputFormat { kTable, kWide, kJson, kYaml };

// "table", "wide", "json", "yaml" (any case) -> the format; InvalidArgument in French otherwise.
absl::StatusOr<OutputFormat> ParseOutputFormat(std::string_view name);

// The format chosen for this run (one command runs per process); kTable until set.
OutputFormat CurrentOutputFormat();
void SetOutputFormat(OutputFormat format);
// True when records are printed for scripts (json or yaml), false for the human tables.
bool MachineOutput();

// The proto3 JSON of `json_text` as block YAML, keys in the same order; strings double-quoted
// (JSON escapes are valid YAML), so every value reads back with the same type.
std::string JsonToYaml(std::string_view json_text);
// The message as YAML (same fields and names as its JSON form).
std::string ToYaml(const google::protobuf::Message& message);

}  // namespace factflow::cli
