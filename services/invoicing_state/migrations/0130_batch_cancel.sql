-- Cancelling an import batch ("Suppr. Import", domain.md §2.5) and the numbering audit's start.
--
-- 1. numbering_series.first_value: the value the series was created with (a series may start at
--    500). CheckNumbering audits the chain from there, and a rewind never goes below it. It is
--    set from next_value at creation (trigger) and never changes.
-- 2. The one controlled exception to "a numbering series only moves forward":
--    cancel_batch_invoices(), a SECURITY DEFINER function owned by the owner role. In the
--    caller's transaction it deletes one batch's invoices and gives their block back to each
--    series they used, only when that block is exactly the tail of the series
--    (next_value = last + 1, contiguous, not below first_value) and none of the invoices left
--    EN_ATTENTE/PRET, was printed or archived. The forward-only trigger lets next_value go back
--    only to the value the function announced (transaction-local setting) and only when the
--    statement runs as the table owner: the application role cannot rewind a series, even by
--    setting the same variable. Every rewind is recorded in numbering_rewinds (append-only) and
--    in the audit trail of each deleted invoice.

ALTER TABLE numbering_series ADD COLUMN first_value bigint;
UPDATE numbering_series ns
   SET first_value = COALESCE((SELECT min(i.sequence_value) FROM invoices i
                                WHERE i.tenant_id = ns.tenant_id AND i.series_code = ns.code),
                              ns.next_value);
ALTER TABLE numbering_series ALTER COLUMN first_value SET NOT NULL;
ALTER TABLE numbering_series ADD CONSTRAINT numbering_series_first_value
  CHECK (first_value >= 1 AND first_value <= next_value);

-- first_value is the next_value given at creation, whatever the inserting statement says.
CREATE FUNCTION numbering_series_set_first_value() RETURNS trigger AS $$
BEGIN
  NEW.first_value := NEW.next_value;
  RETURN NEW;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER numbering_series_first_value BEFORE INSERT ON numbering_series
  FOR EACH ROW EXECUTE FUNCTION numbering_series_set_first_value();

-- As in 0101, plus: first_value never changes, and next_value may go back only to the value
-- cancel_batch_invoices() announced for this row, as the table owner.
CREATE OR REPLACE FUNCTION numbering_series_forward_only() RETURNS trigger AS $$
DECLARE
  rewind_allowed boolean;
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'numbering series % cannot be deleted', OLD.code
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  -- COALESCE: without the setting the comparison is NULL, which must mean "not allowed".
  rewind_allowed :=
    COALESCE(current_setting('factflow.numbering_rewind', true) =
               OLD.tenant_id || '/' || OLD.code || '/' || NEW.next_value::text, false)
    AND current_user = (SELECT pg_get_userbyid(c.relowner) FROM pg_class c WHERE c.oid = TG_RELID);
  IF (NEW.next_value < OLD.next_value AND NOT rewind_allowed) OR
     NEW.tenant_id <> OLD.tenant_id OR NEW.code <> OLD.code OR
     NEW.prefix <> OLD.prefix OR NEW.padding <> OLD.padding OR
     NEW.document_kind <> OLD.document_kind OR NEW.first_value <> OLD.first_value THEN
    RAISE EXCEPTION 'numbering series % only moves forward (next value % to % refused)',
      OLD.code, OLD.next_value, NEW.next_value
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

