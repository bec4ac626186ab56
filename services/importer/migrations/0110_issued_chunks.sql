-- InvoicesIssued arrives in chunks (at most 1,000 invoices each): the chunks recorded so far,
-- so that a batch becomes GENERATED only once its whole generation was reported, and a chunk
-- delivered twice counts once.
CREATE TABLE issued_chunks (
  generation_id uuid NOT NULL,
  chunk_index   integer NOT NULL,
  chunk_count   integer NOT NULL,
  invoice_count integer NOT NULL,
  PRIMARY KEY (generation_id, chunk_index)
);

-- The control grid's "only invalid documents" pages (keyset on position).
CREATE INDEX staged_invalid_by_batch ON staged_documents (batch_id, position) WHERE NOT valid;

-- Least privilege (0101): the importer records and reads the chunks, nothing more.
GRANT SELECT, INSERT ON issued_chunks TO factflow_importer_app;
