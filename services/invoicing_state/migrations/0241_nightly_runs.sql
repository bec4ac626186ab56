-- The month-end nightly send (issue 9): one row per tenant and night that was run, so that a
-- second run of the same night (the CronJob retried, an operator by hand) returns the first
-- run's SEND operation instead of sending again. Append-only.
CREATE TABLE nightly_runs (
  tenant_id    text NOT NULL REFERENCES tenants,
  night        date NOT NULL,
  operation_id uuid NOT NULL REFERENCES operations,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, night)
);

GRANT SELECT, INSERT ON nightly_runs TO factflow_invoicing_state_app;
