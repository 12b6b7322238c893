-- taskengine schema version 1 for PostgreSQL.
--
-- Applied by JdbcTaskStore at start (see task_schema_version), or by your own Flyway/Liquibase
-- when the store is built with applySchema(false). Never edit a released file: add V2__... instead.
--
-- Text columns that take part in equality filters or in the sort key use COLLATE "C": byte order
-- of UTF-8, which is code point order, the same on every server whatever its locale, and cheaper
-- to compare than a linguistic collation.
--
-- PostgreSQL text cannot hold U+0000, so the store writes every text value through a lossless
-- escape (U+0000 -> U+0001 U+0001, U+0001 -> U+0001 U+0002) and reverses it when reading; values
-- without those two characters are stored unchanged. See docs/stores.md.

CREATE TABLE tasks (
  tenant        text COLLATE "C" NOT NULL,
  id            text COLLATE "C" NOT NULL,
  parent_id     text COLLATE "C",
  level         smallint NOT NULL CHECK (level IN (1, 2)),
  type          text COLLATE "C" NOT NULL,
  status        text COLLATE "C" NOT NULL CHECK (status IN
                  ('PENDING', 'RUNNING', 'CANCELLING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
  invoke_id     text COLLATE "C",
  resource_id   text COLLATE "C",
  resource_name text COLLATE "C",
  operator      text COLLATE "C",
  param         text,
  result        text,
  error_code    text,
  error_message text,
  cancellable   boolean NOT NULL,
  created_at    timestamptz NOT NULL,
  started_at    timestamptz,
  finished_at   timestamptz,
  updated_at    timestamptz NOT NULL,
  version       bigint NOT NULL,
  -- A batch's child counters; zero on instance tasks. Changed only by "counter = counter + delta".
  total         integer NOT NULL DEFAULT 0 CHECK (total >= 0),
  pending       integer NOT NULL DEFAULT 0 CHECK (pending >= 0),
  running       integer NOT NULL DEFAULT 0 CHECK (running >= 0),
  succeeded     integer NOT NULL DEFAULT 0 CHECK (succeeded >= 0),
  failed        integer NOT NULL DEFAULT 0 CHECK (failed >= 0),
  cancelled     integer NOT NULL DEFAULT 0 CHECK (cancelled >= 0),
  PRIMARY KEY (tenant, id)
) WITH (fillfactor = 90); -- room on each page for HOT updates of a batch's counters

-- One index per filter shape: equality columns first, the sort key (created_at, id) last, so that a
-- page is one ordered index range read that stops after LIMIT rows. Nullable columns get partial
-- indexes: rows without a value cost nothing to index.
CREATE INDEX tasks_by_created       ON tasks (tenant, created_at, id);
CREATE INDEX tasks_by_status        ON tasks (tenant, status, created_at, id);
CREATE INDEX tasks_by_type          ON tasks (tenant, type, created_at, id);
CREATE INDEX tasks_by_level         ON tasks (tenant, level, created_at, id);
CREATE INDEX tasks_by_parent        ON tasks (tenant, parent_id, created_at, id)
  WHERE parent_id IS NOT NULL;
CREATE INDEX tasks_by_invoke        ON tasks (tenant, invoke_id, created_at, id)
  WHERE invoke_id IS NOT NULL;
CREATE INDEX tasks_by_resource      ON tasks (tenant, resource_id, created_at, id)
  WHERE resource_id IS NOT NULL;
CREATE INDEX tasks_by_resource_name ON tasks (tenant, resource_name, created_at, id)
  WHERE resource_name IS NOT NULL;
CREATE INDEX tasks_by_operator      ON tasks (tenant, operator, created_at, id)
  WHERE operator IS NOT NULL;
-- purgeFinished: finished root tasks of a tenant.
CREATE INDEX tasks_purgeable        ON tasks (tenant, finished_at)
  WHERE parent_id IS NULL AND finished_at IS NOT NULL;

-- Idempotent creation: within a tenant a client token names one task.
CREATE TABLE task_client_tokens (
  tenant       text COLLATE "C" NOT NULL,
  client_token text COLLATE "C" NOT NULL,
  task_id      text COLLATE "C" NOT NULL,
  request_hash text NOT NULL,
  PRIMARY KEY (tenant, client_token)
);
CREATE INDEX task_client_tokens_by_task ON task_client_tokens (tenant, task_id);

-- The page-token key ring shared by every node on this database: one active key signs, the
-- others only verify. The partial unique index lets racing nodes agree on a single active key.
CREATE TABLE task_token_keys (
  key_id     text COLLATE "C" PRIMARY KEY,
  secret     bytea NOT NULL,
  active     boolean NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX task_token_keys_one_active ON task_token_keys (active) WHERE active;
