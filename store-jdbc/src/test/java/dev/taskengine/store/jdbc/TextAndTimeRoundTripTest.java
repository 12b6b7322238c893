package dev.taskengine.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskengine.api.Page;
import dev.taskengine.api.PageRequest;
import dev.taskengine.api.SortOrder;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskEngine;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TaskSpec;
import dev.taskengine.core.TaskEngines;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Values that SQL text, drivers and encodings like to mangle come back exactly, and filter exactly.
 */
class TextAndTimeRoundTripTest {
  /** Each value is distinct from every other, including the ones that differ only by U+0000/1. */
  private static final List<String> AWKWARD =
      List.of(
          "a\u0000b",
          "a",
          "ab",
          "\u0000",
          "\u0000\u0000",
          "\u0001",
          "\u0001\u0001",
          "\u0001\u0002",
          "x\u0001\u0000y",
          "it's \"quoted\"; DROP TABLE tasks; --",
          "100% _wild_ \\ backslash \\0 \\\\",
          "ünïcødé 中文 😀 \uD83D\uDE00 \u200B",
          " padded ",
          "line\nbreak\ttab\r");

  @TempDir Path directory;

  @ParameterizedTest
  @EnumSource(TestStores.class)
  void awkwardTextIsStoredAndFilteredExactly(TestStores kind) {
    try (JdbcTaskStore store = kind.open(directory)) {
      TaskEngine engine = TaskEngines.builder().store(store).build();
      List<Task> created = new ArrayList<>();
      for (String value : AWKWARD) {
        created.add(
            engine.submit(
                TaskSpec.builder("tenant" + value, "type" + value)
                    .invokeId("invoke" + value)
                    .resource("resource" + value, "name" + value)
                    .operator("operator" + value)
                    .param("param" + value)
                    .clientToken("token" + value)
                    .build()));
      }
      for (int i = 0; i < AWKWARD.size(); i++) {
        String value = AWKWARD.get(i);
        Task task = created.get(i);
        String tenant = "tenant" + value;
        Task stored = engine.get(tenant, task.id());
        assertThat(stored).isEqualTo(task);
        assertThat(stored.type()).isEqualTo("type" + value);
        assertThat(stored.param()).isEqualTo("param" + value);

        Task failed = engine.fail(tenant, task.id(), "code" + value, "message" + value);
        assertThat(engine.get(tenant, task.id()).errorCode()).isEqualTo("code" + value);
        assertThat(engine.get(tenant, task.id()).errorMessage()).isEqualTo("message" + value);
        assertThat(failed.errorMessage()).isEqualTo("message" + value);

        for (Function<TaskQuery.Builder, TaskQuery.Builder> filter :
            List.<Function<TaskQuery.Builder, TaskQuery.Builder>>of(
                query -> query,
                query -> query.types("type" + value),
                query -> query.invokeIds("invoke" + value),
                query -> query.resourceIds("resource" + value),
                query -> query.resourceName("name" + value),
                query -> query.operator("operator" + value),
                query -> query.ids(task.id()))) {
          TaskQuery query = filter.apply(TaskQuery.builder(tenant)).build();
          assertThat(engine.query(query, PageRequest.first()).items())
              .extracting(Task::id)
              .as("%s in %s", query, kind)
              .containsExactly(task.id());
        }
        // The same filters with another awkward value find nothing in this tenant.
        String other = AWKWARD.get((i + 1) % AWKWARD.size());
        assertThat(
                engine
                    .query(
                        TaskQuery.builder(tenant).types("type" + other).build(),
                        PageRequest.first())
                    .items())
            .isEmpty();
        assertThat(
                engine
                    .query(
                        TaskQuery.builder(tenant).resourceName("name" + other).build(),
                        PageRequest.first())
                    .items())
            .isEmpty();
        assertThat(store.findClientToken(tenant, "token" + value)).isPresent();
        assertThat(store.findClientToken(tenant, "token" + other)).isEmpty();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(TestStores.class)
  void idsWithControlCharactersSortAsJavaStringsDo(TestStores kind) {
    List<String> ids =
        List.of("a", "a\u0000", "a\u0000\u0000", "a\u0001", "a\u0001\u0000", "a\u0002", "ab", "b");
    Iterator<String> next = ids.iterator();
    Instant sameMicro = Instant.parse("2026-01-02T03:04:05.123456Z");
    try (JdbcTaskStore store = kind.open(directory)) {
      TaskEngine engine =
          TaskEngines.builder()
              .store(store)
              .clock(Clock.fixed(sameMicro, ZoneOffset.UTC))
              .idGenerator((type, level) -> next.next())
              .build();
      for (int i = 0; i < ids.size(); i++) {
        engine.submit(TaskSpec.builder("sorting", "Sort").build());
      }
      List<String> ascending = new ArrayList<>(ids);
      ascending.sort(String::compareTo);
      assertThat(pageThrough(engine, TaskQuery.builder("sorting").order(SortOrder.OLDEST_FIRST)))
          .containsExactlyElementsOf(ascending);
      List<String> descending = new ArrayList<>(ascending);
      java.util.Collections.reverse(descending);
      assertThat(pageThrough(engine, TaskQuery.builder("sorting")))
          .containsExactlyElementsOf(descending);
    }
  }

  @ParameterizedTest
  @EnumSource(TestStores.class)
  void timestampsRoundTripToTheMicrosecond(TestStores kind) {
    List<Instant> instants =
        List.of(
            Instant.parse("1969-12-31T23:59:59.999999Z"),
            Instant.parse("1970-01-01T00:00:00Z"),
            Instant.parse("1900-02-28T12:00:00.000001Z"),
            Instant.parse("2026-11-24T14:28:56.123456Z"),
            Instant.parse("2999-12-31T23:59:59.999999Z"));
    AtomicReference<Instant> now = new AtomicReference<>();
    Clock clock =
        new Clock() {
          @Override
          public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now.get();
          }
        };
    now.set(instants.get(0));
    try (JdbcTaskStore store = kind.open(directory)) {
      TaskEngine engine = TaskEngines.builder().store(store).clock(clock).build();
      for (Instant instant : instants) {
        now.set(instant);
        Task task = engine.submit(TaskSpec.builder("times", "Tick").build());
        Task running = engine.start("times", task.id());
        Task stored = engine.get("times", task.id());
        assertThat(stored.createdAt()).isEqualTo(instant);
        assertThat(stored.startedAt()).isEqualTo(instant);
        assertThat(stored.updatedAt()).isEqualTo(instant);
        assertThat(stored).isEqualTo(running);
        assertThat(
                engine
                    .query(
                        TaskQuery.builder("times")
                            .createdBetween(instant, instant.plusNanos(1_000))
                            .build(),
                        PageRequest.first())
                    .items())
            .extracting(Task::id)
            .containsExactly(task.id());
      }
    }
  }

  private static List<String> pageThrough(TaskEngine engine, TaskQuery.Builder query) {
    List<String> ids = new ArrayList<>();
    Page<Task> page = engine.query(query.build(), PageRequest.first(3));
    page.items().forEach(task -> ids.add(task.id()));
    while (page.hasNext()) {
      page = engine.query(query.build(), PageRequest.after(page.nextToken().orElseThrow(), 3));
      page.items().forEach(task -> ids.add(task.id()));
    }
    return ids;
  }
}
