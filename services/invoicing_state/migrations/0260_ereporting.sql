-- E-reporting (InvoiceService.ExportEReporting) reads a tenant's invoices of one month in
-- keyset pages (issue_date range, then invoice_id): this index serves that walk.
CREATE INDEX invoices_by_issue_date ON invoices (tenant_id, issue_date, invoice_id);
