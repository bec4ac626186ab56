-- E-connector reception (domain.md sections 3 and 7): files received (by content hash, so the
-- same file is never received twice) and the documents they carried, integrated or waiting in
-- quarantine for missing correspondences.
CREATE TABLE received_files (
  tenant_id      text NOT NULL,
  connector_code text COLLATE "C" NOT NULL,
  sha256         text NOT NULL,
  file_name      text NOT NULL,
  kind           text NOT NULL CHECK (kind IN ('DOCUMENTS', 'TIERS')),
  received_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, connector_code, sha256)
);

CREATE TABLE received_documents (
  tenant_id      text NOT NULL,
  connector_code text COLLATE "C" NOT NULL,
  document_id    text COLLATE "C" NOT NULL,
  kind           text NOT NULL CHECK (kind IN ('ORDER', 'DELIVERY_NOTE')),
  document_date  date NOT NULL,
  customer_code  text NOT NULL,
  payment_mode   text NOT NULL DEFAULT '',
  total_incl_vat numeric(18, 4) NOT NULL,
  -- [{"article": external code, "label", "quantity", "unit_price_incl_vat", "vat_rate"}]
  lines          jsonb NOT NULL,
  status         text NOT NULL CHECK (status IN ('INTEGRATED', 'QUARANTINE')),
  file_name      text NOT NULL,
  received_at    timestamptz NOT NULL DEFAULT now(),
  released_at    timestamptz,
  PRIMARY KEY (tenant_id, connector_code, document_id)
);
CREATE INDEX received_documents_quarantine ON received_documents (tenant_id, connector_code)
  WHERE status = 'QUARANTINE';

SELECT factflow_grant_common('factflow_catalog_mapping_app');
GRANT SELECT, INSERT ON received_files TO factflow_catalog_mapping_app;
GRANT SELECT, INSERT, UPDATE ON received_documents TO factflow_catalog_mapping_app;
