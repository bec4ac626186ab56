-- invoicing-state: tenants, numbering series, invoices, generations, audit trail.

CREATE TABLE tenants (
  tenant_id  text PRIMARY KEY,
  -- factflow.invoicing.v1.Tenant (without its series, kept in numbering_series)
  settings   bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- One gapless counter per (tenant, series). Allocation locks the row (SELECT ... FOR UPDATE),
-- which serialises numbering per series across replicas.
CREATE TABLE numbering_series (
  tenant_id     text NOT NULL REFERENCES tenants,
  code          text NOT NULL,
  prefix        text NOT NULL,
  padding       integer NOT NULL,
  document_kind text NOT NULL,
  next_value    bigint NOT NULL CHECK (next_value >= 1),
  PRIMARY KEY (tenant_id, code)
);

CREATE TABLE invoices (
  invoice_id         uuid PRIMARY KEY,
  tenant_id          text NOT NULL REFERENCES tenants,
  series_code        text NOT NULL,
  sequence_value     bigint NOT NULL,
  number             text NOT NULL CHECK (length(number) <= 35),
  type_code          text NOT NULL,
  issue_date         date NOT NULL,
  send_state         text NOT NULL CHECK (send_state IN ('EN_ATTENTE', 'PRET', 'ENVOYE', 'CONSERVE_INTERNE')),
  batch_id           uuid,
  batch_number       bigint,
  generation_id      uuid,
  source_external_id text,
  buyer_name         text NOT NULL,
  total_with_vat     numeric(18, 2) NOT NULL,
  -- The issued content (factflow.invoicing.v1.Invoice): frozen once sent.
  document           bytea NOT NULL,
  created_by         text NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT now(),
  printed_by         text,
  printed_at         timestamptz,
  sent_by            text,
  sent_at            timestamptz,
  dematerialised     boolean NOT NULL DEFAULT false,
  archived_at        timestamptz,
  pdf_sha256         text,
  xml_sha256         text,
  einvoice_path      text,
  UNIQUE (tenant_id, series_code, sequence_value),
  UNIQUE (tenant_id, number)
);
CREATE INDEX invoices_by_batch ON invoices (tenant_id, batch_id);
CREATE INDEX invoices_by_state ON invoices (tenant_id, send_state);

CREATE TABLE generations (
  generation_id uuid PRIMARY KEY,
  tenant_id     text NOT NULL,
  batch_id      uuid,
  status        text NOT NULL CHECK (status IN ('ISSUED', 'REJECTED')),
  series_code   text,
  first_value   bigint,
  last_value    bigint,
  invoice_count integer NOT NULL DEFAULT 0,
  reason        text,
  processed_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE audit_trail (
  id             bigserial PRIMARY KEY,
  tenant_id      text NOT NULL,
  invoice_id     uuid NOT NULL,
  at             timestamptz NOT NULL DEFAULT now(),
  operator_id    text NOT NULL,
  action         text NOT NULL,
  from_state     text,
  to_state       text,
  detail         text,
  correlation_id text
);
CREATE INDEX audit_by_invoice ON audit_trail (tenant_id, invoice_id, id);

-- A sent invoice never changes and is never deleted: only its print, archive and
-- dematerialisation records may be filled in afterwards.
CREATE FUNCTION forbid_changing_sent_invoices() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.send_state = 'ENVOYE' THEN
      RAISE EXCEPTION 'invoice % was sent: it can no longer be deleted', OLD.number
        USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.send_state = 'ENVOYE' AND (
       NEW.document IS DISTINCT FROM OLD.document OR NEW.number IS DISTINCT FROM OLD.number OR
       NEW.send_state IS DISTINCT FROM OLD.send_state OR
       NEW.total_with_vat IS DISTINCT FROM OLD.total_with_vat OR
       NEW.issue_date IS DISTINCT FROM OLD.issue_date OR NEW.tenant_id IS DISTINCT FROM OLD.tenant_id OR
       NEW.series_code IS DISTINCT FROM OLD.series_code OR
       NEW.sequence_value IS DISTINCT FROM OLD.sequence_value OR
       NEW.sent_at IS DISTINCT FROM OLD.sent_at OR NEW.sent_by IS DISTINCT FROM OLD.sent_by) THEN
    RAISE EXCEPTION 'invoice % was sent: it can no longer be changed', OLD.number
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER invoices_immutable_once_sent BEFORE UPDATE OR DELETE ON invoices
  FOR EACH ROW EXECUTE FUNCTION forbid_changing_sent_invoices();
