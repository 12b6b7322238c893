-- taskengine schema version 2 for PostgreSQL: work governance (claims, leases, deadlines, retries).
--
-- Applied by JdbcTaskStore at start after V1__tasks.sql, with the tasks in place, or by your own
-- Flyway/Liquibase. Never edit a released file: add V3__... instead.
--
-- Durations are bigint microseconds, the precision of the engine's timestamps. The UPDATE below
-- writes every instance task once: on a large table, run the upgrade when writes are quiet.

ALTER TABLE tasks
  -- How many times the task was claimed: 0 until its first claim.
  ADD COLUMN attempt               integer NOT NULL DEFAULT 0 CHECK (attempt >= 0),
  -- The worker holding the current lease, kept when the task finishes (who finished it).
  ADD COLUMN lease_owner           text COLLATE "C",
  -- When the current lease ends unless renewed; null when no lease is held.
  ADD COLUMN lease_expires_at      timestamptz,
  -- When a PENDING instance task may be claimed; null on batches, which are never claimed.
  ADD COLUMN available_at          timestamptz,
  ADD COLUMN deadline              timestamptz,
  ADD COLUMN max_run_time          bigint CHECK (max_run_time > 0),
  -- The task's own retry policy, all three or none (none: the engine's default).
  ADD COLUMN retry_max_attempts    integer CHECK (retry_max_attempts >= 1),
  ADD COLUMN retry_initial_backoff bigint,
  ADD COLUMN retry_max_backoff     bigint,
  ADD CONSTRAINT tasks_retry_policy_whole CHECK (
    (retry_max_attempts IS NULL) = (retry_initial_backoff IS NULL)
    AND (retry_max_attempts IS NULL) = (retry_max_backoff IS NULL));

-- Tasks of version 1 were available from their creation. Before the indexes: they need no upkeep
-- during this update.
UPDATE tasks SET available_at = created_at WHERE level = 2;

-- Claiming: PENDING instance tasks, oldest available first, by (available_at, id). One index per
-- claim filter, the filter's equality column first, so that claiming N tasks reads N index entries
-- (plus rows other claimers hold, which it skips) however large the backlog. Partial: a task is in
-- them only while it waits, so they are as small as the backlog. Each costs the insert of an
-- instance task one entry; a claim changes the status, which tasks_by_status indexes, so it was
-- never a HOT update and these add nothing to it.
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

-- Sweeping: the moment a task is due (the earlier of its lease's end and its deadline), over
-- unfinished instance tasks that have either. One index serves both causes and gives the sweep its
-- order, oldest due first; tasks with neither are not in it. A heartbeat moves lease_expires_at,
-- so it is not a HOT update: it writes an entry in each index of the row, as a transition does.
CREATE INDEX tasks_due ON tasks ((LEAST(lease_expires_at, deadline)))
  WHERE level = 2 AND status IN ('PENDING', 'RUNNING', 'CANCELLING')
    AND (lease_expires_at IS NOT NULL OR deadline IS NOT NULL);
