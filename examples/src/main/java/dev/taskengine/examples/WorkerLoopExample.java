package dev.taskengine.examples;

import dev.taskengine.api.ClaimRequest;
import dev.taskengine.api.ConcurrentUpdateException;
import dev.taskengine.api.Lease;
import dev.taskengine.api.LeaseLostException;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskEngine;
import dev.taskengine.api.TaskStatus;
import java.time.Duration;
import java.util.List;

/**
 * The worker loop printed in docs/engine.md ("Running work"). The lines between the markers are
 * copied into docs/engine.md verbatim; {@code WorkerLoopExampleTest} runs this class and checks
 * that the page still shows exactly these lines.
 */
public final class WorkerLoopExample {
  private WorkerLoopExample() {}

  /** How far one step of a task's work got. */
  public enum Step {
    /** Not done yet: the worker renews its lease and steps again. */
    WORKING,
    /** Done: the task succeeded. */
    DONE,
    /** The work cannot be done: the task failed. */
    FAILED
  }

  /** The real work: a phone that reboots, a step at a time. Called by one worker thread. */
  public interface Phones {
    Step step(Task task);
  }

  /**
   * Claims {@code RebootInstance} tasks of every tenant as {@code worker} and works on each one,
   * until a claim comes back empty (a real worker waits a little and claims again).
   */
  public static void drain(TaskEngine engine, String worker, Phones phones) {
    // engine.md:begin
    Duration lease = Duration.ofSeconds(30);
    ClaimRequest request =
        ClaimRequest.allTenants()
            .owner(worker) // unique among live workers, e.g. host name and process id
            .lease(lease)
            .types("RebootInstance")
            .limit(1) // the lease runs from the claim: claim only what you start now
            .build();
    List<Task> claimed;
    while (!(claimed = engine.claim(request)).isEmpty()) {
      for (Task task : claimed) {
        Lease held = task.lease(); // owner and attempt: proof of holding this attempt
        try {
          Step step;
          while ((step = phones.step(task)) == Step.WORKING) {
            // Renew well before the lease ends; the renewed task also tells of a cancellation.
            if (engine.heartbeat(held, lease).status() == TaskStatus.CANCELLING) {
              break;
            }
          }
          switch (step) {
            case DONE -> engine.succeed(held, "{\"rebooted\":true}");
            case FAILED -> engine.fail(held, "PhoneUnreachable", "the phone did not come back");
            case WORKING -> engine.confirmCancelled(held); // left the loop: cancelled
          }
        } catch (LeaseLostException | ConcurrentUpdateException lost) {
          // The lease ran out (too slow, or presumed dead) and the sweeper retried or failed the
          // task, or a racing write got there first: stop and report nothing. What is left of
          // the task is the sweeper's to decide once this lease ends.
        }
      }
    }
    // engine.md:end
  }
}
