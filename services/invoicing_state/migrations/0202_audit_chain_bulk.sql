-- Bulk audit rows chained by the writer (issue 6: numbering at 20,000 invoices/s and more).
--
-- The row trigger of 0120 hashes each entry in SQL, about 20-35 µs a row, which dominated the
-- set-based generation. The generation path now computes the chain itself (C++, OpenSSL:
-- storage/chained_audit.h) under the same per-tenant advisory lock and COPYs the rows with
-- chain_seq, prev_hash and entry_hash filled in; the row trigger runs only for rows that come
-- without entry_hash (every other path, unchanged).
--
-- Nothing is trusted blindly: the statement trigger checks, set-based, that every statement's
-- rows continue their tenant's chain (sequence head+1, +2... without gap; each prev_hash the
-- previous entry_hash; the first linked to the recorded head) and refuses the statement
-- otherwise. The content hashes are not recomputed here (that is the cost removed); a row whose
-- entry_hash does not match its content is named by VerifyAuditTrail like any tampered entry.
-- The application role could already append any content through the row trigger; what it still
-- cannot do is change, delete, reorder or fork entries.

DROP TRIGGER audit_trail_chain ON audit_trail;
CREATE TRIGGER audit_trail_chain BEFORE INSERT ON audit_trail
  FOR EACH ROW WHEN (NEW.entry_hash IS NULL) EXECUTE FUNCTION audit_trail_chain();

CREATE OR REPLACE FUNCTION audit_trail_chain_heads() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  bad record;
  head record;
BEGIN
  -- Held already by the row trigger or the bulk writer; taken here for any other writer, in
  -- tenant order.
  PERFORM pg_advisory_xact_lock(hashtextextended('factflow.audit_chain:' || t.tenant_id, 0))
    FROM (SELECT DISTINCT tenant_id FROM inserted ORDER BY 1) t;
  SELECT s.tenant_id, s.chain_seq INTO bad
    FROM (SELECT i.tenant_id, i.chain_seq, i.prev_hash,
                 lag(i.chain_seq) OVER w AS before_seq, lag(i.entry_hash) OVER w AS before_hash,
                 row_number() OVER w AS n
            FROM inserted i WINDOW w AS (PARTITION BY i.tenant_id ORDER BY i.chain_seq)) s
    LEFT JOIN audit_chain_heads h ON h.tenant_id = s.tenant_id
   WHERE CASE WHEN s.n = 1
              THEN s.chain_seq <> coalesce(h.last_seq, 0) + 1
                   OR s.prev_hash <> coalesce(h.last_hash, repeat('0', 64))
              ELSE s.chain_seq <> s.before_seq + 1 OR s.prev_hash <> s.before_hash END
   LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'audit entry % of tenant % does not continue its chain', bad.chain_seq,
      bad.tenant_id USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  FOR head IN SELECT DISTINCT ON (tenant_id) tenant_id, chain_seq, entry_hash
                FROM inserted ORDER BY tenant_id, chain_seq DESC LOOP
    INSERT INTO audit_chain_heads (tenant_id, last_seq, last_hash)
      VALUES (head.tenant_id, head.chain_seq, head.entry_hash)
      ON CONFLICT (tenant_id) DO UPDATE
        SET last_seq = EXCLUDED.last_seq, last_hash = EXCLUDED.last_hash
        WHERE audit_chain_heads.last_seq < EXCLUDED.last_seq;
    -- The row trigger's cached head, for the rows this transaction appends next.
    PERFORM set_config('factflow.audit_head_' || md5(head.tenant_id),
                       head.chain_seq::text || ' ' || head.entry_hash, true);
  END LOOP;
  RETURN NULL;
END
$$;
