#include "output.h"

#include <nlohmann/json.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "format.h"

namespace factflow::cli {
namespace {

using Json = nlohmann::ordered_json;

OutputFormat g_format = OutputFormat::kTable;

bool IsPlainKey(const std::string& key) {
  if (key.empty()) return false;
  for (char c : key) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return true;
}

std::string Scalar(const Json& value) { return value.dump(-1, ' ', false); }

bool IsBlock(const Json& value) {
  return (value.is_object() || value.is_array()) && !value.empty();
}

void Emit(const Json& value, size_t indent, std::string& out);

// A block value under "- ": its first line takes the dash's place.
void EmitItem(const Json& item, size_t indent, std::string& out) {
  std::string pad(indent, ' ');
  if (!IsBlock(item)) {
    out += pad + "- " + Scalar(item) + "\n";
    return;
  }
  std::string block;
  Emit(item, indent + 2, block);
  out += pad + "- " + block.substr(indent + 2);
}

void Emit(const Json& value, size_t indent, std::string& out) {
  std::string pad(indent, ' ');
  if (value.is_object()) {
    for (const auto& [key, field] : value.items()) {
      out += pad + (IsPlainKey(key) ? key : Json(key).dump()) + ":";
      if (IsBlock(field)) {
        out += "\n";
        Emit(field, indent + 2, out);
      } else {
        out += " " + Scalar(field) + "\n";
      }
    }
  } else if (value.is_array()) {
    for (const Json& item : value) EmitItem(item, indent, out);
  } else {
    out += pad + Scalar(value) + "\n";
  }
}

}  // namespace

absl::StatusOr<OutputFormat> ParseOutputFormat(std::string_view name) {
  std::string lower = absl::AsciiStrToLower(std::string(name));
  if (lower == "table") return OutputFormat::kTable;
  if (lower == "wide") return OutputFormat::kWide;
  if (lower == "json") return OutputFormat::kJson;
  if (lower == "yaml") return OutputFormat::kYaml;
  return absl::InvalidArgumentError(
      absl::StrCat("format de sortie « ", std::string(name),
                   " » inconnu : choisissez table, wide, json ou yaml"));
}

OutputFormat CurrentOutputFormat() { return g_format; }
void SetOutputFormat(OutputFormat format) { g_format = format; }
bool MachineOutput() { return g_format == OutputFormat::kJson || g_format == OutputFormat::kYaml; }

std::string JsonToYaml(std::string_view json_text) {
  Json value = Json::parse(json_text.begin(), json_text.end(), nullptr, false);
  if (value.is_discarded()) return "";
  if (!IsBlock(value)) return Scalar(value) + "\n";
  std::string out;
  Emit(value, 0, out);
  return out;
}

std::string ToYaml(const google::protobuf::Message& message) { return JsonToYaml(ToJson(message)); }

}  // namespace factflow::cli
