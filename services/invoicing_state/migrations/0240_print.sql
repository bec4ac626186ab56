-- Print, preview and bills of exchange (issue 9): the PDFs an operation rendered, kept until the operator has
-- downloaded them, and the print date of a sent invoice recorded once.

-- One rendered PDF per invoice of a PRINT or PREVIEW operation, in selection order. Read back
-- page by page (keyset on position) by DownloadPrint, which streams them as a ZIP. Rows older
-- than two days are purged by the service when a print operation finishes.
CREATE TABLE print_files (
  operation_id uuid NOT NULL REFERENCES operations,
  position     integer NOT NULL,
  tenant_id    text NOT NULL,
  invoice_id   uuid NOT NULL,
  number       text NOT NULL,
  -- A reprint: the invoice had a print date before this print; the PDF carries "DUPLICATA".
  duplicate    boolean NOT NULL,
  pdf          bytea NOT NULL,
  -- Bills of exchange by LCR: the CFONB detail record of the remittance file (160 characters,
  -- sequence number 0; DownloadPrint numbers the records).
  cfonb_record text CHECK (length(cfonb_record) = 160),
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (operation_id, position)
);
CREATE INDEX print_files_by_age ON print_files (created_at);

GRANT SELECT, INSERT, DELETE ON print_files TO factflow_invoicing_state_app;

-- The print date and printing operator are those of the FIRST print: a later print is a
-- duplicata and records nothing on the invoice. For a sent invoice this is the one legitimate
-- change after sending, through this narrow path: printed_by/printed_at from NULL to a value,
-- once (0101 let them change again).
CREATE OR REPLACE FUNCTION forbid_changing_sent_invoices() RETURNS trigger AS $$
DECLARE
  filled_once CONSTANT text[] := ARRAY['archived_at', 'pdf_sha256', 'xml_sha256', 'einvoice_path',
                                       'printed_by', 'printed_at'];
  mutable CONSTANT text[] := filled_once || ARRAY['dematerialised'];
  old_row jsonb;
  new_row jsonb;
  col text;
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.send_state = 'ENVOYE' THEN
      RAISE EXCEPTION 'invoice % was sent: it can no longer be deleted', OLD.number
        USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.send_state <> 'ENVOYE' THEN
    RETURN NEW;
  END IF;
  old_row := to_jsonb(OLD);
  new_row := to_jsonb(NEW);
  IF (old_row - mutable) IS DISTINCT FROM (new_row - mutable) THEN
    RAISE EXCEPTION 'invoice % was sent: it can no longer be changed', OLD.number
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  FOREACH col IN ARRAY filled_once LOOP
    IF old_row -> col <> 'null'::jsonb AND (old_row -> col) IS DISTINCT FROM (new_row -> col) THEN
      RAISE EXCEPTION 'invoice % was sent: % is already recorded', OLD.number, col
        USING ERRCODE = 'integrity_constraint_violation';
    END IF;
  END LOOP;
  IF OLD.dematerialised AND NOT NEW.dematerialised THEN
    RAISE EXCEPTION 'invoice % was sent: dematerialised cannot be undone', OLD.number
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END
$$ LANGUAGE plpgsql;
