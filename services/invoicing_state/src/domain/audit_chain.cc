#include "domain/audit_chain.h"

#include "absl/strings/str_cat.h"
#include "hash/sha256.h"

namespace factflow::invoicing::domain {
namespace {

void AppendField(std::string& out, const std::string& value) {
  out += std::to_string(value.size());
  out += ':';
  out += value;
  out += ';';
}

void AppendOptional(std::string& out, const std::optional<std::string>& value) {
  if (value.has_value()) {
    AppendField(out, *value);
  } else {
    out += "-;";
  }
}

// "entrée n° 12 (PREPARE, facture FA2026-000004)".
std::string Name(const ChainEntry& entry) {
  return absl::StrCat("entrée n° ", entry.sequence, " (", entry.action, ", facture ",
                      entry.invoice_number.empty() ? entry.invoice_id : entry.invoice_number,
                      ", opérateur ", entry.operator_id, ")");
}

}  // namespace

std::string CanonicalContent(const ChainEntry& entry) {
  std::string out;
  AppendField(out, entry.tenant_id);
  AppendField(out, absl::StrCat(entry.sequence));
  AppendField(out, entry.invoice_id);
  AppendField(out, absl::StrCat(entry.at_micros));
  AppendField(out, entry.operator_id);
  AppendField(out, entry.action);
  AppendOptional(out, entry.from_state);
  AppendOptional(out, entry.to_state);
  AppendOptional(out, entry.detail);
  AppendOptional(out, entry.correlation_id);
  return out;
}

std::string ComputeEntryHash(const std::string& prev_hash, const ChainEntry& entry) {
  return hash::Sha256Hex(absl::StrCat(prev_hash, "|", CanonicalContent(entry)));
}

bool ChainVerifier::Break(int64_t sequence, std::string problem) {
  broken_sequence_ = sequence;
  problem_ = std::move(problem);
  return false;
}

bool ChainVerifier::Add(const ChainEntry& entry) {
  if (!intact()) return false;
  const int64_t expected = last_sequence_ + 1;
  if (entry.sequence < expected) {
    return Break(entry.sequence, absl::StrCat(Name(entry), " : numéro de chaîne en double ou "
                                              "déplacé (attendu n° ", expected, ")"));
  }
  if (entry.sequence > expected) {
    return Break(expected,
                 absl::StrCat(entry.sequence == expected + 1
                                  ? absl::StrCat("entrée n° ", expected, " supprimée")
                                  : absl::StrCat("entrées n° ", expected, " à ",
                                                 entry.sequence - 1, " supprimées"),
                              " (la chaîne passe de l'entrée n° ", last_sequence_, " à l'",
                              Name(entry), ")"));
  }
  if (ComputeEntryHash(entry.prev_hash, entry) != entry.entry_hash) {
    return Break(entry.sequence, absl::StrCat(Name(entry),
                                              " modifiée ou déplacée : son empreinte ne "
                                              "correspond plus à son contenu"));
  }
  if (entry.prev_hash != last_hash_) {
    if (last_sequence_ == 0) {
      return Break(entry.sequence,
                   absl::StrCat(Name(entry), " : la première entrée ne part pas de l'origine de "
                                             "la chaîne (entrées antérieures supprimées)"));
    }
    return Break(last_sequence_,
                 absl::StrCat("entrée n° ", last_sequence_,
                              " modifiée et son empreinte recalculée : l'", Name(entry),
                              " n'est plus chaînée à elle"));
  }
  last_sequence_ = entry.sequence;
  last_hash_ = entry.entry_hash;
  ++checked_;
  return true;
}

bool ChainVerifier::Finish(int64_t head_sequence, const std::string& head_hash) {
  if (!intact()) return false;
  if (head_sequence > last_sequence_) {
    return Break(last_sequence_ + 1,
                 absl::StrCat(head_sequence == last_sequence_ + 1
                                  ? absl::StrCat("entrée n° ", head_sequence, " supprimée")
                                  : absl::StrCat("entrées n° ", last_sequence_ + 1, " à ",
                                                 head_sequence, " supprimées"),
                              " (fin de la chaîne ; la tête enregistrée est l'entrée n° ",
                              head_sequence, ")"));
  }
  if (head_sequence > 0 && head_hash != last_hash_) {
    return Break(last_sequence_,
                 absl::StrCat("entrée n° ", last_sequence_,
                              " : son empreinte ne correspond pas à la tête de chaîne "
                              "enregistrée (dernière entrée remplacée)"));
  }
  return true;
}

}  // namespace factflow::invoicing::domain
