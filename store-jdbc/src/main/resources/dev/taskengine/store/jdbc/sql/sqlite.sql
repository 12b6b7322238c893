-- Every statement JdbcTaskStore runs on SQLite, by name. Binds are named (:name) and always bound
-- as values; ${name} inserts another statement of this file when the file is loaded. Timestamps
-- are INTEGER microseconds since the epoch. Every write runs in a BEGIN IMMEDIATE transaction:
-- writers queue on the database's write lock (busy_timeout) instead of failing with SQLITE_BUSY.
--
-- Queries (findPage, findOffset, count) are assembled by TaskQuerySql from the filters present:
--   SELECT ${columns} FROM tasks
--   WHERE tenant = :tenant [AND <column> = :value | <column> IN (:v0, :v1 ...)] ...
--     [AND created_at <= :snapshot] [AND ${keyset-*}]
--   ORDER BY created_at DESC, id DESC LIMIT :limit
-- and a multi-value filter becomes one such branch per value, each ordered and limited on its
-- own index, joined with UNION ALL under an outer ORDER BY ... LIMIT.

-- name: columns
tenant, id, parent_id, level, type, status, invoke_id, resource_id, resource_name, operator,
param, result, error_code, error_message, cancellable, created_at, started_at, finished_at,
updated_at, version, total, pending, running, succeeded, failed, cancelled, attempt, lease_owner,
lease_expires_at, available_at, deadline, max_run_time, retry_max_attempts, retry_initial_backoff,
retry_max_backoff

-- name: keyset-newest-first
-- The row value (created_at, id) < (...) spelled out, with a plain range on created_at first so
-- that the index range starts at the previous page's last row.
created_at <= :afterCreatedAt AND (created_at < :afterCreatedAt OR id < :afterId)

-- name: keyset-oldest-first
created_at >= :afterCreatedAt AND (created_at > :afterCreatedAt OR id > :afterId)

-- name: insert-task
INSERT INTO tasks (${columns})
VALUES (:tenant, :id, :parentId, :level, :type, :status, :invokeId, :resourceId, :resourceName,
        :operator, :param, :result, :errorCode, :errorMessage, :cancellable, :createdAt,
        :startedAt, :finishedAt, :updatedAt, :version, :total, :pending, :running, :succeeded,
        :failed, :cancelled, :attempt, :leaseOwner, :leaseExpiresAt, :availableAt, :deadline,
        :maxRunTime, :retryMaxAttempts, :retryInitialBackoff, :retryMaxBackoff)

-- name: find-task
SELECT ${columns} FROM tasks WHERE tenant = :tenant AND id = :id

-- name: insert-client-token
INSERT INTO task_client_tokens (tenant, client_token, task_id, request_hash)
VALUES (:tenant, :clientToken, :taskId, :requestHash)
ON CONFLICT DO NOTHING

-- name: find-client-token
SELECT tenant, client_token, task_id, request_hash
FROM task_client_tokens
WHERE tenant = :tenant AND client_token = :clientToken

-- name: task-writes
-- The fields a task's life changes (the list of TaskUpdate), as update-task sets them.
status = :status, result = :result, error_code = :errorCode, error_message = :errorMessage,
started_at = :startedAt, finished_at = :finishedAt, updated_at = :updatedAt, version = :version,
attempt = :attempt, lease_owner = :leaseOwner, lease_expires_at = :leaseExpiresAt,
available_at = :availableAt, deadline = :deadline

-- name: update-task
-- The compare-and-set of a transition, and of each task a pick changed: nothing happens unless
-- status and version are still the ones the engine read (a pick's IMMEDIATE transaction holds the
-- write lock since before its selection, so there it only guards that). It returns nothing: the
-- row it leaves is what TaskUpdate.written makes of the task read and the engine's change. A
-- bulk report (updateAll) writes with it too.
UPDATE tasks
SET ${task-writes}
WHERE tenant = :tenant AND id = :id AND status = :expectedStatus AND version = :expectedVersion

-- name: pick-lock
-- Nothing: a pick runs in an IMMEDIATE transaction under the single writer, so no other pick or
-- write runs between its selection and its writes.

-- name: claimable
-- PickSql's claim selections: the predicate of the tasks_claimable* indexes (SQLite uses a partial
-- index only when the query repeats its terms), then the claim's filters, ORDER BY ${claim-order}
-- LIMIT :limit; with several types or resources, one such branch per value in a WITH clause,
-- merged by the same order and limit.
status = 'PENDING' AND level = 2 AND available_at <= :now

-- name: claim-order
available_at, id

-- name: due-at
-- When an unfinished task is due for the sweep: the expression of the index tasks_due (a
-- two-argument min() is null when either argument is).
min(coalesce(lease_expires_at, deadline), coalesce(deadline, lease_expires_at))

