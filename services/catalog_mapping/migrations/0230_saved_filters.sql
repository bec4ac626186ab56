-- Saved filters ("filtre personnalisé", domain.md section 3): named selections of articles or
-- customers, per tenant, named by the send settings of connectors and by the bulk
-- correspondence list. Criteria are ANDed; an empty one matches everything.
CREATE TABLE saved_filters (
  tenant_id                 text NOT NULL,
  target                    text NOT NULL CHECK (target IN ('ARTICLES', 'CUSTOMERS')),
  name                      text COLLATE "C" NOT NULL,
  description               text NOT NULL DEFAULT '',
  code_prefix               text COLLATE "C" NOT NULL DEFAULT '',
  text_contains             text NOT NULL DEFAULT '',
  families                  text[] NOT NULL DEFAULT '{}',
  only_available_for_export boolean NOT NULL DEFAULT false,
  country_code              text NOT NULL DEFAULT '',
  created_at                timestamptz NOT NULL DEFAULT now(),
  updated_at                timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, target, name)
);

-- Customers are selected by kind and code (keyset pages of a send).
CREATE INDEX parties_by_kind ON parties (tenant_id, kind, code);

SELECT factflow_grant_common('factflow_catalog_mapping_app');
-- Filters are edited and deleted by operators: full DML, no DDL.
GRANT SELECT, INSERT, UPDATE, DELETE ON saved_filters TO factflow_catalog_mapping_app;
