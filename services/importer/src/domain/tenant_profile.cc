#include "domain/tenant_profile.h"

#include <algorithm>
#include <map>
#include <set>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "csv/csv_reader.h"
#include "domain/fnac_fields.h"
#include "domain/fnac_profile.h"
#include "strings/absl_bridge.h"

namespace factflow::importer::domain {
namespace {

constexpr std::string_view kFormatPrefix = "profil:";
constexpr size_t kMaxNameLength = 40;
constexpr size_t kMaxHeaderLength = 200;
constexpr size_t kMaxAliases = 20;
constexpr size_t kMaxDefaultLength = 200;

std::string Quoted(std::string_view text) { return absl::StrCat("« ", AsAbsl(text), " »"); }

absl::Status Invalid(std::string_view name, std::string message) {
  return absl::InvalidArgumentError(
      absl::StrCat("profil d'import ", Quoted(name), " : ", message));
}

std::optional<size_t> FieldIndex(std::string_view name) {
  std::span<const ProfileField> fields = FnacProfile();
  for (size_t f = 0; f < fields.size(); ++f) {
    if (fields[f].name == name) return f;
  }
  return std::nullopt;
}

std::string KnownFields() {
  std::vector<std::string_view> names;
  for (const ProfileField& field : FnacProfile()) names.push_back(field.name);
  std::vector<std::string> owned(names.begin(), names.end());
  return absl::StrJoin(owned, ", ");
}

absl::Status CheckHeaderText(std::string_view profile, std::string_view field,
                             std::string_view header) {
  if (NormalizeHeader(header).empty()) {
    return Invalid(profile, absl::StrCat("en-tête vide (ou sans lettre ni chiffre) pour le champ ",
                                         AsAbsl(field), " ; écrivez l'en-tête tel qu'il figure dans le "
                                                "fichier"));
  }
  if (header.size() > kMaxHeaderLength) {
    return Invalid(profile, absl::StrCat("en-tête du champ ", AsAbsl(field), " trop long (",
                                         header.size(), " octets, maximum ", kMaxHeaderLength,
                                         ")"));
  }
  return absl::OkStatus();
}

// A default must read as its field would: amounts and quantities as numbers, the date as a date.
absl::Status CheckDefault(const TenantProfile& profile, size_t field, const std::string& value) {
  std::string_view name = FnacProfile()[field].name;
  if (value.size() > kMaxDefaultLength || absl::StripAsciiWhitespace(value).empty()) {
    return Invalid(profile.name, absl::StrCat("valeur par défaut du champ ", AsAbsl(name),
                                              " vide ou trop longue (maximum ",
                                              kMaxDefaultLength, " octets)"));
  }
  bool number = field == fnac::kQuantity || field == fnac::kUnitPrice ||
                field == fnac::kShipping || field == fnac::kCommission;
  if (number && !DecimalWithMark(value, profile.decimal_mark).has_value()) {
    return Invalid(profile.name, absl::StrCat("valeur par défaut du champ ", AsAbsl(name), " ",
                                              Quoted(value), " : ce n'est pas un nombre"));
  }
  if (field == fnac::kOrderDate && !TextDateWithOrder(value, profile.date_order).has_value()) {
    return Invalid(profile.name, absl::StrCat("valeur par défaut du champ ", AsAbsl(name), " ",
                                              Quoted(value), " : ce n'est pas une date"));
  }
  if (field == fnac::kOrderId) {
    return Invalid(profile.name,
                   "le champ order_id (regroupement des lignes en factures) ne peut pas avoir de "
                   "valeur par défaut : chaque ligne doit porter sa commande");
  }
  return absl::OkStatus();
}

// Two fields must never share a header key (MatchHeaders' precondition): the clash is named.
absl::Status CheckDistinctKeys(const TenantProfile& profile,
                               const std::vector<ProfileField>& fields) {
  std::map<std::string, std::pair<size_t, std::string_view>> seen;
  for (size_t f = 0; f < fields.size(); ++f) {
    std::vector<std::string_view> headers = {fields[f].header};
    headers.insert(headers.end(), fields[f].aliases.begin(), fields[f].aliases.end());
    std::set<std::string> own;
    for (std::string_view header : headers) {
      std::string key = NormalizeHeader(header);
      if (!own.insert(key).second) continue;
      auto [it, inserted] = seen.try_emplace(key, f, header);
      if (!inserted) {
        return Invalid(profile.name,
                       absl::StrCat("l'en-tête ", Quoted(header), " du champ ", AsAbsl(fields[f].name),
                                    " se confond avec ", Quoted(it->second.second), " du champ ",
                                    AsAbsl(fields[it->second.first].name),
                                    " (casse, accents et ponctuation ignorés) ; donnez à chaque "
                                    "champ des en-têtes distincts"));
      }
    }
  }
  return absl::OkStatus();
}

// One CSV record as a row of text cells for the shared builder.
class CsvRows {
 public:
  // `rows_hint`: the file's line count, at most max_rows, so that the builder reserves its orders
  // once (as an xlsx sheet's <dimension> lets it) instead of moving them at every growth.
  CsvRows(ExportBuilder& builder, ParseBudget& budget, int64_t rows_hint)
      : builder_(builder), budget_(budget) {
    row_.sheet_rows_hint = rows_hint;
  }

