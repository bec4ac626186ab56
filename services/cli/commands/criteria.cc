#include "commands/criteria.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "commands/imports.h"
#include "commands/invoices.h"
#include "parse.h"
#include "session.h"

namespace factflow::cli {
namespace {

bool AllDigits(absl::string_view text, size_t size) {
  return text.size() == size && IsDigits(std::string_view(text.data(), text.size()));
}

std::string DateOption(const std::string& option, const std::string& value) {
  absl::StatusOr<std::string> date = NormaliseDate(value);
  if (!date.ok()) ThrowUsageError(option, std::string(date.status().message()));
  return *date;
}

}  // namespace

absl::StatusOr<std::string> NormaliseDate(const std::string& text) {
  if (text.empty()) return text;
  std::vector<absl::string_view> dashes = absl::StrSplit(text, '-');
  if (dashes.size() == 3 && AllDigits(dashes[0], 4) && AllDigits(dashes[1], 2) &&
      AllDigits(dashes[2], 2)) {
    return text;
  }
  std::vector<absl::string_view> slashes = absl::StrSplit(text, '/');
  if (slashes.size() == 3 && AllDigits(slashes[0], 2) && AllDigits(slashes[1], 2) &&
      AllDigits(slashes[2], 4)) {
    return absl::StrCat(slashes[2], "-", slashes[1], "-", slashes[0]);
  }
  return absl::InvalidArgumentError(
      absl::StrCat("date « ", text, " » invalide : attendu JJ/MM/AAAA ou AAAA-MM-JJ"));
}

void AddCriteriaOptions(CLI::App* cmd, CriteriaOptions* o) {
  cmd->add_option("--batch", o->batch, "Numéro ou identifiant du lot");
  cmd->add_option("--batch-from", o->batch_from, "Lots à partir de ce numéro");
  cmd->add_option("--batch-to", o->batch_to, "Lots jusqu'à ce numéro");
  cmd->add_option("--from", o->date_from, "Factures émises à partir du (JJ/MM/AAAA)");
  cmd->add_option("--to", o->date_to, "Factures émises jusqu'au (JJ/MM/AAAA)");
  cmd->add_option("--printed-from", o->printed_from, "Imprimées à partir du (JJ/MM/AAAA)");
  cmd->add_option("--printed-to", o->printed_to, "Imprimées jusqu'au (JJ/MM/AAAA)");
  cmd->add_option("--created-by", o->created_by, "Opérateur de création");
  cmd->add_option("--printed-by", o->printed_by, "Opérateur d'impression");
  cmd->add_option("--state", o->states,
                  "État d'envoi EN_ATTENTE, PRET, ENVOYE ou CONSERVE_INTERNE, répétable");
  cmd->add_option("--invoice", o->invoices, "Numéro ou identifiant de facture, répétable");
  cmd->add_flag("--without-print-date", o->without_print_date,
                "Seulement les factures sans date d'édition");
  cmd->add_flag("--without-dematerialisation", o->without_dematerialisation,
                "Seulement les factures non dématérialisées");
}

absl::StatusOr<invoicing::v1::SelectionCriteria> BuildCriteria(Client& client,
                                                               const CriteriaOptions& o) {
  if (o.batch_from < 0) ThrowUsageError("--batch-from", "numéro de lot positif attendu");
  if (o.batch_to < 0) ThrowUsageError("--batch-to", "numéro de lot positif attendu");
  if (o.batch_from > 0 && o.batch_to > 0 && o.batch_from > o.batch_to) {
    ThrowUsageError("--batch-from", "le premier lot est après le dernier (--batch-to)");
  }
  invoicing::v1::SelectionCriteria criteria;
  criteria.set_batch_number_from(o.batch_from);
  criteria.set_batch_number_to(o.batch_to);
  criteria.set_date_from(DateOption("--from", o.date_from));
  criteria.set_date_to(DateOption("--to", o.date_to));
  criteria.set_print_date_from(DateOption("--printed-from", o.printed_from));
  criteria.set_print_date_to(DateOption("--printed-to", o.printed_to));
  criteria.set_created_by(o.created_by);
  criteria.set_printed_by(o.printed_by);
  criteria.set_only_without_print_date(o.without_print_date);
  criteria.set_only_without_dematerialisation(o.without_dematerialisation);
  for (const std::string& name : o.states) {
    absl::StatusOr<invoicing::v1::SendState> state = ParseSendState(name);
    if (!state.ok()) ThrowUsageError("--state", std::string(state.status().message()));
    criteria.add_states(*state);
  }
  if (!o.batch.empty()) {
    absl::StatusOr<importer::v1::Batch> resolved = ResolveBatch(client, o.batch);
    if (!resolved.ok()) return resolved.status();
    criteria.set_batch_id(resolved->batch_id());
  }
  for (const std::string& ref : o.invoices) {
    absl::StatusOr<std::string> id = ResolveInvoiceId(client, ref);
    if (!id.ok()) return id.status();
    criteria.add_invoice_ids(*id);
  }
  return criteria;
}

}  // namespace factflow::cli
