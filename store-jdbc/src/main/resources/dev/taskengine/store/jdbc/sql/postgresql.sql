-- Every statement JdbcTaskStore runs on PostgreSQL, by name. Binds are named (:name) and always
-- bound as values; ${name} inserts another statement of this file when the file is loaded.
-- Text values are bound and read through the U+0000 escape described in V1__tasks.sql.
--
-- Queries (findPage, findOffset, count) are assembled by TaskQuerySql from the filters present:
--   SELECT ${columns} FROM tasks
--   WHERE tenant = :tenant [AND <column> = :value | <column> IN (:v0, :v1 ...)] ...
--     [AND created_at <= :snapshot] [AND ${keyset-*}]
--   ORDER BY created_at DESC, id DESC LIMIT :limit
-- and a multi-value filter becomes one such branch per value, each ordered and limited on its
-- own index, joined with UNION ALL under an outer ORDER BY ... LIMIT. A prepared statement keeps
-- that plan when PostgreSQL switches it to a generic plan, where "status = ANY($1)" may not.

-- name: columns
tenant, id, parent_id, level, type, status, invoke_id, resource_id, resource_name, operator,
param, result, error_code, error_message, cancellable, created_at, started_at, finished_at,
updated_at, version, total, pending, running, succeeded, failed, cancelled, attempt, lease_owner,
lease_expires_at, available_at, deadline, max_run_time, retry_max_attempts, retry_initial_backoff,
retry_max_backoff

-- name: keyset-newest-first
(created_at, id) < (:afterCreatedAt, :afterId)

-- name: keyset-oldest-first
(created_at, id) > (:afterCreatedAt, :afterId)

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
-- status and version are still the ones the engine read (a pick locked the row when it selected
-- it, FOR UPDATE, so there it only guards that). It returns nothing: the row it leaves is what
-- TaskUpdate.written makes of the task read and the engine's change. A bulk report (updateAll)
-- writes with it too: a row another transaction holds is waited for, then found changed.
UPDATE tasks
SET ${task-writes}
WHERE tenant = :tenant AND id = :id AND status = :expectedStatus AND version = :expectedVersion

-- name: pick-lock
-- Ends each selection of a pick: rows another transaction holds are skipped, never waited for, so
-- concurrent claimers and sweepers (on this node or others) take disjoint rows. A row committed
-- by another transaction after this statement's snapshot is checked again against the WHERE
-- clause before it is locked, so a pick never selects a task that just left the selected state.
FOR UPDATE SKIP LOCKED

-- name: claimable
-- PickSql's claim selections: the predicate of the tasks_claimable* indexes, then the claim's
-- filters, ORDER BY ${claim-order} LIMIT :limit ${pick-lock}; with several types or resources,
-- one such branch per value in a WITH clause, merged by the same order and limit.
status = 'PENDING' AND level = 2 AND available_at <= :now

-- name: claim-order
available_at, id

-- name: due-at
-- When an unfinished task is due for the sweep: the expression of the index tasks_due.
LEAST(lease_expires_at, deadline)

-- name: pick-due
-- The sweep's selection (Pick.Due), oldest due first, on tasks_due: its predicate word for word.
SELECT ${columns} FROM tasks
WHERE level = 2 AND status IN ('PENDING', 'RUNNING', 'CANCELLING')
  AND (lease_expires_at IS NOT NULL OR deadline IS NOT NULL)
  AND ${due-at} <= :now
ORDER BY ${due-at}
LIMIT :limit
${pick-lock}

-- name: add-to-counters
-- A child's transition moves its batch's counters by a delta, in SQL; the row lock taken here
-- serialises concurrent children of one batch until commit.
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

-- name: lock-batch-cascade
-- Cancelling a batch locks its children and then the batch, the order a child's transition uses
-- (child, then batch), so the two never deadlock. Two cascades of one batch could still lock the
-- children in different orders; this transaction-scoped lock on the batch queues them instead. A
-- bulk report (updateAll), which locks several children of a batch, takes the same lock of each
-- of their batches first, in key order, so that it and a cascade queue rather than deadlock.
SELECT pg_advisory_xact_lock(:lockKey)

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

-- name: purge-finished
-- One statement, so one snapshot: the roots it deletes are exactly those whose children and
-- client tokens it deletes.
WITH roots AS (
  DELETE FROM tasks
  WHERE tenant = :tenant AND parent_id IS NULL AND finished_at < :before
    AND status IN ('SUCCEEDED', 'FAILED', 'CANCELLED')
  RETURNING id
), children AS (
  DELETE FROM tasks AS child USING roots
  WHERE child.tenant = :tenant AND child.parent_id = roots.id
  RETURNING 1
), tokens AS (
  DELETE FROM task_client_tokens AS token USING roots
  WHERE token.tenant = :tenant AND token.task_id = roots.id
  RETURNING 1
)
SELECT (SELECT count(*) FROM roots) + (SELECT count(*) FROM children) AS deleted

-- name: find-token-keys
SELECT key_id, secret, active FROM task_token_keys ORDER BY active DESC, created_at DESC, key_id

-- name: insert-token-key
-- Insert-if-absent: of racing nodes, one key becomes the active one and every node reads it back.
INSERT INTO task_token_keys (key_id, secret, active, created_at)
VALUES (:keyId, :secret, TRUE, :now)
ON CONFLICT DO NOTHING

-- name: lock-schema
-- Held until the migration's transaction ends: nodes starting together migrate one at a time.
SELECT pg_advisory_xact_lock(:lockKey)

-- name: create-schema-version-table
CREATE TABLE IF NOT EXISTS task_schema_version (
  version      integer PRIMARY KEY,
  description  text NOT NULL,
  checksum     bigint NOT NULL,
  installed_at timestamptz NOT NULL
)

-- name: find-schema-versions
SELECT version, checksum FROM task_schema_version ORDER BY version

-- name: insert-schema-version
INSERT INTO task_schema_version (version, description, checksum, installed_at)
VALUES (:version, :description, :checksum, :installedAt)
