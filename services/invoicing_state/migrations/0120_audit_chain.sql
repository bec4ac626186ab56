-- The audit trail as a per-tenant hash chain (in the spirit of NF525 and Dolibarr's blocked
-- log). Every row gets, whoever inserts it and however (single or set-based INSERT):
--   chain_seq   1, 2, 3... per tenant, in chain order;
--   prev_hash   the entry_hash of the previous entry of the tenant (64 zeros for the first);
--   entry_hash  sha256(prev_hash || '|' || canonical content), lowercase hex.
-- The canonical content (domain/audit_chain.h computes the same in C++ to verify) is each of
--   tenant_id, chain_seq, invoice_id, at (microseconds since the epoch), operator_id, action,
--   from_state, to_state, detail, correlation_id
-- written as "<octet length>:<value>;" ("-;" for NULL). audit_chain_heads keeps the last
-- sequence and hash of every tenant, so that a deleted tail is detected too; only the owner
-- role writes it (the trigger functions run as their owner, SECURITY DEFINER).
--
-- Concurrency: the first audit row of a transaction for a tenant takes a transaction-level
-- advisory lock on that tenant's chain; the head is then cached in a transaction-local setting,
-- so a set-based INSERT of many rows costs one hash per row and nothing else.

ALTER TABLE audit_trail ADD COLUMN chain_seq bigint;
ALTER TABLE audit_trail ADD COLUMN prev_hash text;
ALTER TABLE audit_trail ADD COLUMN entry_hash text;
CREATE INDEX audit_trail_chain ON audit_trail (tenant_id, chain_seq);

CREATE TABLE audit_chain_heads (
  tenant_id  text PRIMARY KEY,
  last_seq   bigint NOT NULL,
  last_hash  text NOT NULL
);

CREATE FUNCTION audit_canonical_field(value text) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN value IS NULL THEN '-;' ELSE octet_length(value)::text || ':' || value || ';' END
$$;

CREATE FUNCTION audit_entry_hash(prev_hash text, tenant_id text, chain_seq bigint, invoice_id uuid,
                                 at timestamptz, operator_id text, action text, from_state text,
                                 to_state text, detail text, correlation_id text) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$
  SELECT encode(sha256(convert_to(
    prev_hash || '|' ||
    audit_canonical_field(tenant_id) || audit_canonical_field(chain_seq::text) ||
    audit_canonical_field(invoice_id::text) ||
    audit_canonical_field(((extract(epoch FROM at) * 1000000)::bigint)::text) ||
    audit_canonical_field(operator_id) || audit_canonical_field(action) ||
    audit_canonical_field(from_state) || audit_canonical_field(to_state) ||
    audit_canonical_field(detail) || audit_canonical_field(correlation_id), 'UTF8')), 'hex')
$$;

CREATE FUNCTION audit_trail_chain() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  setting text := 'factflow.audit_head_' || md5(NEW.tenant_id);
  cached text := current_setting(setting, true);
  seq bigint;
  prev text;
BEGIN
  IF cached IS NULL OR cached = '' THEN
    PERFORM pg_advisory_xact_lock(hashtextextended('factflow.audit_chain:' || NEW.tenant_id, 0));
    SELECT last_seq, last_hash INTO seq, prev FROM audit_chain_heads WHERE tenant_id = NEW.tenant_id;
    IF NOT FOUND THEN
      seq := 0;
      prev := repeat('0', 64);
    END IF;
  ELSE
    seq := split_part(cached, ' ', 1)::bigint;
    prev := split_part(cached, ' ', 2);
  END IF;
  -- The time is part of the hash at microsecond precision: fix it now.
  NEW.at := coalesce(NEW.at, now());
  NEW.chain_seq := seq + 1;
  NEW.prev_hash := prev;
  NEW.entry_hash := audit_entry_hash(prev, NEW.tenant_id, NEW.chain_seq, NEW.invoice_id, NEW.at,
                                     NEW.operator_id, NEW.action, NEW.from_state, NEW.to_state,
                                     NEW.detail, NEW.correlation_id);
  PERFORM set_config(setting, NEW.chain_seq::text || ' ' || NEW.entry_hash, true);
  RETURN NEW;
END
$$;

-- Runs once per statement: the last entry of each tenant the statement chained becomes its head.
CREATE FUNCTION audit_trail_chain_heads() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
  INSERT INTO audit_chain_heads (tenant_id, last_seq, last_hash)
  SELECT DISTINCT ON (tenant_id) tenant_id, chain_seq, entry_hash
    FROM inserted ORDER BY tenant_id, chain_seq DESC
  ON CONFLICT (tenant_id) DO UPDATE
    SET last_seq = EXCLUDED.last_seq, last_hash = EXCLUDED.last_hash
    WHERE audit_chain_heads.last_seq < EXCLUDED.last_seq;
  RETURN NULL;
END
$$;

-- The rows already there are chained in their id order (they predate the chain).
DO $$
DECLARE
  r record;
  seq bigint;
  prev text;
  current_tenant text := NULL;
BEGIN
  ALTER TABLE audit_trail DISABLE TRIGGER audit_trail_append_only;
  FOR r IN SELECT * FROM audit_trail ORDER BY tenant_id, id LOOP
    IF current_tenant IS DISTINCT FROM r.tenant_id THEN
      IF current_tenant IS NOT NULL THEN
        INSERT INTO audit_chain_heads VALUES (current_tenant, seq, prev);
      END IF;
      current_tenant := r.tenant_id;
      seq := 0;
      prev := repeat('0', 64);
    END IF;
    seq := seq + 1;
    UPDATE audit_trail SET chain_seq = seq, prev_hash = prev,
        entry_hash = audit_entry_hash(prev, r.tenant_id, seq, r.invoice_id, r.at, r.operator_id,
                                      r.action, r.from_state, r.to_state, r.detail,
                                      r.correlation_id)
      WHERE id = r.id RETURNING entry_hash INTO prev;
  END LOOP;
  IF current_tenant IS NOT NULL THEN
    INSERT INTO audit_chain_heads VALUES (current_tenant, seq, prev);
  END IF;
  ALTER TABLE audit_trail ENABLE TRIGGER audit_trail_append_only;
END
$$;

ALTER TABLE audit_trail ALTER COLUMN chain_seq SET NOT NULL;
ALTER TABLE audit_trail ALTER COLUMN prev_hash SET NOT NULL;
ALTER TABLE audit_trail ALTER COLUMN entry_hash SET NOT NULL;

CREATE TRIGGER audit_trail_chain BEFORE INSERT ON audit_trail
  FOR EACH ROW EXECUTE FUNCTION audit_trail_chain();
CREATE TRIGGER audit_trail_chain_heads AFTER INSERT ON audit_trail
  REFERENCING NEW TABLE AS inserted
  FOR EACH STATEMENT EXECUTE FUNCTION audit_trail_chain_heads();

-- The application role reads the chain (VerifyAuditTrail) and its heads; it writes neither:
-- the triggers above do, as the owner.
GRANT SELECT ON audit_chain_heads TO factflow_invoicing_state_app;
