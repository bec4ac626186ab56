-- catalog-mapping: the tenant's articles, parties and external-code correspondences.
-- Codes use the "C" collation so that paging by code (code > page token) is byte order,
-- independent of the server's locale.

CREATE TABLE articles (
  tenant_id            text NOT NULL,
  code                 text COLLATE "C" NOT NULL,
  label                text NOT NULL,
  unit_code            text NOT NULL,
  vat_rate             numeric(7, 4) NOT NULL,
  available_for_export boolean NOT NULL DEFAULT false,
  family               text NOT NULL DEFAULT '',
  unit_price_excl_vat  numeric(18, 4),
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, code)
);
CREATE INDEX articles_for_export ON articles (tenant_id, code) WHERE available_for_export;

CREATE TABLE correspondences (
  tenant_id      text NOT NULL,
  connector_code text COLLATE "C" NOT NULL,
  external_code  text COLLATE "C" NOT NULL,
  article_code   text COLLATE "C" NOT NULL,
  updated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, connector_code, external_code),
  FOREIGN KEY (tenant_id, article_code) REFERENCES articles (tenant_id, code)
);
CREATE INDEX correspondences_by_article ON correspondences (tenant_id, article_code);

CREATE TABLE parties (
  tenant_id        text NOT NULL,
  code             text COLLATE "C" NOT NULL,
  kind             text NOT NULL CHECK (kind IN ('CLIENT', 'FOURNISSEUR', 'CONTACT')),
  name             text NOT NULL,
  family           text NOT NULL DEFAULT '',
  -- PostalAddress as a JSON object (line1, line2, line3, postal_code, city, country_code);
  -- NULL when the party has none.
  billing_address  jsonb,
  delivery_address jsonb,
  siret            text NOT NULL DEFAULT '' CHECK (siret = '' OR siret ~ '^[0-9]{14}$'),
  vat_number       text NOT NULL DEFAULT '',
  email            text NOT NULL DEFAULT '',
  phone            text NOT NULL DEFAULT '',
  export_to_chorus boolean NOT NULL DEFAULT false,
  service_code     text NOT NULL DEFAULT '',
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, code)
);