  absl::Status OnRecord(const csv::Record& record) {
    if (++records_ > budget_.limits().max_rows) {
      return absl::ResourceExhaustedError(
          absl::StrCat("plus de ", budget_.limits().max_rows,
                       " lignes : découpez le fichier en plusieurs imports"));
    }
    if ((records_ & 1023) == 0) {
      if (absl::Status time = budget_.CheckTime(); !time.ok()) return time;
    }
    row_.number = record.line;
    row_.cells.clear();
    for (size_t i = 0; i < record.fields.size(); ++i) {
      if (record.fields[i].empty()) continue;
      row_.cells.push_back({static_cast<int>(i), XlsxCellType::kInlineString, record.fields[i]});
    }
    return builder_.OnRow(row_);
  }

 private:
  ExportBuilder& builder_;
  ParseBudget& budget_;
  XlsxRow row_;
  int64_t records_ = 0;
};

absl::StatusOr<ParsedExport> ParseCsv(const CompiledProfile& compiled, std::string_view file_name,
                                      std::string_view bytes, const XlsxLimits& limits) {
  ParseBudget budget(limits);
  ExportBuilder builder(compiled.reading(), file_name, /*date1904=*/false, budget);
  const int64_t lines = std::count(bytes.begin(), bytes.end(), '\n') + 1;
  CsvRows rows(builder, budget, std::min(lines, limits.max_rows));
  csv::Options options;
  options.file_name = std::string(file_name);
  options.separator = compiled.profile().separator;
  absl::Status read = csv::ReadCsvBytes(bytes, options, [&rows](const csv::Record& record) {
    return rows.OnRecord(record);
  });
  if (!read.ok()) {
    // The reader's messages already name the file; the builder's and the budget's do not.
    std::string_view message = AsStd(read.message());
    if (message.find(file_name) != std::string_view::npos) return read;
    return absl::Status(read.code(), absl::StrCat(AsAbsl(file_name), " : ", AsAbsl(message)));
  }
  absl::StatusOr<ParsedExport> result = std::move(builder).Finish();
  if (!result.ok()) {
    return absl::Status(result.status().code(),
                        absl::StrCat(AsAbsl(file_name), " : ", result.status().message()));
  }
  return result;
}

}  // namespace

std::string_view ProfileKindName(ProfileKind kind) {
  return kind == ProfileKind::kCsv ? "csv" : "xlsx";
}

std::string ProfileFormat(std::string_view name) {
  return absl::StrCat(AsAbsl(kFormatPrefix), AsAbsl(name));
}

std::optional<std::string> ProfileNameOfFormat(std::string_view format) {
  if (format.substr(0, kFormatPrefix.size()) != kFormatPrefix) return std::nullopt;
  return std::string(format.substr(kFormatPrefix.size()));
}

bool IsValidProfileName(std::string_view name) {
  if (name.empty() || name.size() > kMaxNameLength || name.front() == '-') return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

absl::StatusOr<CompiledProfile> CompileProfile(TenantProfile profile) {
  if (!IsValidProfileName(profile.name)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "nom de profil d'import ", Quoted(profile.name.substr(0, 60)),
        " refusé : 1 à ", kMaxNameLength,
        " caractères parmi a-z, 0-9 et '-' (par exemple amazon ou cdiscount-fr)"));
  }
  if (profile.separator.has_value()) {
    char c = *profile.separator;
    if (profile.kind != ProfileKind::kCsv) {
      return Invalid(profile.name, "un séparateur ne s'applique qu'à un profil csv");
    }
    if (c != ';' && c != ',' && c != '\t') {
      return Invalid(profile.name, "séparateur refusé : « ; », « , » ou tabulation");
    }
  }
  CompiledProfile compiled;
  std::span<const ProfileField> defaults = FnacProfile();
  compiled.fields_.assign(defaults.begin(), defaults.end());
  std::vector<bool> mapped(defaults.size(), false);
  auto own = [&compiled](std::string text) -> std::string_view {
    return compiled.texts_.emplace_back(std::move(text));
  };
  if (!profile.group_by.empty()) {
    bool order_id_mapped = std::any_of(profile.columns.begin(), profile.columns.end(),
                                       [](const ColumnMapping& m) { return m.field == "order_id"; });
    if (order_id_mapped) {
      return Invalid(profile.name,
                     "group_by et une colonne order_id sont donnés ensemble : group_by est "
                     "l'en-tête de order_id, n'en donnez qu'un");
    }
    profile.columns.push_back({"order_id", profile.group_by, {}});
  }
  for (const ColumnMapping& mapping : profile.columns) {
    std::optional<size_t> field = FieldIndex(mapping.field);
    if (!field.has_value()) {
      return Invalid(profile.name, absl::StrCat("champ ", Quoted(mapping.field),
                                                " inconnu ; champs possibles : ", KnownFields()));
    }
    if (mapped[*field]) {
      return Invalid(profile.name, absl::StrCat("le champ ", mapping.field,
                                                " est décrit deux fois ; gardez une seule entrée "
                                                "(les autres en-têtes en alias)"));
    }
    mapped[*field] = true;
    if (absl::Status s = CheckHeaderText(profile.name, mapping.field, mapping.header); !s.ok()) {
      return s;
    }
    if (mapping.aliases.size() > kMaxAliases) {
      return Invalid(profile.name, absl::StrCat("plus de ", kMaxAliases, " alias pour le champ ",
                                                mapping.field));
    }
    ProfileField& target = compiled.fields_[*field];
    target.header = own(mapping.header);
    // The tenant's aliases come first; the French defaults stay accepted.
    std::vector<std::string_view> aliases;
    for (const std::string& alias : mapping.aliases) {
      if (absl::Status s = CheckHeaderText(profile.name, mapping.field, alias); !s.ok()) return s;
      aliases.push_back(own(alias));
    }
    aliases.push_back(defaults[*field].header);
    aliases.insert(aliases.end(), defaults[*field].aliases.begin(),
                   defaults[*field].aliases.end());
    // Drop the aliases equal (by key) to the header or to an earlier alias.
    std::set<std::string> keys = {NormalizeHeader(target.header)};
    target.aliases.clear();
    for (std::string_view alias : aliases) {
      if (keys.insert(NormalizeHeader(alias)).second) target.aliases.push_back(alias);
    }
  }
  compiled.reading_.defaults.assign(defaults.size(), std::nullopt);
  std::set<std::string_view> defaulted_groups;
  for (const auto& [name, value] : profile.defaults) {
    std::optional<size_t> field = FieldIndex(name);
    if (!field.has_value()) {
      return Invalid(profile.name, absl::StrCat("valeur par défaut pour le champ ", Quoted(name),
                                                " inconnu ; champs possibles : ", KnownFields()));
    }
    if (absl::Status s = CheckDefault(profile, *field, value); !s.ok()) return s;
    compiled.reading_.defaults[*field] = value;
    // With a default, the column is no longer needed (nor its group's).
    compiled.fields_[*field].required = false;
    if (!compiled.fields_[*field].required_group.empty()) {
      defaulted_groups.insert(compiled.fields_[*field].required_group);
    }
  }
  for (ProfileField& field : compiled.fields_) {
    if (defaulted_groups.contains(field.required_group)) field.required = false;
  }
  if (absl::Status s = CheckDistinctKeys(profile, compiled.fields_); !s.ok()) return s;
  compiled.reading_.fields = compiled.fields_;
  compiled.reading_.date_order = profile.date_order;
  compiled.reading_.decimal_mark = profile.decimal_mark;
  compiled.reading_.reexport_advice =
      absl::StrCat("vérifiez le fichier et le profil d'import ", Quoted(profile.name));
  compiled.reading_.header_row_name =
      absl::StrCat("la ligne d'en-tête attendue par le profil d'import ", Quoted(profile.name));
  compiled.reading_.order_id_name = "le numéro de commande";
  compiled.profile_ = std::move(profile);
  return compiled;
}

absl::StatusOr<ParsedExport> ParseWithProfile(const CompiledProfile& profile,
                                              std::string_view file_name, std::string_view bytes,
                                              const XlsxLimits& limits) {
  if (profile.profile().kind == ProfileKind::kXlsx) {
    return ParseXlsxExport(profile.reading(), file_name, bytes, limits);
  }
  return ParseCsv(profile, file_name, bytes, limits);
}

}  // namespace factflow::importer::domain
