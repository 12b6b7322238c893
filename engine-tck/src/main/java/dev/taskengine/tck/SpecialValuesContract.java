package dev.taskengine.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskengine.api.BatchSpec;
import dev.taskengine.api.ChildSpec;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskCount;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TaskSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Values are data, never syntax: quotes, semicolons, wildcards, backslashes, unicode and NUL
 * characters are stored and matched exactly, and exact filters are exact (no wildcards, no case or
 * trailing-space folding). The largest values the limits allow (counted in characters, payloads in
 * UTF-8 bytes) are stored whole.
 */
interface SpecialValuesContract extends ContractFixture {

  List<String> SPECIAL_VALUES =
      List.of(
          "quote ' and double \" quotes",
          "it''s '' doubled",
          "semi;colon; DROP TABLE tasks; --",
          "' OR '1'='1",
          "percent 100% and _under_score",
          "%",
          "_",
          "back\\slash \\\\ and \\' and \\0 and \\n",
          "emoji 😀🚀👍🏽 and a flag 🇯🇵",
          "CJK 中文 日本語 한국어",
          "nul\u0000inside",
          "\u0000",
          "tab\tnewline\ncarriage\r",
          "$1 ?1 :name ${x} %s {0}",
          " leading and trailing spaces ",
          "combining e\u0301 and \u00e9",
          "bidi \u202e reversed \u202c",
          "\uFEFFbom and zero\u200Bwidth");

  @Test
  default void specialCharactersAreStoredExactly() {
    SoftAssertions softly = new SoftAssertions();
    for (String value : SPECIAL_VALUES) {
      Task task =
          engine()
              .submit(
                  TaskSpec.builder(tenant(), value)
                      .invokeId(value)
                      .resource(value, value)
                      .operator(value)
                      .param(value)
                      .clientToken(value)
                      .build());
      Task stored = engine().get(tenant(), task.id());
      softly.assertThat(stored).as("stored %s", value).isEqualTo(task);
      for (String field :
          List.of(
              stored.type(),
              stored.invokeId(),
              stored.resourceId(),
              stored.resourceName(),
              stored.operator(),
              stored.param())) {
        softly.assertThat(field).as("round trip of %s", value).isEqualTo(value);
      }
      engine().recordProgress(tenant(), task.id(), value);
      softly.assertThat(engine().get(tenant(), task.id()).result()).isEqualTo(value);
      engine().start(tenant(), task.id());
      softly.assertThat(engine().succeed(tenant(), task.id(), value).result()).isEqualTo(value);
      softly.assertThat(engine().get(tenant(), task.id()).result()).isEqualTo(value);
      softly
          .assertThat(
              engine()
                  .submit(
                      TaskSpec.builder(tenant(), value)
                          .invokeId(value)
                          .resource(value, value)
                          .operator(value)
                          .param(value)
                          .clientToken(value)
                          .build())
                  .id())
          .as("the client token %s finds its task", value)
          .isEqualTo(task.id());

      Task failed = engine().fail(tenant(), newSingle().id(), value, value);
      softly.assertThat(engine().get(tenant(), failed.id()).errorCode()).isEqualTo(value);
      softly.assertThat(engine().get(tenant(), failed.id()).errorMessage()).isEqualTo(value);
      softly
          .assertThat(engine().fail(tenant(), failed.id(), value, value))
          .as("the same report again")
          .isEqualTo(failed);

      Task batch =
          engine()
              .submitBatch(
                  BatchSpec.builder(tenant(), TYPE)
                      .operator(value)
                      .param(value)
                      .child(new ChildSpec(value, value, value))
                      .build());
      Task child = childrenOf(batch).get(0);
      softly.assertThat(child.resourceId()).isEqualTo(value);
      softly.assertThat(child.resourceName()).isEqualTo(value);
      softly.assertThat(child.param()).isEqualTo(value);
      softly.assertThat(child.operator()).isEqualTo(value);
    }
    softly.assertAll();
  }

  @Test
  default void exactFiltersMatchSpecialValuesAndNothingElse() {
    List<String> values = new ArrayList<>(SPECIAL_VALUES);
    // look-alikes that a LIKE pattern, a case-insensitive or a padding-insensitive match would mix
    // up
    values.addAll(
        List.of(
            "percent 100X and XunderXscore",
            "a",
            "A",
            "phone",
            "Phone",
            "phone ",
            "PHONE",
            "\\",
            "\\\\",
            "nul",
            "nul\u0000",
            "nulXinside",
            "e\u0301",
            "\u00e9"));
    List<Task> tasks = new ArrayList<>();
    for (String value : values) {
      tasks.add(
          engine()
              .submit(
                  TaskSpec.builder(tenant(), value)
                      .invokeId(value)
                      .resource(value, value)
                      .operator(value)
                      .build()));
    }
    List<Function<String, TaskQuery>> filters =
        List.of(
            v -> TaskQuery.builder(tenant()).resourceName(v).build(),
            v -> TaskQuery.builder(tenant()).operator(v).build(),
            v -> TaskQuery.builder(tenant()).resourceIds(v).build(),
            v -> TaskQuery.builder(tenant()).invokeIds(v).build(),
            v -> TaskQuery.builder(tenant()).types(v).build(),
            v ->
                TaskQuery.builder(tenant())
                    .types(v, "no-such-type")
                    .resourceName(v)
                    .operator(v)
                    .build());
    SoftAssertions softly = new SoftAssertions();
    for (int i = 0; i < values.size(); i++) {
      String value = values.get(i);
      for (Function<String, TaskQuery> filter : filters) {
        TaskQuery query = filter.apply(value);
        softly
            .assertThat(Tck.ids(Tck.readAll(engine(), query, 10)))
            .as("%s", query)
            .containsExactly(tasks.get(i).id());
      }
    }
    TaskQuery twoValues = TaskQuery.builder(tenant()).resourceIds("%", "_").build();
    softly
        .assertThat(Tck.readAll(engine(), twoValues, 10))
        .extracting(Task::resourceId)
        .containsExactlyInAnyOrder("%", "_");
    softly.assertAll();
  }

