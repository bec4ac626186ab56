-- The invoice template chosen at import (issue 7): the importer's preferences reach
-- GetApprovedDocuments; every generated invoice now keeps it (also in its content,
-- Invoice.invoice_template), so that the rendering can follow it. Manual documents and the
-- invoices issued before this migration use "standard", the only template today.
ALTER TABLE invoices ADD COLUMN invoice_template text NOT NULL DEFAULT 'standard'
  CHECK (length(invoice_template) BETWEEN 1 AND 64);
-- No new grant: the service role inserts invoices (0101) and never updates this column.
