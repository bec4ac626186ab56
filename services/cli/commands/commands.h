#pragma once

// Registration of factflowctl's command groups, one file each under commands/. Every function
// adds its subcommands to `app` and binds them to `session` (which runs them and keeps the exit
// code).

#include <CLI/CLI.hpp>

#include "factflow/invoicing/v1/invoicing.pb.h"
#include "session.h"

namespace factflow::cli {

// token: prints a bearer token minted from FACTFLOW_AUTH_SECRET.
void AddTokenCommand(CLI::App& app, Session& session);
// health: the gRPC health of the four services.
void AddHealthCommand(CLI::App& app, Session& session);
// tenant create | show | activate-format | settings.
void AddTenantCommands(CLI::App& app, Session& session);
// tenant settings: the processing settings, one flag each (commands/tenant_settings.cc).
void AddTenantSettingsCommand(CLI::App& tenant, Session& session);
// tenant dematerialisation --mode off|portal|chorus|both (under the `tenant` command).
void AddTenantDematerialisationCommand(CLI::App& tenant, Session& session);
// articles upsert | list; correspondences set.
void AddCatalogCommands(CLI::App& app, Session& session);
// upload, batches, batch show, grid, check, generate.
void AddImportCommands(CLI::App& app, Session& session);
// batches cancel ID…: cancels batches (added under the `batches` command).
void AddBatchCancelCommand(CLI::App& batches, Session& session);
// invoices, invoice show, action, numbering check.
void AddInvoiceCommands(CLI::App& app, Session& session);
// invoice check: the rule engine's verdict (after AddInvoiceCommands, which adds `invoice`).
void AddInvoiceCheckCommand(CLI::App& app, Session& session);
// The verdict of `invoice check` as text for the operator, in French.
std::string FormatVerdict(const invoicing::v1::CheckInvoiceResponse& response);
// archive list | get | failures | retry.
void AddArchiveCommands(CLI::App& app, Session& session);
// chorus export | items | include | exclude | run | show: the Chorus Pro export.
void AddChorusCommands(CLI::App& app, Session& session);
// chorus deposit | status | retry (under the `chorus` command; commands/chorus_deposit.cc).
void AddChorusDepositCommands(CLI::App& chorus, Session& session);
// archive failures | retry: render failures after send (commands/archive_failures.cc).
void AddArchiveFailureCommands(CLI::App& archive, Session& session);
// operations list | show | watch: long-running operations (actions over a selection,
// generations).
void AddOperationCommands(CLI::App& app, Session& session);
// operations watch ID: follows one through WatchOperation (commands/operation_watch.cc).
void AddOperationWatchCommand(CLI::App& operations, Session& session);
// edit BATCH ORDER: edits one order of the control grid (UpdateDocument; commands/grid_edit.cc).
void AddGridDocumentEditCommand(CLI::App& app, Session& session);
// preferences show | set: the tenant's import preferences per format; apply: the grid's
// calculator; edit: one order of the grid (commands/preferences.cc).
void AddGridEditCommands(CLI::App& app, Session& session);

// grid check --filter … and grid edit (commands/grid_commands.cc), registered as grid-check and
// grid-edit until ApplyNounVerbGrammar groups them under `grid`.
void AddGridVerbCommands(CLI::App& app, Session& session);
// profiles list | show | set | delete: the tenant's import profiles, and tenant
// deactivate-format (commands/profiles.cc). Call after AddTenantCommands.
void AddProfileCommands(CLI::App& app, Session& session);
// OK unless `format` is a profile's ("profil:<name>") that the tenant does not have
// (FailedPrecondition in French saying how to create it).
absl::Status CheckProfileFormatExists(Client& client, const std::string& format);

// connectors list | show | create | update | test | pending | receive | reports (E-connecteur).
void AddConnectorCommands(CLI::App& app, Session& session);
// filters list | create | delete; connectors send | documents | mapping (after
// AddConnectorCommands, which adds `connectors`).
void AddConnectorExchangeCommands(CLI::App& app, Session& session);
// job fnac: the demo's whole run, from the file to the archived invoices.
void AddJobCommands(CLI::App& app, Session& session);
// parties list | upsert, exchanges list, articles show | resolve: the reference data of
// catalog-mapping and the exchanges of chorus-dispatch.
void AddReferenceCommands(CLI::App& app, Session& session);
// tenant set-reform: operation category, VAT on debits, OSS threshold (after AddTenantCommands).
void AddTenantReformCommand(CLI::App& app, Session& session);
// ereporting export --period AAAA-MM: the month's e-reporting data (commands/ereporting.cc).
void AddEReportingCommands(CLI::App& app, Session& session);
// invoices nightly-send: added to the `invoices` noun once the grammar is applied.
void AddNightlySendCommand(CLI::App& invoices, Session& session);
// invoices print | preview | bills | print-download: added to the `invoices` noun (commands/print.cc).
void AddPrintCommands(CLI::App& invoices, Session& session);

}  // namespace factflow::cli
