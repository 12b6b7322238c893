package dev.taskengine.benchmarks;

import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Supplier;

/**
 * The children the transition benchmarks move, one queue per benchmark thread. Each child is moved
 * twice, PENDING to RUNNING then RUNNING to SUCCEEDED, each time with its batch's counters and
 * rollup. The queues are filled between iterations with new batches of {@value #BATCH_SIZE}
 * children, dealt round-robin to the threads so that two threads work on the children of one batch
 * (two workers reporting on one operation, whose batch row they share). Each queue is sized from
 * the previous iteration's pace, so that it does not run dry; if it does, the thread makes a batch
 * itself, inside the measurement (it shows, and the log says so).
 *
 * <p>A queue is only touched by its own thread during an iteration, and by JMH's setup thread
 * between iterations.
 */
final class TransitionWork {
  static final int BATCH_SIZE = 100;

  /** A child and how far it got. */
  private static final class Child {
    final String id;
    boolean running;

    Child(String id) {
      this.id = id;
    }
  }

  /** Moves a child: the engine, or the hand-written baseline. */
  interface Mover {
    Object start(String id) throws Exception;

    Object succeed(String id) throws Exception;
  }

  private static final class Lane {
    final ArrayDeque<Child> children = new ArrayDeque<>();
    long moves;
    long inlineBatches;
  }

  private final Lane[] lanes;
  private final Supplier<List<String>> newBatch;
  private int wanted;

  /**
   * @param threads benchmark threads
   * @param initialChildren children per thread before the first iteration
   * @param newBatch creates a batch of {@value #BATCH_SIZE} PENDING children, returns their ids
   */
  TransitionWork(int threads, int initialChildren, Supplier<List<String>> newBatch) {
    this.lanes = new Lane[threads];
    for (int i = 0; i < threads; i++) {
      lanes[i] = new Lane();
    }
    this.wanted = initialChildren;
    this.newBatch = newBatch;
  }

  /** Tops every queue up for the next iteration; called between iterations. */
  void refill() {
    for (Lane lane : lanes) {
      // Each child gives two moves: as many children as the last iteration's moves is twice that.
      wanted = (int) Math.max(wanted, Math.min(lane.moves, 2_000_000));
      if (lane.inlineBatches > 0) {
        Log.info(
            "a transition queue ran dry: %d batches were made inside the iteration",
            lane.inlineBatches);
      }
      lane.moves = 0;
      lane.inlineBatches = 0;
    }
    int thread = 0;
    while (lanes[lanes.length - 1].children.size() < wanted) {
      for (String id : newBatch.get()) {
        lanes[thread].children.add(new Child(id));
        thread = (thread + 1) % lanes.length;
      }
    }
  }

  /** Drops every queued child: the database they were in was emptied. */
  void forget() {
    for (Lane lane : lanes) {
      lane.children.clear();
    }
  }

  /** Moves the next child of {@code thread}'s queue one step. */
  Object step(int thread, Mover mover) throws Exception {
    Lane lane = lanes[thread];
    Child child = lane.children.poll();
    if (child == null) {
      lane.inlineBatches++;
      for (String id : newBatch.get()) {
        lane.children.add(new Child(id));
      }
      child = lane.children.poll();
    }
    lane.moves++;
    if (child.running) {
      return mover.succeed(child.id);
    }
    child.running = true;
    lane.children.add(child);
    return mover.start(child.id);
  }
}
