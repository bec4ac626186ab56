-- The control grid on the server (issue 7): the columns its filters, sorts and totals read, and
-- the values the calculator (ApplyColumnValue) sets on every checked document in one UPDATE.
--
-- The document's content (a GridDocument blob) stays as parsed or last edited; a calculator
-- value lives in its set_* column and overrides the content when the document is read
-- (storage/grid_repository.cc), so applying a value to 100,000 rows is one set-based statement.
ALTER TABLE staged_documents
  ADD COLUMN order_date           date,
  -- Lower-cased order id, buyer names and e-mail, labels and article codes: the text search.
  ADD COLUMN search_text          text NOT NULL DEFAULT '',
  -- Rows without an article correspondence (invoiced at the default VAT rate).
  ADD COLUMN unmapped_rows        integer NOT NULL DEFAULT 0,
  -- The external codes (SKU, EAN) of the unmapped rows: what "map from the grid" maps.
  ADD COLUMN unmapped_codes       text[] NOT NULL DEFAULT '{}',
  -- Per row, in row order: gross amount incl. VAT (qty x unit price, to the cent) and VAT rate.
  ADD COLUMN line_gross           numeric(18, 2)[] NOT NULL DEFAULT '{}',
  ADD COLUMN line_rates           numeric(5, 2)[] NOT NULL DEFAULT '{}',
  -- Shipping of the order incl. VAT (invoiced at 20 % when the order's shipping is invoiced).
  ADD COLUMN shipping_gross       numeric(18, 2) NOT NULL DEFAULT 0,
  -- Calculator values (NULL: as in the content).
  ADD COLUMN set_vat_rate         numeric(5, 2),
  ADD COLUMN set_payment_mode     text,
  ADD COLUMN set_article_code     text,
  ADD COLUMN set_document_date    date,
  ADD COLUMN set_label            text,
  ADD COLUMN set_series_code      text,
  ADD COLUMN set_invoice_shipping boolean;

-- Grid pages sorted by date or total (keyset on the composite key, see grid_repository.cc).
CREATE INDEX staged_by_batch_date ON staged_documents
  (batch_id, ((coalesce(order_date, date '2000-01-01') - date '2000-01-01')::bigint * 10000000 + position));
CREATE INDEX staged_by_batch_total ON staged_documents
  (batch_id, ((total_incl_vat * 100)::bigint * 10000000 + position));
-- The checked documents of a batch: calculator, totals, generation.
CREATE INDEX staged_checked_by_batch ON staged_documents (batch_id, position) WHERE checked;

-- The calculator rewrites every checked row's tuple: room on each page lets PostgreSQL update
-- in place (HOT, no index entry touched, since no set_* column is indexed).
ALTER TABLE staged_documents SET (fillfactor = 50);
