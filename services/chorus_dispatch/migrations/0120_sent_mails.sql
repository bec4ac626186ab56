-- The customers' notification e-mails (portal dematerialisation) and the Chorus queue.
--
-- sent_mails holds one row per invoice (the primary key: a mail is never sent twice for the
-- same invoice). Protocol: the row is written PENDING in the archive transaction with the whole
-- composed message; a sender claims it (SENDING, attempts + 1, a lease) and commits BEFORE
-- talking to the SMTP relay, then records SENT, or FAILED with the next attempt time (back-off).
-- A SENDING row whose lease ran out (the process died while sending) becomes UNCERTAIN: it may
-- or may not have been delivered, so it is never sent again automatically; it is counted and
-- shown until an operator decides.
CREATE TABLE sent_mails (
  tenant_id       text NOT NULL,
  invoice_id      uuid NOT NULL,
  invoice_number  text NOT NULL,
  sender          text NOT NULL,
  recipient       text NOT NULL,
  message         text NOT NULL,
  status          text NOT NULL DEFAULT 'PENDING'
                  CHECK (status IN ('PENDING', 'SENDING', 'SENT', 'FAILED', 'UNCERTAIN')),
  attempts        integer NOT NULL DEFAULT 0,
  last_error      text,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  lease_until     timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  sent_at         timestamptz,
  PRIMARY KEY (tenant_id, invoice_id)
);
CREATE INDEX sent_mails_due ON sent_mails (next_attempt_at) WHERE status IN ('PENDING', 'FAILED');
CREATE INDEX sent_mails_sending ON sent_mails (lease_until) WHERE status = 'SENDING';

-- Invoices dematerialised in Chorus mode, waiting for the Chorus Pro export / deposit.
CREATE TABLE chorus_queue (
  tenant_id      text NOT NULL,
  invoice_id     uuid NOT NULL,
  invoice_number text NOT NULL,
  queued_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, invoice_id)
);

GRANT SELECT, INSERT, UPDATE ON sent_mails TO factflow_chorus_dispatch_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON chorus_queue TO factflow_chorus_dispatch_app;
