-- Least privilege: the importer runs as factflow_importer_app (deploy/README.md, "Database
-- roles"), with only the DML its code uses: no DELETE, no TRUNCATE, no DDL.
SELECT factflow_grant_common('factflow_importer_app');
GRANT SELECT, INSERT, UPDATE ON batch_counters, batches, staged_documents, import_preferences
  TO factflow_importer_app;
