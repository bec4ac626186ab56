-- Least privilege: chorus-dispatch runs as factflow_chorus_dispatch_app (deploy/README.md,
-- "Database roles"). The archive and the exchange log are append-only for it: SELECT and INSERT
-- only (no UPDATE, DELETE, TRUNCATE or DDL), on top of the write-once trigger.
SELECT factflow_grant_common('factflow_chorus_dispatch_app');
GRANT SELECT, INSERT ON archive_objects, exchanges TO factflow_chorus_dispatch_app;

-- TRUNCATE bypasses row triggers: refuse it on the archive even for the owner.
CREATE TRIGGER archive_objects_no_truncate BEFORE TRUNCATE ON archive_objects
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
