-- Tenant import profiles (issue 7, domain.md §7): a tenant's declarative CSV/xlsx formats,
-- uploaded with format "profil:<name>". At most 100 per tenant (checked by SaveImportProfile).
CREATE TABLE import_profiles (
  tenant_id  text NOT NULL,
  name       text NOT NULL CHECK (name ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
  -- factflow.importer.v1.ImportProfile as saved (validated by SaveImportProfile)
  definition bytea NOT NULL,
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, name)
);

-- Least privilege (0101): profiles are settings, not records: the importer may replace and delete
-- them (a profile in use cannot be deleted: SaveImportProfile/DeleteImportProfile check the
-- tenant's activated formats; batches keep their format code).
GRANT SELECT, INSERT, UPDATE, DELETE ON import_profiles TO factflow_importer_app;
