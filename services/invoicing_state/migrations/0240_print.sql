-- Print, preview and bills of exchange (issue 9): the PDFs an operation rendered, kept until
-- the operator has downloaded them, and the print date of a sent invoice recorded once.

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
-- once. 0101's trigger (forbid_changing_sent_invoices) still freezes every other column; this
-- one, beside it, freezes the print record once it is set.
CREATE FUNCTION sent_invoice_print_recorded_once() RETURNS trigger AS $$
BEGIN
  IF OLD.send_state = 'ENVOYE' AND OLD.printed_at IS NOT NULL AND
     (NEW.printed_at IS DISTINCT FROM OLD.printed_at OR
      NEW.printed_by IS DISTINCT FROM OLD.printed_by) THEN
    RAISE EXCEPTION 'invoice % was sent: its first print (%, %) is already recorded',
      OLD.number, OLD.printed_at, OLD.printed_by
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER invoices_sent_print_recorded_once BEFORE UPDATE OF printed_at, printed_by
  ON invoices FOR EACH ROW EXECUTE FUNCTION sent_invoice_print_recorded_once();
