-- taskengine schema version 1 for SQLite.
--
-- Applied by JdbcTaskStore at start (see task_schema_version), or by your own Flyway/Liquibase
-- when the store is built with applySchema(false). Never edit a released file: add V2__... instead.
--
-- Timestamps are INTEGER microseconds since the epoch (UTC): exact at the engine's precision and
-- sorted as numbers. Text compares with SQLite's BINARY collation (code point order); SQLite keeps
-- U+0000 inside bound text values, so no escaping is needed here.

CREATE TABLE tasks (
  tenant        TEXT NOT NULL,
  id            TEXT NOT NULL,
  parent_id     TEXT,
  level         INTEGER NOT NULL CHECK (level IN (1, 2)),
  type          TEXT NOT NULL,
  status        TEXT NOT NULL CHECK (status IN
                  ('PENDING', 'RUNNING', 'CANCELLING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
  invoke_id     TEXT,
  resource_id   TEXT,
  resource_name TEXT,
  operator      TEXT,
  param         TEXT,
  result        TEXT,
  error_code    TEXT,
  error_message TEXT,
  cancellable   INTEGER NOT NULL CHECK (cancellable IN (0, 1)),
  created_at    INTEGER NOT NULL,
  started_at    INTEGER,
  finished_at   INTEGER,
  updated_at    INTEGER NOT NULL,
  version       INTEGER NOT NULL,
  -- A batch's child counters; zero on instance tasks. Changed only by "counter = counter + delta".
  total         INTEGER NOT NULL DEFAULT 0 CHECK (total >= 0),
  pending       INTEGER NOT NULL DEFAULT 0 CHECK (pending >= 0),
  running       INTEGER NOT NULL DEFAULT 0 CHECK (running >= 0),
  succeeded     INTEGER NOT NULL DEFAULT 0 CHECK (succeeded >= 0),
  failed        INTEGER NOT NULL DEFAULT 0 CHECK (failed >= 0),
  cancelled     INTEGER NOT NULL DEFAULT 0 CHECK (cancelled >= 0),
  PRIMARY KEY (tenant, id)
) STRICT;

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
  tenant       TEXT NOT NULL,
  client_token TEXT NOT NULL,
  task_id      TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  PRIMARY KEY (tenant, client_token)
) STRICT;
CREATE INDEX task_client_tokens_by_task ON task_client_tokens (tenant, task_id);

-- The page-token key ring shared by every connection to this database: one active key signs, the
-- others only verify. The partial unique index lets racing processes agree on a single active key.
CREATE TABLE task_token_keys (
  key_id     TEXT PRIMARY KEY,
  secret     BLOB NOT NULL,
  active     INTEGER NOT NULL CHECK (active IN (0, 1)),
  created_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX task_token_keys_one_active ON task_token_keys (active) WHERE active = 1;
