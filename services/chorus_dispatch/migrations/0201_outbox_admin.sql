-- Outbox repair (services/common/outbox/admin.h): the relay records its failures on the row,
-- an administrator parks a row or republishes it; only these columns, no DELETE of unpublished rows.
SELECT factflow_grant_outbox_admin('factflow_chorus_dispatch_app');