  /** Payloads of exactly 64 KiB of UTF-8, in 1-, 2-, 3- and 4-byte characters. */
  private static List<String> largestPayloads() {
    return List.of(
        "a".repeat(65_536), "é".repeat(32_768), "中".repeat(21_845) + "a", "😀".repeat(16_384));
  }

  @Test
  default void limitsAreInclusiveAndCountUtf8Bytes() {
    String t = tenant();
    String longTenant = (t + "-" + "x".repeat(256)).substring(0, 256);
    String max = "m".repeat(256);
    String token = (UUID.randomUUID() + "-" + "k".repeat(256)).substring(0, 256);
    Task single =
        engine()
            .submit(
                TaskSpec.builder(longTenant, "T".repeat(256))
                    .invokeId(max)
                    .resource("r".repeat(256), "n".repeat(256))
                    .operator("o".repeat(256))
                    .clientToken(token)
                    .build());
    assertThat(engine().get(longTenant, single.id())).isEqualTo(single);
    assertThat(single.tenant()).hasSize(256);
    assertThat(single.type()).hasSize(256);
    assertThat(single.resourceName()).hasSize(256);
    assertThat(engine().fail(longTenant, single.id(), "E".repeat(256), null).errorCode())
        .hasSize(256);
    assertThat(
            Tck.readAll(
                engine(),
                TaskQuery.builder(longTenant)
                    .resourceName("n".repeat(256))
                    .operator("o".repeat(256))
                    .build(),
                10))
        .extracting(Task::id)
        .containsExactly(single.id());

    for (String payload : largestPayloads()) {
      assertThat(payload.getBytes(StandardCharsets.UTF_8)).hasSize(65_536);
      Task task = engine().submit(TaskSpec.builder(t, TYPE).param(payload).build());
      assertThat(engine().get(t, task.id()).param()).isEqualTo(payload);
      engine().recordProgress(t, task.id(), payload);
      engine().start(t, task.id());
      assertThat(engine().succeed(t, task.id(), payload).result()).isEqualTo(payload);
      assertThat(engine().get(t, task.id()).result()).isEqualTo(payload);
      Task failed = engine().fail(t, newSingle().id(), "E", payload);
      assertThat(engine().get(t, failed.id()).errorMessage()).isEqualTo(payload);
      Task batch =
          engine()
              .submitBatch(
                  BatchSpec.builder(t, TYPE)
                      .param(payload)
                      .child(new ChildSpec("r", null, payload))
                      .build());
      assertThat(engine().get(t, batch.id()).param()).isEqualTo(payload);
      assertThat(childrenOf(batch).get(0).param()).isEqualTo(payload);
    }
    List<Task> all = allTasks(t);
    assertThat(all).hasSize(4 * 4);
  }

  @Test
  default void tenantsIdsAndClientTokensMatchOnlyExactly() {
    String id = "Exact-" + UUID.randomUUID();
    String token = "Token-" + UUID.randomUUID();
    Task task =
        engineBuilder()
            .idGenerator((type, level) -> id)
            .build()
            .submit(TaskSpec.builder(tenant(), TYPE).clientToken(token).build());
    SoftAssertions softly = new SoftAssertions();
    // a case- or padding-insensitive comparison of tenants would leak tasks between tenants
    for (String tenant :
        List.of(tenant().toUpperCase(Locale.ROOT), tenant() + " ", " " + tenant())) {
      softly.assertThat(engine().find(tenant, id)).as("tenant \"%s\"", tenant).isEmpty();
      softly
          .assertThat(engine().count(TaskQuery.all(tenant)))
          .as("tenant \"%s\"", tenant)
          .isEqualTo(new TaskCount(0, false));
      softly
          .assertThat(store().findClientToken(tenant, token))
          .as("tenant \"%s\"", tenant)
          .isEmpty();
    }
    for (String variant :
        List.of(id.toUpperCase(Locale.ROOT), id.toLowerCase(Locale.ROOT), id + " ", id + "%")) {
      softly.assertThat(engine().find(tenant(), variant)).as("id \"%s\"", variant).isEmpty();
      softly
          .assertThat(engine().count(TaskQuery.builder(tenant()).ids(variant).build()))
          .as("ids filter \"%s\"", variant)
          .isEqualTo(new TaskCount(0, false));
    }
    for (String variant : List.of(token.toLowerCase(Locale.ROOT), token + " ")) {
      softly
          .assertThat(store().findClientToken(tenant(), variant))
          .as("token \"%s\"", variant)
          .isEmpty();
      softly
          .assertThat(
              engine().submit(TaskSpec.builder(tenant(), TYPE).clientToken(variant).build()))
          .as("a task submitted with the client token \"%s\"", variant)
          .isNotEqualTo(task);
    }
    softly.assertThat(engine().get(tenant(), id)).isEqualTo(task);
    softly.assertAll();
  }
}
