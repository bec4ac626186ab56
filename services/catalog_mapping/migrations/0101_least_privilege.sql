-- Least privilege: catalog-mapping runs as factflow_catalog_mapping_app (deploy/README.md,
-- "Database roles"), with only the DML its code uses (correspondences are replaced, so they may
-- be deleted; nothing else is): no TRUNCATE, no DDL.
SELECT factflow_grant_common('factflow_catalog_mapping_app');
GRANT SELECT, INSERT, UPDATE ON articles, parties TO factflow_catalog_mapping_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON correspondences TO factflow_catalog_mapping_app;
