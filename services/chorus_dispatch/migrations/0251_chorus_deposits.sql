-- Deposits of Chorus export lots on Chorus Pro through PISTE (domain.md §6), and each invoice's
-- life there.
--
-- One deposit per lot of an export (UNIQUE): a lot is never deposited twice. Protocol as for the
-- customers' e-mails (0120): the depositor claims a PENDING row (SENDING, attempts + 1, a lease)
-- and commits BEFORE calling Chorus Pro, then records DEPOSITED with the flux number, or PENDING
-- again with the next attempt time (back-off), or FAILED. A SENDING row whose lease ran out may
-- or may not have reached Chorus Pro: it becomes UNCERTAIN and is never sent again on its own
-- (factflowctl chorus retry, after checking on Chorus Pro). DEPOSITED rows are polled
-- (consulterCR) until INTEGRATED or REJECTED.
CREATE TABLE chorus_deposits (
  deposit_id      uuid PRIMARY KEY,
  tenant_id       text NOT NULL,
  export_id       uuid NOT NULL REFERENCES chorus_exports,
  lot             integer NOT NULL,
  file_name       text NOT NULL,
  syntax_flux     text NOT NULL,
  status          text NOT NULL DEFAULT 'PENDING' CHECK (status IN
                  ('PENDING', 'SENDING', 'DEPOSITED', 'INTEGRATED', 'REJECTED', 'FAILED',
                   'UNCERTAIN')),
  flux_number     text,
  attempts        integer NOT NULL DEFAULT 0,
  last_error      text,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  lease_until     timestamptz,
  created_by      text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  deposited_at    timestamptz,
  settled_at      timestamptz,
  UNIQUE (tenant_id, export_id, lot)
);
CREATE INDEX chorus_deposits_due ON chorus_deposits (next_attempt_at)
  WHERE status IN ('PENDING', 'DEPOSITED');
CREATE INDEX chorus_deposits_sending ON chorus_deposits (lease_until) WHERE status = 'SENDING';

-- Each invoice's state on Chorus Pro, one row per invoice: an invoice is deposited again only
-- when Chorus Pro rejected it (REJETEE, A_RECYCLER) or its deposit failed; the new deposit keeps
-- the previous one as its lineage (previous_deposit_id).
CREATE TABLE chorus_invoice_statuses (
  tenant_id           text NOT NULL,
  invoice_id          uuid NOT NULL,
  invoice_number      text NOT NULL,
  deposit_id          uuid NOT NULL REFERENCES chorus_deposits,
  previous_deposit_id uuid REFERENCES chorus_deposits,
  status              text NOT NULL,
  field               text,
  reason              text,
  updated_at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, invoice_id)
);
CREATE INDEX chorus_invoice_statuses_by_deposit ON chorus_invoice_statuses (deposit_id);

GRANT SELECT, INSERT, UPDATE ON chorus_deposits, chorus_invoice_statuses
  TO factflow_chorus_dispatch_app;
