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
// tenant create | show | activate-format.
void AddTenantCommands(CLI::App& app, Session& session);
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
// archive list | get.
void AddArchiveCommands(CLI::App& app, Session& session);
// operations list | show: long-running operations (actions over a selection, generations).
void AddOperationCommands(CLI::App& app, Session& session);
// preferences show | set: the tenant's import preferences per format; apply: the grid's
// calculator; edit: one order of the grid (commands/preferences.cc).
void AddGridEditCommands(CLI::App& app, Session& session);

// connectors list | show | create | update | test | pending | receive | reports (E-connecteur).
void AddConnectorCommands(CLI::App& app, Session& session);
// job fnac: the demo's whole run, from the file to the archived invoices.
void AddJobCommands(CLI::App& app, Session& session);
// parties list | upsert, exchanges list, articles show | resolve: the reference data of
// catalog-mapping and the exchanges of chorus-dispatch.
void AddReferenceCommands(CLI::App& app, Session& session);
// invoices nightly-send: added to the `invoices` noun once the grammar is applied.
void AddNightlySendCommand(CLI::App& invoices, Session& session);

}  // namespace factflow::cli
