-- Long-running operations: actions over a selection (frozen into operation_items so that a
-- restarted service resumes where it stopped) and generations (keyed by the generation id).

CREATE TABLE operations (
  operation_id   uuid PRIMARY KEY,
  tenant_id      text NOT NULL,
  kind           text NOT NULL CHECK (kind IN ('ACTION', 'GENERATION')),
  action         text,
  state          text NOT NULL CHECK (state IN ('RUNNING', 'SUCCEEDED', 'FAILED')),
  operator_id    text NOT NULL,
  correlation_id text,
  batch_id       uuid,
  total          bigint NOT NULL DEFAULT 0,
  done           bigint NOT NULL DEFAULT 0,
  refused        bigint NOT NULL DEFAULT 0,
  step           text NOT NULL DEFAULT '',
  -- French, for the operator; never a raw SQL or library error.
  error          text,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  finished_at    timestamptz
);
-- ListOperations pages newest first by keyset (created_at, operation_id).
CREATE INDEX operations_by_tenant ON operations (tenant_id, created_at DESC, operation_id DESC);
-- The worker resumes RUNNING action operations at start-up.
CREATE INDEX operations_running ON operations (created_at) WHERE state = 'RUNNING';

-- The frozen selection of an action, in selection order (series, number). outcome is NULL until
-- the chunk holding the item commits.
CREATE TABLE operation_items (
  operation_id uuid NOT NULL REFERENCES operations ON DELETE CASCADE,
  position     integer NOT NULL,
  invoice_id   uuid NOT NULL,
  outcome      text CHECK (outcome IN ('DONE', 'REFUSED')),
  reason       text,
  PRIMARY KEY (operation_id, position)
);
-- The next chunk: the first pending positions.
CREATE INDEX operation_items_pending ON operation_items (operation_id, position)
  WHERE outcome IS NULL;

-- Least privilege (0101): the service creates operations and advances them; nothing is deleted.
GRANT SELECT, INSERT, UPDATE ON operations, operation_items TO factflow_invoicing_state_app;
