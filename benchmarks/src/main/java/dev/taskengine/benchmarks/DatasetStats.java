package dev.taskengine.benchmarks;

import dev.taskengine.api.Task;
import dev.taskengine.api.TaskStatus;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Counts what a loader wrote, for the report: tasks per status of the measured tenant. */
final class DatasetStats {
  private final String mainTenant;
  private final Map<TaskStatus, Long> mainByStatus = new EnumMap<>(TaskStatus.class);
  private long mainTasks;
  private long allTasks;

  DatasetStats(DatasetPlan plan) {
    this.mainTenant = plan.main().tenant;
  }

  void add(Task root, List<Task> children) {
    allTasks += 1 + children.size();
    if (!root.tenant().equals(mainTenant)) {
      return;
    }
    count(root);
    for (Task child : children) {
      count(child);
    }
  }

  private void count(Task task) {
    mainTasks++;
    mainByStatus.merge(task.status(), 1L, Long::sum);
  }

  /** {@code tasks.all}, {@code tasks.main} and {@code status.<STATUS>} of the measured tenant. */
  Map<String, String> facts() {
    Map<String, String> facts = new TreeMap<>();
    facts.put("tasks.all", Long.toString(allTasks));
    facts.put("tasks.main", Long.toString(mainTasks));
    for (TaskStatus status : TaskStatus.values()) {
      facts.put("status." + status, Long.toString(mainByStatus.getOrDefault(status, 0L)));
    }
    return facts;
  }
}
