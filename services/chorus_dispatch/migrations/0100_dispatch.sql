-- chorus-dispatch: the write-once archive ("GED") and the exchange log.

CREATE TABLE archive_objects (
  object_id      uuid PRIMARY KEY,
  tenant_id      text NOT NULL,
  invoice_id     uuid NOT NULL,
  invoice_number text NOT NULL,
  kind           text NOT NULL CHECK (kind IN ('invoice-pdf', 'einvoice-cii')),
  media_type     text NOT NULL,
  sha256         text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size           bigint NOT NULL,
  file_name      text NOT NULL,
  content        bytea NOT NULL,
  stored_at      timestamptz NOT NULL DEFAULT now(),
  -- 10 years after the end of the fiscal year of the invoice.
  retain_until   date NOT NULL,
  UNIQUE (tenant_id, invoice_id, kind)
);

-- Write once: an archived object is never updated, and never deleted before its retention date.
CREATE FUNCTION archive_is_write_once() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    RAISE EXCEPTION 'archive object % is write-once', OLD.object_id
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF OLD.retain_until >= current_date THEN
    RAISE EXCEPTION 'archive object % is retained until %', OLD.object_id, OLD.retain_until
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN OLD;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER archive_objects_write_once BEFORE UPDATE OR DELETE ON archive_objects
  FOR EACH ROW EXECUTE FUNCTION archive_is_write_once();

CREATE TABLE exchanges (
  exchange_id uuid PRIMARY KEY,
  tenant_id   text NOT NULL,
  invoice_id  uuid NOT NULL,
  kind        text NOT NULL,
  status      text NOT NULL,
  detail      text NOT NULL,
  at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX exchanges_by_invoice ON exchanges (tenant_id, invoice_id, at);
