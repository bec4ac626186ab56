-- Invoices that were sent but could not be rendered (or whose rendering failed for a reason that
-- may go away: a missing font, a bug fixed by a new version). They are retried periodically
-- until archived, and counted in the factflow_pending{what="invoice_render"} gauge, so a render
-- failure is never a silent stall. Rows are kept once resolved, as a record.
CREATE TABLE render_failures (
  tenant_id       text NOT NULL,
  invoice_id      uuid NOT NULL,
  invoice_number  text NOT NULL,
  attempts        integer NOT NULL DEFAULT 1,
  last_error      text NOT NULL,
  first_failed_at timestamptz NOT NULL DEFAULT now(),
  last_failed_at  timestamptz NOT NULL DEFAULT now(),
  resolved_at     timestamptz,
  PRIMARY KEY (tenant_id, invoice_id)
);
CREATE INDEX render_failures_pending ON render_failures (last_failed_at) WHERE resolved_at IS NULL;
GRANT SELECT, INSERT, UPDATE ON render_failures TO factflow_chorus_dispatch_app;
