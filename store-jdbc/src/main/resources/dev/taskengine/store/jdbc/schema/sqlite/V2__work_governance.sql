-- taskengine schema version 2 for SQLite: work governance (claims, leases, deadlines, retries).
--
-- Applied by JdbcTaskStore at start after V1__tasks.sql, with the tasks in place, or by your own
-- Flyway/Liquibase. Never edit a released file: add V3__... instead.
--
-- Timestamps are INTEGER microseconds since the epoch, as in version 1; durations are INTEGER
-- microseconds. The UPDATE below writes every instance task once.

-- How many times the task was claimed: 0 until its first claim.
ALTER TABLE tasks ADD COLUMN attempt INTEGER NOT NULL DEFAULT 0 CHECK (attempt >= 0);
-- The worker holding the current lease, kept when the task finishes (who finished it).
ALTER TABLE tasks ADD COLUMN lease_owner TEXT;
-- When the current lease ends unless renewed; null when no lease is held.
ALTER TABLE tasks ADD COLUMN lease_expires_at INTEGER;
-- When a PENDING instance task may be claimed; null on batches, which are never claimed.
ALTER TABLE tasks ADD COLUMN available_at INTEGER;
ALTER TABLE tasks ADD COLUMN deadline INTEGER;
ALTER TABLE tasks ADD COLUMN max_run_time INTEGER CHECK (max_run_time > 0);
-- The task's own retry policy, all three or none (none: the engine's default). SQLite cannot add
-- a table constraint to an existing table; the store always writes the three together.
ALTER TABLE tasks ADD COLUMN retry_max_attempts INTEGER CHECK (retry_max_attempts >= 1);
ALTER TABLE tasks ADD COLUMN retry_initial_backoff INTEGER;
ALTER TABLE tasks ADD COLUMN retry_max_backoff INTEGER;

-- Tasks of version 1 were available from their creation. Before the indexes: they need no upkeep
-- during this update.
UPDATE tasks SET available_at = created_at WHERE level = 2;

-- Claiming: PENDING instance tasks, oldest available first, by (available_at, id). One index per
-- claim filter, the filter's equality column first, so that claiming N tasks reads N index entries
-- however large the backlog. Partial: a task is in them only while it waits, so they are as small
-- as the backlog; each costs the insert of an instance task one entry. The claim statements repeat
-- the predicate word for word: SQLite uses a partial index only for a query whose WHERE clause
-- contains the index's terms.
CREATE INDEX tasks_claimable             ON tasks (available_at, id)
  WHERE status = 'PENDING' AND level = 2;
CREATE INDEX tasks_claimable_by_type     ON tasks (type, available_at, id)
  WHERE status = 'PENDING' AND level = 2;
CREATE INDEX tasks_claimable_by_tenant   ON tasks (tenant, available_at, id)
  WHERE status = 'PENDING' AND level = 2;
CREATE INDEX tasks_claimable_by_tenant_type ON tasks (tenant, type, available_at, id)
  WHERE status = 'PENDING' AND level = 2;
-- Resource first: a host's agent claims the tasks of the resources it runs in any tenant, reading
-- the few pending tasks of each resource; a claim in one tenant reads its range in order. (With
-- the tenant second, the planner never prefers tasks_by_resource, which holds a resource's whole
-- history.)
CREATE INDEX tasks_claimable_by_resource ON tasks (resource_id, tenant, available_at, id)
  WHERE status = 'PENDING' AND level = 2 AND resource_id IS NOT NULL;

-- Sweeping: the moment a task is due (the earlier of its lease's end and its deadline; SQLite's
-- two-argument min() is null when either is, hence the coalesce), over unfinished instance tasks
-- that have either. One index serves both causes and gives the sweep its order, oldest due first;
-- tasks with neither are not in it. The sweep's statement repeats the expression and the predicate.
CREATE INDEX tasks_due
  ON tasks (min(coalesce(lease_expires_at, deadline), coalesce(deadline, lease_expires_at)))
  WHERE level = 2 AND status IN ('PENDING', 'RUNNING', 'CANCELLING')
    AND (lease_expires_at IS NOT NULL OR deadline IS NOT NULL);
