package dev.taskengine.tck;

import dev.taskengine.api.BatchSpec;
import dev.taskengine.api.ChildSpec;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TaskSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Values are data, never syntax: quotes, semicolons, wildcards, backslashes, unicode and NUL
 * characters are stored and matched exactly, and exact filters are exact (no wildcards, no case or
 * trailing-space folding).
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
}
