-- importer: batches of staged documents, their control-grid state, and upload preferences.

CREATE TABLE batch_counters (
  tenant_id   text PRIMARY KEY,
  last_number bigint NOT NULL
);

CREATE TABLE batches (
  batch_id             uuid PRIMARY KEY,
  tenant_id            text NOT NULL,
  batch_number         bigint NOT NULL,
  format               text NOT NULL,
  file_name            text NOT NULL,
  file_sha256          text NOT NULL,
  status               text NOT NULL CHECK (status IN ('STAGED', 'GENERATING', 'GENERATED', 'REJECTED', 'CANCELLED')),
  status_message       text NOT NULL DEFAULT '',
  rows_read            integer NOT NULL,
  document_count       integer NOT NULL,
  valid_document_count integer NOT NULL,
  issue_count          integer NOT NULL,
  total_incl_vat       numeric(18, 4) NOT NULL,
  -- factflow.importer.v1.Batch holding only file_issues
  file_issues          bytea NOT NULL,
  -- factflow.importer.v1.ImportPreferences used for this batch
  preferences          bytea NOT NULL,
  created_by           text NOT NULL,
  created_at           timestamptz NOT NULL DEFAULT now(),
  generation_id        uuid,
  invoice_count        integer NOT NULL DEFAULT 0,
  first_invoice_number text NOT NULL DEFAULT '',
  last_invoice_number  text NOT NULL DEFAULT '',
  UNIQUE (tenant_id, batch_number)
);
CREATE INDEX batches_by_hash ON batches (tenant_id, file_sha256);

CREATE TABLE staged_documents (
  document_id    uuid PRIMARY KEY,
  tenant_id      text NOT NULL,
  batch_id       uuid NOT NULL REFERENCES batches ON DELETE CASCADE,
  position       integer NOT NULL,
  external_id    text NOT NULL,
  checked        boolean NOT NULL,
  valid          boolean NOT NULL,
  total_incl_vat numeric(18, 4) NOT NULL,
  -- factflow.importer.v1.GridDocument: the document, its rows, values and issues
  content        bytea NOT NULL,
  -- Set when the document is frozen for invoicing (GenerateInvoices).
  generation_id  uuid,
  UNIQUE (batch_id, position)
);
CREATE INDEX staged_by_generation ON staged_documents (generation_id, position);

CREATE TABLE import_preferences (
  tenant_id   text NOT NULL,
  format      text NOT NULL,
  preferences bytea NOT NULL,
  PRIMARY KEY (tenant_id, format)
);
