-- E-connectors (domain.md section 3): their settings and the history of their synchronisation
-- reports (one report per reception or send, with one entry per file / document / party).
CREATE TABLE connectors (
  tenant_id                 text NOT NULL,
  code                      text COLLATE "C" NOT NULL,
  link_type                 text NOT NULL,
  communication_mode        text NOT NULL CHECK (communication_mode IN ('CSV_FOLDER', 'WEBSERVICE')),
  -- Relative to the deployment's connector root (FACTFLOW_CONNECTOR_ROOT).
  export_path               text NOT NULL DEFAULT '',
  import_path               text NOT NULL DEFAULT '',
  webservice_url            text NOT NULL DEFAULT '',
  webservice_key            text NOT NULL DEFAULT '',
  send_articles             text NOT NULL DEFAULT 'NONE'
                            CHECK (send_articles IN ('AVAILABLE_FOR_EXPORT', 'FILTER', 'NONE')),
  send_articles_filter      text NOT NULL DEFAULT '',
  send_tariff_category      text NOT NULL DEFAULT '',
  send_unit                 text NOT NULL DEFAULT '',
  send_depot                text NOT NULL DEFAULT '',
  send_customers            text NOT NULL DEFAULT 'NONE'
                            CHECK (send_customers IN ('ALL', 'FILTER', 'NONE')),
  send_customers_filter     text NOT NULL DEFAULT '',
  send_contacts             boolean NOT NULL DEFAULT false,
  reception_document_type   text NOT NULL DEFAULT 'ORDER'
                            CHECK (reception_document_type IN ('ORDER', 'DELIVERY_NOTE')),
  reception_company         text NOT NULL DEFAULT '',
  reception_site            text NOT NULL DEFAULT '',
  reception_depot           text NOT NULL DEFAULT '',
  reception_customer_family text NOT NULL DEFAULT '',
  reception_supplier_family text NOT NULL DEFAULT '',
  reception_mode            text NOT NULL DEFAULT 'MANUAL'
                            CHECK (reception_mode IN ('MANUAL', 'AT_STARTUP')),
  created_at                timestamptz NOT NULL DEFAULT now(),
  updated_at                timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, code)
);

CREATE TABLE sync_reports (
  id             bigserial PRIMARY KEY,
  tenant_id      text NOT NULL,
  connector_code text COLLATE "C" NOT NULL,
  kind           text NOT NULL CHECK (kind IN ('RECEPTION', 'ENVOI')),
  state          text NOT NULL,
  at             timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_id, connector_code) REFERENCES connectors (tenant_id, code)
);
CREATE INDEX sync_reports_by_connector ON sync_reports (tenant_id, connector_code, id DESC);

CREATE TABLE sync_report_entries (
  report_id  bigint NOT NULL REFERENCES sync_reports (id),
  ordinal    integer NOT NULL,
  file_name  text NOT NULL DEFAULT '',
  type       text NOT NULL DEFAULT '',
  identifier text NOT NULL DEFAULT '',
  state      text NOT NULL,
  message    text NOT NULL DEFAULT '',
  PRIMARY KEY (report_id, ordinal)
);

SELECT factflow_grant_common('factflow_catalog_mapping_app');
GRANT SELECT, INSERT, UPDATE ON connectors TO factflow_catalog_mapping_app;
GRANT SELECT, INSERT ON sync_reports, sync_report_entries TO factflow_catalog_mapping_app;
GRANT USAGE ON SEQUENCE sync_reports_id_seq TO factflow_catalog_mapping_app;
