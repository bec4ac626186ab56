-- Credit notes ("avoirs") and what they credit: each credit note corrects exactly one invoice,
-- line by line, and the sum of the credited quantities of a line never exceeds the invoiced
-- quantity (checked by CreateCreditNote under the invoice's row lock). Both tables are
-- append-only: a credit note, once issued, is never changed either.

CREATE TABLE credit_note_links (
  credit_note_id  uuid PRIMARY KEY REFERENCES invoices,
  tenant_id       text NOT NULL,
  invoice_id      uuid NOT NULL REFERENCES invoices,
  total_with_vat  numeric(18, 2) NOT NULL CHECK (total_with_vat >= 0),
  reason          text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX credit_note_links_by_invoice ON credit_note_links (tenant_id, invoice_id);

CREATE TABLE credited_lines (
  credit_note_id  uuid NOT NULL REFERENCES credit_note_links,
  tenant_id       text NOT NULL,
  invoice_id      uuid NOT NULL,
  line_number     integer NOT NULL,
  quantity        numeric(18, 4) NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (credit_note_id, line_number)
);
CREATE INDEX credited_lines_by_invoice ON credited_lines (tenant_id, invoice_id, line_number);

CREATE FUNCTION credit_notes_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'credit notes are append-only (% on % refused)', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'integrity_constraint_violation';
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER credit_note_links_append_only BEFORE UPDATE OR DELETE ON credit_note_links
  FOR EACH ROW EXECUTE FUNCTION credit_notes_append_only();
CREATE TRIGGER credited_lines_append_only BEFORE UPDATE OR DELETE ON credited_lines
  FOR EACH ROW EXECUTE FUNCTION credit_notes_append_only();
CREATE TRIGGER credit_note_links_no_truncate BEFORE TRUNCATE ON credit_note_links
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER credited_lines_no_truncate BEFORE TRUNCATE ON credited_lines
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();

GRANT SELECT, INSERT ON credit_note_links, credited_lines TO factflow_invoicing_state_app;
