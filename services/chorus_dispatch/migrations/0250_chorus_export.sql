-- The Chorus Pro export (seed 003, domain.md §5).
--
-- chorus_queue gains what the export selects and judges on, copied when the invoice is queued
-- (a sent invoice never changes, so neither do these): issue date, type, the buyer's customer
-- code and Chorus option, the total, and the blocking CHORUS/EN 16931 findings of the rule
-- engine at that time. Rows queued before this migration have no issue date: the export lists
-- them with an anomaly asking to re-queue them (factflowctl chorus requeue is not built), so
-- they are never exported blind.
ALTER TABLE chorus_queue
  ADD COLUMN issue_date       date,
  ADD COLUMN type_code        text NOT NULL DEFAULT '380',
  ADD COLUMN customer_code    text NOT NULL DEFAULT '',
  ADD COLUMN export_to_chorus boolean NOT NULL DEFAULT false,
  ADD COLUMN total_with_vat   numeric(18, 2),
  ADD COLUMN anomalies        text[] NOT NULL DEFAULT '{}';
CREATE INDEX chorus_queue_by_date ON chorus_queue (tenant_id, issue_date, invoice_number);

-- One export: the operator's window (customers, period, re-export option), then the run.
CREATE TABLE chorus_exports (
  export_id                uuid PRIMARY KEY,
  tenant_id                text NOT NULL,
  created_by               text NOT NULL,
  created_at               timestamptz NOT NULL DEFAULT now(),
  customer_codes           text[] NOT NULL,
  date_from                date,
  date_to                  date,
  include_already_exported boolean NOT NULL,
  syntax                   text NOT NULL DEFAULT 'FACTURX' CHECK (syntax IN ('FACTURX', 'CII')),
  state                    text NOT NULL DEFAULT 'PREPARED'
                           CHECK (state IN ('PREPARED', 'RUNNING', 'SUCCEEDED', 'FAILED')),
  total                    integer NOT NULL DEFAULT 0,
  done                     integer NOT NULL DEFAULT 0,
  step                     text NOT NULL DEFAULT '',
  error                    text,
  finished_at              timestamptz
);
CREATE INDEX chorus_exports_running ON chorus_exports (state) WHERE state = 'RUNNING';

-- The candidates of an export, with their anomalies and what became of them.
CREATE TABLE chorus_export_items (
  export_id        uuid NOT NULL REFERENCES chorus_exports,
  tenant_id        text NOT NULL,
  invoice_id       uuid NOT NULL,
  invoice_number   text NOT NULL,
  issue_date       date,
  type_code        text NOT NULL,
  customer_code    text NOT NULL,
  total_with_vat   numeric(18, 2),
  anomalies        text[] NOT NULL,
  already_exported boolean NOT NULL,
  included         boolean NOT NULL,
  lot              integer,
  file_name        text,
  sha256           text,
  size             bigint,
  left_out_reason  text,
  PRIMARY KEY (export_id, invoice_number)
);

-- The ZIP lots written (within Chorus Pro's limits), with their hash.
CREATE TABLE chorus_export_lots (
  export_id uuid NOT NULL REFERENCES chorus_exports,
  lot       integer NOT NULL,
  file_name text NOT NULL,
  sha256    text NOT NULL,
  size      bigint NOT NULL,
  documents integer NOT NULL,
  PRIMARY KEY (export_id, lot)
);

-- Every invoice ever exported, per export (append-only): "already exported" is read here.
CREATE TABLE chorus_exported (
  tenant_id   text NOT NULL,
  invoice_id  uuid NOT NULL,
  export_id   uuid NOT NULL REFERENCES chorus_exports,
  exported_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, invoice_id, export_id)
);

GRANT SELECT, INSERT, UPDATE ON chorus_exports, chorus_export_items TO factflow_chorus_dispatch_app;
GRANT SELECT, INSERT ON chorus_export_lots, chorus_exported TO factflow_chorus_dispatch_app;
