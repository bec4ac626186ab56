-- Least privilege and immutability (deploy/README.md, "Database roles").
--
-- invoicing-state runs as factflow_invoicing_state_app with only the DML its code uses. On top
-- of the grants, triggers protect what must never change, whoever the role:
--   * a sent invoice (send_state ENVOYE) is frozen in every column but the few that are filled
--     in after sending, and those only from NULL to a value (see below);
--   * the audit trail is append-only (no UPDATE, DELETE or TRUNCATE);
--   * a numbering series only moves forward, and is never deleted.
-- The documented path for a rewind (restoring a series after a restored backup) is a
-- maintenance transaction of the owner role: ALTER TABLE numbering_series DISABLE TRIGGER
-- numbering_series_forward_only; UPDATE ...; ENABLE TRIGGER. The application role cannot.

SELECT factflow_grant_common('factflow_invoicing_state_app');
GRANT SELECT, INSERT, UPDATE ON tenants TO factflow_invoicing_state_app;
GRANT SELECT, INSERT ON generations, audit_trail TO factflow_invoicing_state_app;
GRANT USAGE ON SEQUENCE audit_trail_id_seq TO factflow_invoicing_state_app;
GRANT SELECT, INSERT ON numbering_series TO factflow_invoicing_state_app;
GRANT UPDATE (next_value) ON numbering_series TO factflow_invoicing_state_app;
GRANT SELECT, INSERT ON invoices TO factflow_invoicing_state_app;
-- The columns the send states, printing, archiving and dematerialisation change.
GRANT UPDATE (send_state, sent_by, sent_at, printed_by, printed_at, archived_at, pdf_sha256,
              xml_sha256, einvoice_path, dematerialised)
  ON invoices TO factflow_invoicing_state_app;

-- After sending, only these columns may be filled in, each once (NULL to a value; the same
-- value again is a harmless replay): the archive record (archived_at, pdf_sha256, xml_sha256,
-- einvoice_path) written when chorus-dispatch archived the invoice, and dematerialised
-- (false to true) when it was deposited. printed_by/printed_at record the last print of the
-- sent invoice (printing does not change it) and may be set again. Everything else, including
-- buyer_name and the numbers, is frozen.
CREATE OR REPLACE FUNCTION forbid_changing_sent_invoices() RETURNS trigger AS $$
DECLARE
  filled_once CONSTANT text[] := ARRAY['archived_at', 'pdf_sha256', 'xml_sha256', 'einvoice_path'];
  mutable CONSTANT text[] := filled_once || ARRAY['printed_by', 'printed_at', 'dematerialised'];
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

CREATE TRIGGER invoices_no_truncate BEFORE TRUNCATE ON invoices
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();

-- The audit trail is append-only.
CREATE FUNCTION audit_trail_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'the audit trail is append-only (% refused)', TG_OP
    USING ERRCODE = 'integrity_constraint_violation';
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_trail_append_only BEFORE UPDATE OR DELETE ON audit_trail
  FOR EACH ROW EXECUTE FUNCTION audit_trail_append_only();
CREATE TRIGGER audit_trail_no_truncate BEFORE TRUNCATE ON audit_trail
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();

-- Numbering series only move forward; their identity and format never change once created.
CREATE FUNCTION numbering_series_forward_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'numbering series % cannot be deleted', OLD.code
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF NEW.next_value < OLD.next_value OR NEW.tenant_id <> OLD.tenant_id OR NEW.code <> OLD.code OR
     NEW.prefix <> OLD.prefix OR NEW.padding <> OLD.padding OR
     NEW.document_kind <> OLD.document_kind THEN
    RAISE EXCEPTION 'numbering series % only moves forward (next value % to % refused)',
      OLD.code, OLD.next_value, NEW.next_value
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER numbering_series_forward_only BEFORE UPDATE OR DELETE ON numbering_series
  FOR EACH ROW EXECUTE FUNCTION numbering_series_forward_only();
CREATE TRIGGER numbering_series_no_truncate BEFORE TRUNCATE ON numbering_series
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