-- Every block given back by a batch cancel: append-only.
CREATE TABLE numbering_rewinds (
  id              bigserial PRIMARY KEY,
  tenant_id       text NOT NULL,
  series_code     text NOT NULL,
  batch_id        uuid NOT NULL,
  batch_number    bigint,
  first_value     bigint NOT NULL,
  last_value      bigint NOT NULL,
  invoice_count   bigint NOT NULL,
  operator_id     text NOT NULL,
  correlation_id  text,
  at              timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX numbering_rewinds_by_batch ON numbering_rewinds (tenant_id, batch_id);
CREATE FUNCTION numbering_rewinds_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'numbering_rewinds is append-only (% refused)', TG_OP
    USING ERRCODE = 'integrity_constraint_violation';
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER numbering_rewinds_append_only BEFORE UPDATE OR DELETE ON numbering_rewinds
  FOR EACH ROW EXECUTE FUNCTION numbering_rewinds_append_only();
CREATE TRIGGER numbering_rewinds_no_truncate BEFORE TRUNCATE ON numbering_rewinds
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();

-- Deletes the invoices of batch p_batch and rewinds every series they used; one row per series
-- (its code, the block given back, the invoice count). No row: the batch has no invoice
-- (never generated, or already cancelled). The caller locks the tenant's series and checks the
-- rules first to explain a refusal in French; this function checks them again and raises
-- integrity_constraint_violation when one does not hold, so that nothing else can rewind.
CREATE FUNCTION cancel_batch_invoices(p_tenant text, p_batch uuid, p_operator text,
                                      p_correlation text)
RETURNS TABLE (out_series text, out_first bigint, out_last bigint, out_count bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  s record;
  blocked bigint;
BEGIN
  IF EXISTS (
       SELECT 1 FROM invoices c
         LEFT JOIN numbering_series cs ON cs.tenant_id = c.tenant_id AND cs.code = c.series_code
        WHERE c.tenant_id = p_tenant AND (cs.document_kind = 'CREDIT_NOTE' OR c.type_code = '381')
          AND c.batch_id IS DISTINCT FROM p_batch
          AND c.created_at > (SELECT min(b.created_at) FROM invoices b
                               WHERE b.tenant_id = p_tenant AND b.batch_id = p_batch)) THEN
    RAISE EXCEPTION 'batch %: a credit note was made after it', p_batch
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  FOR s IN
    SELECT i.series_code AS code, min(i.sequence_value) AS lo, max(i.sequence_value) AS hi,
           count(*) AS n, min(i.batch_number) AS batch_number
      FROM invoices i
     WHERE i.tenant_id = p_tenant AND i.batch_id = p_batch
     GROUP BY i.series_code ORDER BY i.series_code
  LOOP
    PERFORM 1 FROM numbering_series ns
      WHERE ns.tenant_id = p_tenant AND ns.code = s.code FOR UPDATE;
    IF s.n <> s.hi - s.lo + 1 OR NOT EXISTS (
         SELECT 1 FROM numbering_series ns
          WHERE ns.tenant_id = p_tenant AND ns.code = s.code AND ns.next_value = s.hi + 1
            AND ns.first_value <= s.lo) THEN
      RAISE EXCEPTION 'batch % is not the tail of series %: it cannot be cancelled', p_batch, s.code
        USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    SELECT count(*) INTO blocked FROM invoices i
     WHERE i.tenant_id = p_tenant AND i.batch_id = p_batch AND i.series_code = s.code
       AND (i.send_state NOT IN ('EN_ATTENTE', 'PRET') OR i.printed_at IS NOT NULL OR
            i.archived_at IS NOT NULL);
    IF blocked > 0 THEN
      RAISE EXCEPTION 'batch %: % invoices were sent, printed or archived', p_batch, blocked
        USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    INSERT INTO audit_trail (tenant_id, invoice_id, operator_id, action, from_state, to_state,
                             detail, correlation_id)
    SELECT p_tenant, i.invoice_id, p_operator, 'BATCH_CANCEL', i.send_state, NULL,
           'lot n° ' || COALESCE(i.batch_number::text, '?') || ' annulé : facture ' || i.number ||
           ' supprimée, numéro rendu à la série ' || s.code,
           NULLIF(p_correlation, '')
      FROM invoices i
     WHERE i.tenant_id = p_tenant AND i.batch_id = p_batch AND i.series_code = s.code
     ORDER BY i.sequence_value;
    DELETE FROM invoices i
     WHERE i.tenant_id = p_tenant AND i.batch_id = p_batch AND i.series_code = s.code;
    PERFORM set_config('factflow.numbering_rewind', p_tenant || '/' || s.code || '/' || s.lo::text,
                       true);
    UPDATE numbering_series ns SET next_value = s.lo
     WHERE ns.tenant_id = p_tenant AND ns.code = s.code;
    PERFORM set_config('factflow.numbering_rewind', '', true);
    INSERT INTO numbering_rewinds (tenant_id, series_code, batch_id, batch_number, first_value,
                                   last_value, invoice_count, operator_id, correlation_id)
    VALUES (p_tenant, s.code, p_batch, s.batch_number, s.lo, s.hi, s.n, p_operator,
            NULLIF(p_correlation, ''));
    out_series := s.code;
    out_first := s.lo;
    out_last := s.hi;
    out_count := s.n;
    RETURN NEXT;
  END LOOP;
END
$$;
REVOKE ALL ON FUNCTION cancel_batch_invoices(text, uuid, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION cancel_batch_invoices(text, uuid, text, text)
  TO factflow_invoicing_state_app;
GRANT SELECT ON numbering_rewinds TO factflow_invoicing_state_app;
