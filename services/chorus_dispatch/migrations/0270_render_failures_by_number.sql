-- Operators page through a tenant's render failures by invoice number (ListRenderFailures,
-- `factflowctl archive failures`): keyset pages on this index, never OFFSET.
CREATE INDEX render_failures_by_number ON render_failures (tenant_id, invoice_number);