-- name: pick-due
-- The sweep's selection (Pick.Due), oldest due first, on tasks_due: its predicate word for word.
SELECT ${columns} FROM tasks
WHERE level = 2 AND status IN ('PENDING', 'RUNNING', 'CANCELLING')
  AND (lease_expires_at IS NOT NULL OR deadline IS NOT NULL)
  AND ${due-at} <= :now
ORDER BY ${due-at}
LIMIT :limit

-- name: add-to-counters
-- A child's transition moves its batch's counters by a delta, in SQL.
UPDATE tasks
SET total = total + :deltaTotal, pending = pending + :deltaPending,
    running = running + :deltaRunning, succeeded = succeeded + :deltaSucceeded,
    failed = failed + :deltaFailed, cancelled = cancelled + :deltaCancelled,
    version = version + 1, updated_at = :now
WHERE tenant = :tenant AND id = :id AND level = 1
RETURNING ${columns}

-- name: write-rollup
-- What the engine's rollup made of a batch whose counters just changed (same transaction, same
-- version).
UPDATE tasks
SET status = :status, started_at = :startedAt, finished_at = :finishedAt
WHERE tenant = :tenant AND id = :id

-- name: move-children
UPDATE tasks
SET status = :to, version = version + 1, updated_at = :now
WHERE tenant = :tenant AND parent_id = :batchId AND status = :from

-- name: move-children-to-terminal
UPDATE tasks
SET status = :to, version = version + 1, updated_at = :now, finished_at = :now
WHERE tenant = :tenant AND parent_id = :batchId AND status = :from

-- name: cascade-batch
-- After its children moved: the batch's own compare-and-set, with the counters moved by the
-- numbers of children the statements above changed.
UPDATE tasks
SET status = :status, total = total + :deltaTotal, pending = pending + :deltaPending,
    running = running + :deltaRunning, succeeded = succeeded + :deltaSucceeded,
    failed = failed + :deltaFailed, cancelled = cancelled + :deltaCancelled,
    version = version + 1, updated_at = :now
WHERE tenant = :tenant AND id = :id AND status = :expectedStatus AND version = :expectedVersion
RETURNING ${columns}

-- name: reserve-children
-- addChildren: counts the new children in before inserting them, only while the batch allows it.
-- The six status slots hold the allowed statuses; unused slots repeat one of them.
UPDATE tasks
SET total = total + :count, pending = pending + :count, version = version + 1, updated_at = :now
WHERE tenant = :tenant AND id = :id AND level = 1 AND total + :count <= :maxTotal
  AND status IN (:allowed1, :allowed2, :allowed3, :allowed4, :allowed5, :allowed6)
RETURNING ${columns}

-- name: purge-client-tokens
-- purgeFinished is these three statements in one IMMEDIATE transaction: no other writer runs in
-- between, so all three see the same finished roots.
DELETE FROM task_client_tokens
WHERE tenant = :tenant AND task_id IN (
  SELECT id FROM tasks
  WHERE tenant = :tenant AND parent_id IS NULL AND finished_at < :before
    AND status IN ('SUCCEEDED', 'FAILED', 'CANCELLED'))

-- name: purge-children
DELETE FROM tasks
WHERE tenant = :tenant AND parent_id IN (
  SELECT id FROM tasks
  WHERE tenant = :tenant AND parent_id IS NULL AND finished_at < :before
    AND status IN ('SUCCEEDED', 'FAILED', 'CANCELLED'))

-- name: purge-roots
DELETE FROM tasks
WHERE tenant = :tenant AND parent_id IS NULL AND finished_at < :before
  AND status IN ('SUCCEEDED', 'FAILED', 'CANCELLED')

-- name: find-token-keys
SELECT key_id, secret, active FROM task_token_keys ORDER BY active DESC, created_at DESC, key_id

-- name: insert-token-key
-- Insert-if-absent: of racing processes, one key becomes the active one and all read it back.
INSERT INTO task_token_keys (key_id, secret, active, created_at)
VALUES (:keyId, :secret, 1, :now)
ON CONFLICT DO NOTHING

-- name: create-schema-version-table
-- The migration runs in a BEGIN IMMEDIATE transaction, which already excludes every other writer.
CREATE TABLE IF NOT EXISTS task_schema_version (
  version      INTEGER PRIMARY KEY,
  description  TEXT NOT NULL,
  checksum     INTEGER NOT NULL,
  installed_at INTEGER NOT NULL
) STRICT

-- name: find-schema-versions
SELECT version, checksum FROM task_schema_version ORDER BY version

-- name: insert-schema-version
INSERT INTO task_schema_version (version, description, checksum, installed_at)
VALUES (:version, :description, :checksum, :installedAt)

-- name: read-busy-timeout
-- Checked once when the store is given a host's DataSource: writers must wait, not fail.
PRAGMA busy_timeout
