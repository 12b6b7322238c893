package dev.taskengine.store.jdbc;

import dev.taskengine.api.TaskEngineException;
import dev.taskengine.spi.DuplicateClientTokenException;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.TemplateEngine;

/**
 * How the store's units of work reach the database: a handle for reads, a write transaction (queued
 * in the JVM where the dialect {@linkplain Dialect#serializesWriters() allows one writer at a
 * time}), a compare-and-set transaction that rolls back when it finds a row changed ({@link
 * Stale}), and every failure translated by {@link StoreErrors} and named by the unit of work that
 * met it. Thread-safe.
 */
final class Transactions {
  private final Jdbi jdbi;
  // Only where the dialect serializes writers; see inWriteTransaction.
  private final ReentrantLock writers;

  Transactions(Dialect dialect, DataSource dataSource) {
    this.jdbi = Jdbi.create(dataSource);
    // Statements are complete SQL with :named binds; nothing is templated.
    jdbi.setTemplateEngine(TemplateEngine.NOP);
    this.writers = dialect.serializesWriters() ? new ReentrantLock(true) : null;
  }

  /** Thrown inside a transaction when a compare-and-set finds the row changed: roll back. */
  static final class Stale extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Stale() {
      super("stale", null, false, false);
    }
  }

  Jdbi jdbi() {
    return jdbi;
  }

  /** Runs {@code work} on a handle in auto-commit mode: one statement is one transaction. */
  <T> T withHandle(String action, HandleCallback<T, RuntimeException> work) {
    return call(action, () -> jdbi.withHandle(work));
  }

  /** Runs {@code work} in one write transaction. */
  <T> T inWriteTransaction(String action, HandleCallback<T, RuntimeException> work) {
    return call(action, () -> inWriteTransaction(work));
  }

  /**
   * Runs {@code work} in one write transaction; empty, with nothing written, when it threw {@link
   * Stale}.
   */
  <T> Optional<T> writeIfCurrent(String action, HandleCallback<T, RuntimeException> work) {
    return call(
        action,
        () -> {
          try {
            return Optional.of(inWriteTransaction(work));
          } catch (Stale stale) {
            return Optional.empty();
          }
        });
  }

  /**
   * SQLite lets one writer in at a time and parks the others in its busy handler, which polls with
   * sleeps of up to 100 ms, so under contention a writer often sleeps long after the lock came
   * free. This store's own writers queue on a fair lock in the JVM instead and start as soon as the
   * one before commits; writers of other processes on the same file still wait in the busy handler.
   * A database that locks rows, not the database, takes no lock here.
   */
  private <T> T inWriteTransaction(HandleCallback<T, RuntimeException> work) {
    if (writers == null) {
      return jdbi.inTransaction(work);
    }
    writers.lock();
    try {
      return jdbi.inTransaction(work);
    } finally {
      writers.unlock();
    }
  }

  private static <T> T call(String action, Supplier<T> work) {
    try {
      return work.get();
    } catch (TaskEngineException | DuplicateClientTokenException e) {
      throw e;
    } catch (RuntimeException e) {
      throw StoreErrors.translate(action, e);
    }
  }
}
